// SPDX-License-Identifier: GPL-2.0
// Verdicts on real console logs recorded under QEMU (tests/fixtures/console,
// re-recorded by record.sh there): every fault is classified, never passed.
#include "console/classify.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

using namespace guardcheck::ktap;
using namespace guardcheck::console;

namespace
{

struct replay {
	reader c;
	std::vector<test> tests;
	run_outcome v;
};

replay run(const std::string &name, exit_facts how = {})
{
	std::ifstream in(std::string(FIXTURE_DIR) + "/console/" + name);
	EXPECT_TRUE(in.is_open()) << name;
	replay r;
	for (std::string line; std::getline(in, line);)
		r.c.feed(line);
	r.tests = r.c.finish_tests();
	how.bound_s = 25;
	r.v = classify(r.c, r.tests, how);
	return r;
}

TEST(qemu_console, series_kernel_passes)
{
	const replay r = run("arm64-6.19.10-pass.log");
	EXPECT_EQ(r.v.kind, outcome::finished);
	EXPECT_EQ(r.v.exit_code, 0) << r.v.cause;
	EXPECT_EQ(r.v.counts.passed, 133);
	EXPECT_EQ(r.v.counts.skipped, 3);
	EXPECT_EQ(r.tests.size(), 6u); // no liburing for arm64 here
	ASSERT_EQ(r.c.facts().size(), 2u);
	EXPECT_NE(r.c.facts()[0].find("kernel 6.19.10 arch aarch64"),
		  std::string::npos);
}

TEST(qemu_console, old_hack_kernel_fails_with_a_verdict)
{
	const replay r = run("x86_64-6.18.12-old-hack.log");
	EXPECT_EQ(r.v.kind, outcome::finished);
	EXPECT_EQ(r.v.exit_code, 1);
	EXPECT_EQ(r.v.counts.failed, 70);
	EXPECT_EQ(r.v.counts.passed, 67);
	EXPECT_EQ(r.v.counts.crashed, 0);
}

TEST(qemu_console, missing_init_is_a_panic)
{
	const replay r = run("panic-no-init.log");
	EXPECT_EQ(r.v.kind, outcome::panic);
	EXPECT_EQ(r.v.exit_code, 2);
	EXPECT_NE(r.v.cause.find("No working init found"), std::string::npos);
}

// Recorded on a loaded host before the x86 records gained no_timer_check.
TEST(qemu_console, early_boot_panic_under_tcg_is_a_panic)
{
	const replay r = run("x86_64-6.19.10-timer-panic.log");
	EXPECT_EQ(r.v.kind, outcome::panic);
	EXPECT_EQ(r.v.exit_code, 2);
	EXPECT_NE(r.v.cause.find("IO-APIC + timer doesn't work"),
		  std::string::npos)
		<< r.v.cause;
}

TEST(qemu_console, init_killed_by_a_signal_is_a_panic)
{
	const replay r = run("panic-init-segv.log");
	EXPECT_EQ(r.v.kind, outcome::panic);
	EXPECT_NE(r.v.cause.find("Attempted to kill init"), std::string::npos);
}

TEST(qemu_console, test_past_its_bound_is_crashed_not_passed)
{
	const replay r = run("test-timeout.log");
	EXPECT_EQ(r.v.kind, outcome::finished);
	EXPECT_EQ(r.v.exit_code, 2);
	EXPECT_EQ(r.v.counts.crashed, 1);
	EXPECT_NE(r.v.cause.find("hang.sleeps_forever"), std::string::npos);
}

TEST(qemu_console, guest_that_never_finishes_is_a_hang)
{
	exit_facts how;
	how.timed_out = true;
	const replay r = run("hang.log", how);
	EXPECT_EQ(r.v.kind, outcome::hang);
	EXPECT_EQ(r.v.exit_code, 2);
	EXPECT_NE(r.v.cause.find("hang.sleeps_forever"), std::string::npos);
	// The partial results are kept, the running test is crashed.
	EXPECT_GE(r.v.counts.crashed, 1);
	ASSERT_EQ(r.tests.size(), 2u);
	EXPECT_EQ(r.tests[1].name, "selftests: guard_regions: sleep_test");
	EXPECT_EQ(r.tests[1].result, status::crashed);
}

TEST(qemu_console, console_cut_off_mid_run_has_no_verdict)
{
	const replay r = run("cutoff.log");
	EXPECT_EQ(r.v.kind, outcome::died);
	EXPECT_EQ(r.v.exit_code, 2);
	EXPECT_GT(r.v.counts.passed, 0);
	EXPECT_GT(r.v.counts.crashed, 0);
}

TEST(qemu_console, truncated_copy_of_a_passing_log_is_never_passed)
{
	std::ifstream in(std::string(FIXTURE_DIR) +
			 "/console/arm64-6.19.10-pass.log");
	std::vector<std::string> lines;
	for (std::string line; std::getline(in, line);)
		lines.push_back(line);
	// Cut anywhere after the KTAP started: no sentinel, so no verdict.
	for (std::size_t cut = lines.size() / 2; cut + 4 < lines.size();
	     cut += 37) {
		reader c;
		for (std::size_t i = 0; i < cut; i++)
			c.feed(lines[i]);
		const auto tests = c.finish_tests();
		const run_outcome v = classify(c, tests, {});
		EXPECT_EQ(v.exit_code, 2) << "cut at line " << cut;
	}
}

TEST(qemu_console, emulator_that_never_started)
{
	reader c;
	exit_facts how;
	how.started = false;
	how.start_error = "cannot run qemu-system-x86_64: No such file";
	const run_outcome v = classify(c, {}, how);
	EXPECT_EQ(v.kind, outcome::no_start);
	EXPECT_EQ(v.exit_code, 2);
}

} // namespace
