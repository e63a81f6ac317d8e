// SPDX-License-Identifier: GPL-2.0
// Kernel splats on the console: the blocks cut out of it, the test each one
// is attributed to, and how it fails that test or the cell through the run's
// files and the verdict. Consoles are the synthetic fixtures (a real console
// with splats inserted, see tests/fixtures/console/README.md) and small
// consoles written here.
#include "console/classify.h"
#include "console/splat.h"
#include "report/report.h"
#include "report/results_reader.h"
#include "scratch_dir.h"
#include "shell_run.h"
#include "verdict/judge.h"
#include "verdict/render.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace guardcheck;
using ktap::status;

namespace
{

// An x86-64 WARN as __warn() prints it, without timestamps.
const std::vector<std::string> x86_warn = {
	"------------[ cut here ]------------",
	std::string("WARNING: CPU: 0 PID: 57 at mm/madvise.c:1145 ") +
		"madvise_guard_install+0x1a/0x90",
	"Modules linked in:",
	std::string("CPU: 0 UID: 0 PID: 57 Comm: sticky_test Not tainted "
		    "6.19.10 #1 ") +
		"PREEMPT(none)",
	"Hardware name: QEMU Standard PC (i440FX + PIIX, 1996)",
	"RIP: 0010:madvise_guard_install+0x1a/0x90",
	"RSP: 0018:ffffc900001a7d70 EFLAGS: 00010246",
	"Call Trace:",
	" <TASK>",
	" do_madvise+0x10f/0x1d0",
	" do_syscall_64+0x57/0x170",
	" </TASK>",
	"---[ end trace 0000000000000000 ]---",
};

std::vector<std::string> with_task(std::vector<std::string> splat,
				   const std::string &task)
{
	for (std::string &l : splat) {
		const auto at = l.find("Comm: sticky_test");
		if (at != std::string::npos)
			l.replace(at + 6, 11, task);
	}
	return splat;
}

std::vector<console::splat> read_all(const std::vector<std::string> &lines,
				     std::vector<std::string> *passed = nullptr)
{
	console::splat_reader r;
	for (const std::string &l : lines) {
		const auto st = r.feed(l);
		if (!st.in_splat && passed)
			passed->push_back(l);
	}
	r.close();
	return r.take_closed();
}

TEST(kernel_splat, warn_runs_from_cut_here_to_end_trace)
{
	std::vector<std::string> lines = {"Run /init as init process"};
	for (const std::string &l : x86_warn)
		lines.push_back("[   41.2] " + l);
	lines.emplace_back("# ok 1 sticky.anon.a");
	std::vector<std::string> passed;
	const auto all = read_all(lines, &passed);
	ASSERT_EQ(all.size(), 1u);
	const console::splat &s = all[0];
	EXPECT_EQ(s.kind, "WARNING");
	EXPECT_EQ(s.title, x86_warn[1]); // no timestamp
	EXPECT_EQ(s.task, "sticky_test");
	EXPECT_TRUE(s.ended);
	EXPECT_FALSE(s.cut_short);
	ASSERT_EQ(s.lines.size(), x86_warn.size());
	EXPECT_EQ(s.lines.front(), "[   41.2] " + x86_warn.front());
	EXPECT_EQ(s.lines.back(), "[   41.2] " + x86_warn.back());
	EXPECT_EQ(passed, (std::vector<std::string>{"Run /init as init process",
						    "# ok 1 sticky.anon.a"}));
	EXPECT_EQ(console::splat_noun(s), "kernel WARNING");
}

TEST(kernel_splat, relayed_lines_inside_a_splat_are_handed_back)
{
	std::vector<std::string> lines = x86_warn;
	lines.insert(lines.begin() + 5, "# # selftests/sticky_test.cpp:1:x");
	lines.insert(lines.begin() + 9, "# ok 3 sticky.anon.b");
	std::vector<std::string> passed;
	const auto all = read_all(lines, &passed);
	ASSERT_EQ(all.size(), 1u);
	EXPECT_EQ(all[0].lines, x86_warn);
	EXPECT_EQ(passed,
		  (std::vector<std::string>{"# # selftests/sticky_test.cpp:1:x",
					    "# ok 3 sticky.anon.b"}));
}

TEST(kernel_splat, lockdep_report_ends_with_its_stack)
{
	const std::vector<std::string> lines = {
		"======================================================",
		"WARNING: possible circular locking dependency detected",
		"6.19.10 #1 Not tainted",
		"------------------------------------------------------",
		"sticky_test/57 is trying to acquire lock:",
		std::string(
			"ffff888002b4c3c0 (&mm->mmap_lock){++++}-{4:4}, at: ") +
			"madvise_lock+0x2a/0x90",
		"stack backtrace:",
		"CPU: 0 UID: 0 PID: 57 Comm: sticky_test Not tainted 6.19.10",
		"Call Trace:",
		" <TASK>",
		" dump_stack_lvl+0x5d/0x80",
		" </TASK>",
		"reboot: Restarting system",
	};
	const auto all = read_all(lines);
	ASSERT_EQ(all.size(), 1u);
	EXPECT_EQ(all[0].kind, "lockdep");
	EXPECT_EQ(console::splat_noun(all[0]), "lockdep report");
	EXPECT_TRUE(all[0].ended);
	// The "=====" header belongs to it, the line after the stack not.
	EXPECT_EQ(all[0].lines.front(), lines[0]);
	EXPECT_EQ(all[0].lines.back(), " </TASK>");
	EXPECT_EQ(all[0].task, "sticky_test");
}

TEST(kernel_splat, kasan_report_ends_at_its_closing_rule)
{
	const std::string rule(66, '=');
	const auto all = read_all({
		rule,
		"BUG: KASAN: slab-use-after-free in vma_merge+0x4c/0x3f0",
		std::string(
			"Read of size 8 at addr ffff888003a1c0f0 by task ") +
			"sticky_test/57",
		"CPU: 0 UID: 0 PID: 57 Comm: sticky_test Not tainted 6.19.10",
		"Call Trace:",
		" <TASK>",
		" </TASK>",
		"The buggy address belongs to the object at ffff888003a1c000",
		rule,
		"Disabling lock debugging due to kernel taint",
	});
	ASSERT_EQ(all.size(), 1u);
	EXPECT_EQ(all[0].kind, "KASAN");
	EXPECT_TRUE(all[0].ended);
	EXPECT_EQ(all[0].lines.size(), 9u);
}

TEST(kernel_splat, oops_after_bug_line_is_one_block)
{
	const auto all = read_all({
		std::string("BUG: kernel NULL pointer dereference, address: ") +
			"0000000000000008",
		"#PF: supervisor read access in kernel mode",
		"Oops: 0000 [#1] PREEMPT",
		"CPU: 0 UID: 0 PID: 57 Comm: sticky_test Not tainted 6.19.10",
		"Call Trace:",
		" <TASK>",
		" </TASK>",
		"---[ end trace 0000000000000000 ]---",
	});
	ASSERT_EQ(all.size(), 1u);
	EXPECT_EQ(all[0].kind, "Oops");
	EXPECT_TRUE(all[0].ended);
	EXPECT_EQ(all[0].lines.size(), 8u);
}

TEST(kernel_splat, splat_without_an_end_is_bounded)
{
	// arm64 style: no </TASK> either; the kernel goes on printing.
	std::vector<std::string> lines = {
		"------------[ cut here ]------------",
		std::string("WARNING: CPU: 0 PID: 57 at mm/vma.c:1312 ") +
			"vms_gather_munmap_vmas+0x2d4/0x340",
		"Call trace:",
	};
	for (int i = 0; i < 300; i++)
		lines.push_back(" frame_" + std::to_string(i) + "+0x10/0x20");
	const auto all = read_all(lines);
	ASSERT_EQ(all.size(), 1u);
	EXPECT_FALSE(all[0].ended);
	EXPECT_TRUE(all[0].cut_short);
	EXPECT_EQ(all[0].lines.size(), console::splat_reader::max_lines);
}

TEST(kernel_splat, next_cut_here_starts_a_new_block)
{
	std::vector<std::string> lines(x86_warn.begin(), x86_warn.end() - 1);
	lines.insert(lines.end(), x86_warn.begin(), x86_warn.end());
	const auto all = read_all(lines);
	ASSERT_EQ(all.size(), 2u);
	EXPECT_FALSE(all[0].ended);
	EXPECT_TRUE(all[1].ended);
}

TEST(kernel_splat, cut_here_in_the_middle_of_a_relayed_line)
{
	console::splat_reader r;
	const auto st = r.feed("# #  RUN           sticky.anon.a ...[   41.2] "
			       "------------[ cut here ]------------");
	EXPECT_TRUE(st.started);
	EXPECT_EQ(st.before, "# #  RUN           sticky.anon.a ...[   41.2] ");
	EXPECT_TRUE(r.open());
}

TEST(kernel_splat, ordinary_kernel_and_test_lines_are_no_splat)
{
	for (const char *l :
	     {"traps: init[1] general protection fault ip:804cf7b",
	      "# WARNING: CPU: 0 PID: 1 at x", "# # BUG: in the test's words",
	      "Kernel panic - not syncing: Attempted to kill init!",
	      "CPU: 0 UID: 0 PID: 1 Comm: init Not tainted 6.19.10 #1"})
		EXPECT_EQ(console::splat_kind(ktap::without_printk_time(l)), "")
			<< l;
	EXPECT_EQ(
		console::splat_kind("UBSAN: shift-out-of-bounds in mm/x.c:3:9"),
		"UBSAN");
	EXPECT_EQ(console::splat_kind("kernel BUG at mm/vma.c:100!"), "BUG");
	EXPECT_EQ(console::splat_kind("WARNING: suspicious RCU usage"),
		  "lockdep");
}

// A small console: the runner's framing around two binaries.
struct console_run {
	console::reader c;
	std::vector<ktap::test> tests;
	console::run_outcome v;
};

console_run replay(const std::vector<std::string> &lines)
{
	console_run r;
	for (const std::string &l : lines)
		r.c.feed(l);
	r.tests = r.c.finish_tests();
	r.v = console::classify(r.c, r.tests, {});
	return r;
}

std::vector<std::string> small_console(
	const std::map<std::string, std::vector<std::string>> &insert_after)
{
	const std::vector<std::string> frame = {
		"Run /init as init process",
		"TAP version 13",
		"1..2",
		"# selftests: guard_regions: sticky_test",
		"# TAP version 13",
		"# 1..3",
		"# #  RUN           sticky.anon.a ...",
		"# #            OK  sticky.anon.a",
		"# ok 1 sticky.anon.a",
		"# #  RUN           sticky.anon.b ...",
		"# #            OK  sticky.anon.b",
		"# ok 2 sticky.anon.b",
		"# #  RUN           sticky.anon.c ...",
		"# ok 3 sticky.anon.c # SKIP no THP",
		"# # Totals: pass:2 fail:0 xfail:0 xpass:0 skip:1 error:0",
		"ok 1 selftests: guard_regions: sticky_test",
		"# selftests: guard_regions: fork_test",
		"# TAP version 13",
		"# 1..1",
		"# #  RUN           fork.anon.d ...",
		"# ok 1 fork.anon.d",
		"ok 2 selftests: guard_regions: fork_test",
		std::string("GUARDCHECK-DONE passed=3 failed=0 skipped=1 "
			    "crashed=0 ") +
			"bench_failed=0",
		"reboot: Restarting system",
	};
	std::vector<std::string> out;
	for (const std::string &l : frame) {
		if (insert_after.count("^" + l))
			for (const std::string &s : insert_after.at("^" + l))
				out.push_back(s);
		out.push_back(l);
		if (insert_after.count(l))
			for (const std::string &s : insert_after.at(l))
				out.push_back(s);
	}
	return out;
}

const ktap::test &case_named(const std::vector<ktap::test> &tests,
			     const std::string &name)
{
	for (const ktap::test &bin : tests)
		for (const ktap::test &t : bin.subtests)
			if (t.name == name)
				return t;
	static const ktap::test none;
	ADD_FAILURE() << "no case " << name;
	return none;
}

TEST(kernel_splat_console, clean_console_has_no_splat)
{
	const console_run r = replay(small_console({}));
	EXPECT_EQ(r.v.exit_code, 0) << r.v.cause;
	EXPECT_TRUE(r.c.outside_splats().empty());
	EXPECT_EQ(r.v.counts.passed, 3);
}

TEST(kernel_splat_console, splat_while_a_case_runs_fails_that_case)
{
	const console_run r = replay(small_console(
		{{"# #  RUN           sticky.anon.b ...", x86_warn}}));
	EXPECT_EQ(r.v.kind, console::outcome::finished);
	EXPECT_EQ(r.v.exit_code, 1) << r.v.cause;
	EXPECT_EQ(r.v.counts.passed, 2);
	EXPECT_EQ(r.v.counts.failed, 1);
	EXPECT_NE(r.v.cause.find("1 of them only for a kernel splat"),
		  std::string::npos)
		<< r.v.cause;
	const ktap::test &b = case_named(r.tests, "sticky.anon.b");
	EXPECT_EQ(b.result, status::fail);
	EXPECT_EQ(b.directive,
		  "kernel WARNING during the test: " + x86_warn[1]);
	EXPECT_EQ(b.kernel_warnings, x86_warn);
	EXPECT_EQ(case_named(r.tests, "sticky.anon.a").result, status::pass);
	EXPECT_TRUE(
		case_named(r.tests, "sticky.anon.a").kernel_warnings.empty());
	EXPECT_EQ(r.tests[0].result, status::fail); // its binary
	EXPECT_EQ(r.tests[1].result, status::pass);
}

TEST(kernel_splat_console, splat_in_a_skipped_case_fails_it)
{
	const console_run r = replay(small_console(
		{{"# #  RUN           sticky.anon.c ...", x86_warn}}));
	const ktap::test &c = case_named(r.tests, "sticky.anon.c");
	EXPECT_EQ(c.result, status::fail);
	EXPECT_NE(c.directive.find("(it had skipped: SKIP no THP)"),
		  std::string::npos)
		<< c.directive;
	EXPECT_EQ(r.v.exit_code, 1) << r.v.cause;
	EXPECT_EQ(r.v.counts.skipped, 0);
}

TEST(kernel_splat_console, splat_of_the_binary_just_before_a_run_line)
{
	// The kernel prints at once, the runner relays RUN a little later.
	const console_run r = replay(small_console(
		{{"^# #  RUN           sticky.anon.b ...", x86_warn}}));
	const ktap::test &b = case_named(r.tests, "sticky.anon.b");
	EXPECT_EQ(b.result, status::fail);
	EXPECT_NE(b.directive.find("printed just before its RUN line"),
		  std::string::npos)
		<< b.directive;
	EXPECT_TRUE(r.c.outside_splats().empty());
	EXPECT_EQ(case_named(r.tests, "sticky.anon.a").result, status::pass);
}

TEST(kernel_splat_console, splat_of_another_task_between_cases_is_the_cells)
{
	const console_run r =
		replay(small_console({{"^# #  RUN           sticky.anon.b ...",
				       with_task(x86_warn, "kworker/0:1")}}));
	EXPECT_EQ(case_named(r.tests, "sticky.anon.b").result, status::pass);
	ASSERT_EQ(r.c.outside_splats().size(), 1u);
	EXPECT_EQ(r.c.outside_splats()[0].where,
		  "in selftests: guard_regions: sticky_test, outside its test "
		  "cases, after sticky.anon.a and before sticky.anon.b (task "
		  "kworker/0:1)");
	EXPECT_EQ(r.v.exit_code, 1) << r.v.cause;
	EXPECT_EQ(r.v.counts.failed, 0);
	EXPECT_NE(r.v.cause.find("1 kernel splat(s) outside every test"),
		  std::string::npos)
		<< r.v.cause;
}

TEST(kernel_splat_console, splats_outside_binaries_say_where)
{
	const console_run r = replay(small_console({
		{"Run /init as init process", x86_warn},
		{"ok 1 selftests: guard_regions: sticky_test", x86_warn},
		{"ok 2 selftests: guard_regions: fork_test", x86_warn},
		{"reboot: Restarting system", x86_warn},
	}));
	const auto &out = r.c.outside_splats();
	ASSERT_EQ(out.size(), 4u);
	EXPECT_EQ(out[0].where,
		  "during boot, before the suite started (task sticky_test)");
	EXPECT_EQ(out[1].where,
		  "between test binaries, after selftests: guard_regions: "
		  "sticky_test and before selftests: guard_regions: fork_test "
		  "(task sticky_test)");
	EXPECT_EQ(out[2].where, "after the last test binary, selftests: "
				"guard_regions: fork_test (task sticky_test)");
	EXPECT_EQ(out[3].where, "after the suite finished (task sticky_test)");
	EXPECT_EQ(r.v.exit_code, 1);
	EXPECT_EQ(r.v.counts.passed, 3);
}

TEST(kernel_splat_console, oops_the_guest_lives_through_is_the_tests)
{
	const std::vector<std::string> oops = {
		std::string("BUG: kernel NULL pointer dereference, address: ") +
			"0000000000000008",
		"Oops: 0000 [#1] PREEMPT",
		"CPU: 0 UID: 0 PID: 58 Comm: fork_test Not tainted 6.19.10",
		"---[ end trace 0000000000000000 ]---",
	};
	const console_run r = replay(
		small_console({{"# #  RUN           fork.anon.d ...", oops}}));
	EXPECT_EQ(r.v.kind, console::outcome::finished);
	EXPECT_EQ(r.v.exit_code, 1) << r.v.cause;
	const ktap::test &d = case_named(r.tests, "fork.anon.d");
	EXPECT_EQ(d.result, status::fail);
	EXPECT_EQ(d.directive, "kernel Oops during the test: " + oops[0]);

	// The same Oops and the console stops: no verdict, as before.
	std::vector<std::string> cut = small_console({});
	cut.resize(20);
	cut.insert(cut.end(), oops.begin(), oops.end());
	const console_run dead = replay(cut);
	EXPECT_EQ(dead.v.kind, console::outcome::oops);
	EXPECT_EQ(dead.v.exit_code, 2);
}

// The synthetic fixtures: a real passing console with splats inserted.
struct fixture_run {
	console::reader c;
	report::run r;
};

std::unique_ptr<fixture_run> from_fixture(const std::string &name)
{
	auto f = std::make_unique<fixture_run>();
	std::ifstream in(std::string(FIXTURE_DIR) + "/console/" + name);
	EXPECT_TRUE(in.is_open()) << name;
	for (std::string line; std::getline(in, line);)
		f->c.feed(line);
	f->r.arch = "x86_64";
	f->r.facts = f->c.facts();
	f->r.tests = f->c.finish_tests();
	f->r.kernel_warnings = f->c.outside_splats();
	f->r.outcome = console::classify(f->c, f->r.tests, {});
	return f;
}

// Every leaf's status by name.
std::map<std::string, status> statuses(const std::vector<ktap::test> &tests)
{
	std::map<std::string, status> out;
	for (const ktap::test &bin : tests) {
		out[bin.name] = bin.result;
		for (const ktap::test &t : bin.subtests)
			out[t.name] = t.result;
	}
	return out;
}

const char *pass_log = "arm64-6.19.10-pass.log";
const std::string warned = "sticky.anon.mremap_move_keeps_gu";
const std::string warned_title = "WARNING: CPU: 0 PID: 57 at "
				 "include/linux/mm.h:856 "
				 "madvise_guard_install+0x1a/0x90";

TEST(kernel_splat_fixture, recorded_consoles_without_splats_are_unchanged)
{
	for (const char *name :
	     {"arm64-6.19.10-pass.log", "x86_64-6.18.12-old-hack.log",
	      "test-timeout.log", "panic-init-segv.log", "panic-no-init.log",
	      "cutoff.log", "hang.log", "x86_64-6.19.10-timer-panic.log"}) {
		const auto f = from_fixture(name);
		EXPECT_TRUE(f->c.outside_splats().empty()) << name;
		const ktap::totals &s = f->c.failed_by_splat();
		EXPECT_EQ(s.passed + s.skipped, 0) << name;
	}
	const auto pass = from_fixture(pass_log);
	EXPECT_EQ(pass->r.outcome.exit_code, 0);
	EXPECT_EQ(pass->r.outcome.counts.passed, 133);
	EXPECT_EQ(pass->r.outcome.counts.skipped, 3);
	const auto old = from_fixture("x86_64-6.18.12-old-hack.log");
	EXPECT_EQ(old->r.outcome.counts.failed, 70);
	EXPECT_EQ(old->r.outcome.counts.passed, 67);
}

TEST(kernel_splat_fixture, warn_in_a_test_fails_that_test_only)
{
	const auto f = from_fixture("synthetic-warn-in-test.log");
	const auto base = from_fixture(pass_log);
	EXPECT_EQ(f->r.outcome.kind, console::outcome::finished);
	EXPECT_EQ(f->r.outcome.exit_code, 1) << f->r.outcome.cause;
	EXPECT_EQ(f->r.outcome.counts.passed, 132);
	EXPECT_EQ(f->r.outcome.counts.failed, 1);
	EXPECT_EQ(f->r.outcome.counts.skipped, 3);
	EXPECT_TRUE(f->c.outside_splats().empty());
	const ktap::test &t = case_named(f->r.tests, warned);
	EXPECT_EQ(t.result, status::fail);
	EXPECT_EQ(t.directive,
		  "kernel WARNING during the test: " + warned_title);
	ASSERT_EQ(t.kernel_warnings.size(), 34u); // 35 lines, 1 relayed
	EXPECT_EQ(t.kernel_warnings.front(),
		  "[   41.208337] ------------[ cut here ]------------");
	EXPECT_EQ(t.kernel_warnings.back(),
		  "[   41.222120] ---[ end trace 0000000000000000 ]---");
	// The test's own line relayed in the middle stays the test's log.
	EXPECT_NE(std::find(t.log.begin(), t.log.end(),
			    "selftests/sticky_test.cpp:88:mremap_move_keeps_gu:"
			    "moving 5 pages"),
		  t.log.end());
	std::map<std::string, status> want = statuses(base->r.tests);
	want[warned] = status::fail;
	want["selftests: guard_regions: sticky_test"] = status::fail;
	EXPECT_EQ(statuses(f->r.tests), want);
}

TEST(kernel_splat_fixture, warn_between_tests_fails_the_cell)
{
	const auto f = from_fixture("synthetic-warn-between-tests.log");
	const auto base = from_fixture(pass_log);
	EXPECT_EQ(f->r.outcome.kind, console::outcome::finished);
	EXPECT_EQ(f->r.outcome.exit_code, 1) << f->r.outcome.cause;
	EXPECT_EQ(f->r.outcome.counts.passed, 133);
	EXPECT_EQ(f->r.outcome.counts.failed, 0);
	EXPECT_EQ(statuses(f->r.tests), statuses(base->r.tests));
	ASSERT_EQ(f->c.outside_splats().size(), 1u);
	const console::splat &s = f->c.outside_splats()[0];
	EXPECT_EQ(s.task, "khugepaged");
	EXPECT_EQ(s.where, "between test binaries, after selftests: "
			   "guard_regions: fork_test and before selftests: "
			   "guard_regions: smaps_test (task khugepaged)");
	EXPECT_EQ(s.lines.size(), 25u);
	EXPECT_NE(f->r.outcome.cause.find("kernel splat(s) outside every test"),
		  std::string::npos);
}

TEST(kernel_splat_fixture, warn_without_an_end_marker_still_fails_its_test)
{
	const auto f = from_fixture("synthetic-warn-no-end.log");
	EXPECT_EQ(f->r.outcome.exit_code, 1) << f->r.outcome.cause;
	EXPECT_EQ(f->r.outcome.counts.failed, 1);
	const ktap::test &t = case_named(
		f->r.tests, "sticky.anon.mremap_expand_keeps_markers");
	EXPECT_EQ(t.result, status::fail);
	ASSERT_EQ(t.kernel_warnings.size(), 19u);
	EXPECT_EQ(t.kernel_warnings.back(), " </TASK>");
	EXPECT_EQ(case_named(f->r.tests, "sticky.anon.mremap_move_keeps_gu")
			  .result,
		  status::pass);
}

std::string read_text(const fs::path &p)
{
	std::ifstream in(p);
	std::stringstream s;
	s << in.rdbuf();
	return s.str();
}

TEST(kernel_splat_fixture, run_files_carry_the_splat_lines)
{
	// Both splats in one console: the in-test one and the cell's.
	auto f = from_fixture("synthetic-warn-in-test.log");
	const auto between = from_fixture("synthetic-warn-between-tests.log");
	f->r.kernel_warnings = between->r.kernel_warnings;
	const scratch_dir dir;
	report::write_all(dir.path(), f->r);

	const report::run back =
		report::read_results(dir.path() / "results.json");
	EXPECT_EQ(statuses(back.tests), statuses(f->r.tests));
	EXPECT_EQ(case_named(back.tests, warned).kernel_warnings,
		  case_named(f->r.tests, warned).kernel_warnings);
	ASSERT_EQ(back.kernel_warnings.size(), 1u);
	EXPECT_EQ(back.kernel_warnings[0].lines,
		  between->r.kernel_warnings[0].lines);
	EXPECT_EQ(back.kernel_warnings[0].where,
		  between->r.kernel_warnings[0].where);
	EXPECT_EQ(back.kernel_warnings[0].title,
		  "WARNING: CPU: 0 PID: 23 at mm/khugepaged.c:1548 "
		  "collapse_pte_mapped_thp+0x3c4/0x5e0");

	const std::string junit = (dir.path() / "junit.xml").string();
	shell_outcome x = run_in_repo("xmllint --noout " + junit);
	EXPECT_EQ(x.status, 0) << x.output;
	x = run_in_repo("xmllint --xpath 'string(//testcase[@name=\"" + warned +
			"\"]/failure)' " + junit);
	EXPECT_EQ(x.status, 0) << x.output;
	EXPECT_NE(x.output.find("madvise_guard_install+0x1a/0x90"),
		  std::string::npos)
		<< x.output;
	EXPECT_NE(x.output.find("---[ end trace 0000000000000000 ]---"),
		  std::string::npos);
	x = run_in_repo("xmllint --xpath 'string(//testcase[@name=\"kernel "
			"splats outside every test\"]/failure)' " +
			junit);
	EXPECT_NE(x.output.find("collapse_pte_mapped_thp+0x3c4/0x5e0"),
		  std::string::npos)
		<< x.output;
	x = run_in_repo("xmllint --xpath 'string(/testsuites/@failures)' " +
			junit);
	EXPECT_EQ(x.output.substr(0, 2), "2\n") << x.output;

	const std::string md = read_text(dir.path() / "summary.md");
	EXPECT_NE(md.find("## Kernel warnings"), std::string::npos);
	EXPECT_NE(md.find("madvise_guard_install+0x1a/0x90"),
		  std::string::npos);
	EXPECT_NE(md.find("outside every test: between test binaries"),
		  std::string::npos);
}

verdict::cell_input as_tree(report::run r)
{
	verdict::cell_input in;
	in.who = verdict::role::tree;
	in.arch = r.arch;
	in.run = std::move(r);
	return in;
}

TEST(kernel_splat_fixture, verdict_sees_the_splats)
{
	const verdict::expectations e = verdict::load_expectations(
		fs::path(FIXTURE_DIR).parent_path().parent_path() /
		"selftests/expectations.tsv");
	const auto clean = from_fixture(pass_log);
	const verdict::matrix before = verdict::judge({as_tree(clean->r)}, e);
	for (const std::string &d : before.disagreements)
		EXPECT_EQ(d.find(warned), std::string::npos) << d;

	auto f = from_fixture("synthetic-warn-in-test.log");
	const auto between = from_fixture("synthetic-warn-between-tests.log");
	f->r.kernel_warnings = between->r.kernel_warnings;
	const verdict::matrix m = verdict::judge({as_tree(f->r)}, e);
	EXPECT_EQ(m.result, verdict::overall::fail);
	const std::string in_test =
		"x86_64, tree 6.19.10: " + warned +
		" expected pass (series), got fail (kernel WARNING during the "
		"test: " +
		warned_title + ")";
	const std::string outside =
		"x86_64, tree 6.19.10: kernel WARNING outside every test, "
		"between test binaries, after selftests: guard_regions: "
		"fork_test and before selftests: guard_regions: smaps_test "
		"(task khugepaged): WARNING: CPU: 0 PID: 23 at "
		"mm/khugepaged.c:1548 collapse_pte_mapped_thp+0x3c4/0x5e0";
	EXPECT_NE(std::find(m.disagreements.begin(), m.disagreements.end(),
			    in_test),
		  m.disagreements.end());
	EXPECT_NE(std::find(m.disagreements.begin(), m.disagreements.end(),
			    outside),
		  m.disagreements.end());
	EXPECT_EQ(m.disagreements.size(), before.disagreements.size() + 2);

	// The drill-down shows the splat in the check's own row.
	const std::string html = verdict::report_html(m, {});
	const auto check =
		html.find("<code>sticky.mremap_move_keeps_gu</code>");
	ASSERT_NE(check, std::string::npos);
	const auto next = html.find("<details><summary><code>", check);
	const std::string row = html.substr(check, next - check);
	EXPECT_NE(row.find("<pre class=\"splat\">"), std::string::npos);
	EXPECT_NE(row.find("madvise_guard_install+0x1a/0x90"),
		  std::string::npos);
	EXPECT_NE(html.find("Kernel splats outside every test"),
		  std::string::npos);
	EXPECT_NE(html.find("khugepaged_scan_mm_slot+0x62b/0x8a0"),
		  std::string::npos);

	const std::string junit = verdict::junit_xml(m);
	EXPECT_NE(junit.find("got FAIL: kernel WARNING during the test: " +
			     warned_title),
		  std::string::npos);
	EXPECT_NE(
		junit.find("[   41.216372]  madvise_vma_behavior+0x2c1/0x6b0"),
		std::string::npos);
	EXPECT_NE(verdict::summary_md(m, {}).find(
			  "1 kernel splat(s) outside every test"),
		  std::string::npos);
}

TEST(kernel_splat_fixture, splat_disagrees_even_where_failure_is_expected)
{
	verdict::case_result c;
	c.actual = status::fail;
	c.expected_pass = false;
	EXPECT_TRUE(c.agrees());
	c.kernel_warnings = {"WARNING: CPU: 0 PID: 57 at mm/vma.c:1 x+0x1/0x2"};
	EXPECT_FALSE(c.agrees());
}

} // namespace

// A real console: the p2-atomic-mask-empty mutant's WARN_ON_ONCEs, each in
// the test whose guard install (or collapse) hit it. Recorded twice: with
// the kernel printing on the console between the relayed lines, and with
// the guest relaying /dev/kmsg while the console is quiet.
class real_mutant_warn : public ::testing::TestWithParam<const char *>
{
};

INSTANTIATE_TEST_SUITE_P(
	consoles, real_mutant_warn,
	::testing::Values("x86_64-6.19.10-mutant-atomic-mask-warn.log",
			  "x86_64-6.19.10-kmsg-mutant-atomic-mask-warn.log"));

TEST_P(real_mutant_warn, fails_the_tests_that_hit_it)
{
	const auto f = from_fixture(GetParam());
	EXPECT_EQ(f->r.outcome.kind, console::outcome::finished);
	EXPECT_EQ(f->r.outcome.exit_code, 1);
	EXPECT_TRUE(f->c.outside_splats().empty());
	const std::pair<const char *, const char *> hits[] = {
		{"anon_vma.shmem.fork_of_guarded_mappings_allocates_none",
		 "anon_vma_test/21"},
		{"collapse.shmem.guarded_range_fails_and_keeps_markers",
		 "collapse_test/48"}};
	for (const auto &[name, task] : hits) {
		const ktap::test &t = case_named(f->r.tests, name);
		EXPECT_EQ(t.result, status::fail) << name;
		EXPECT_EQ(t.directive.rfind("kernel WARNING during the test: "
					    "WARNING: include/linux/mm.h:995",
					    0),
			  0U)
			<< t.directive;
		EXPECT_NE(t.directive.find(task), std::string::npos);
		ASSERT_FALSE(t.kernel_warnings.empty()) << name;
		EXPECT_EQ(t.kernel_warnings.front(),
			  "------------[ cut here ]------------");
		EXPECT_EQ(t.kernel_warnings.back(),
			  "---[ end trace 0000000000000000 ]---");
	}
	// The verdict names the splat beside the check and shows its lines.
	verdict::cell_input in;
	in.who = verdict::role::tree;
	in.arch = "x86_64";
	in.run = f->r;
	const verdict::matrix m = verdict::judge(
		{in}, verdict::load_expectations(
			      std::string(FIXTURE_DIR) +
			      "/../../selftests/expectations.tsv"));
	EXPECT_EQ(m.result, verdict::overall::fail);
	const std::string html = verdict::report_html(m, {});
	EXPECT_NE(html.find("include/linux/mm.h:995"), std::string::npos);
	EXPECT_NE(html.find("anon_vma.shmem.fork_of_guarded_mappings_allocates_"
			    "none"),
		  std::string::npos);
}
