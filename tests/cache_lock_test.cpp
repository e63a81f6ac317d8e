// SPDX-License-Identifier: GPL-2.0
// The leaf scripts' cache lock (scripts/cache-lock.sh) and the kernel
// build's heartbeat (qemu/build-progress.sh), run as the scripts run them.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "scratch_dir.h"
#include "shell_run.h"

namespace
{

std::string read_all(const std::filesystem::path &p)
{
	std::ifstream in(p);
	std::stringstream s;
	s << in.rdbuf();
	return s.str();
}

// A shell that has sourced both helpers, with say() as the scripts define it.
std::string with_helpers(const std::filesystem::path &cache,
			 const std::string &body)
{
	return "bash -c '. scripts/cache-lock.sh; . qemu/build-progress.sh; "
	       "say() { echo \"t: $*\" >&2; }; cache=" +
	       cache.string() + "; " + body + "'";
}

} // namespace

TEST(cache_lock, a_second_holder_waits_and_names_the_first)
{
	scratch_dir d;
	const std::string entry = (d.path() / "kbuild" / "x86_64-x").string();
	const std::string first = with_helpers(
		d.path(), "cache_lock 9 " + entry +
				  " \"kbuild: building 6.19.10\"; touch " +
				  entry + ".held; sleep 2; echo first-done");
	const std::string second = with_helpers(
		d.path(), "until [ -e " + entry +
				  ".held ]; do sleep 0.1; done; cache_lock 9 " +
				  entry + " second; echo second-in");
	const shell_outcome both =
		run_in_repo("(" + first + " & " + second + "; wait)");
	ASSERT_EQ(both.status, 0) << both.output;
	EXPECT_NE(both.output.find("waiting for " + entry +
				   ".lock, held by pid "),
		  std::string::npos)
		<< both.output;
	EXPECT_NE(both.output.find("(kbuild: building 6.19.10)"),
		  std::string::npos)
		<< both.output;
	// The second got the lock only after the first let go.
	EXPECT_LT(both.output.find("first-done"), both.output.find("second-in"))
		<< both.output;
	EXPECT_NE(read_all(entry + ".lock").find(" second"), std::string::npos);
}

TEST(cache_lock, a_free_lock_is_taken_without_a_word)
{
	scratch_dir d;
	const shell_outcome r = run_in_repo(with_helpers(
		d.path(), "cache_lock 9 " + (d.path() / "e").string() +
				  " alone; echo in"));
	ASSERT_EQ(r.status, 0) << r.output;
	EXPECT_EQ(r.output, "in\n");
}

TEST(build_heartbeat, beats_while_the_build_runs_and_records_its_time)
{
	scratch_dir d;
	const std::string log = (d.path() / "build.log").string();
	const std::string build =
		"bash -c \"echo \\\"  CC      mm/madvise.o\\\"; sleep 2.5; "
		"echo \\\"  LD      vmlinux\\\"\"";
	const shell_outcome r = run_in_repo(with_helpers(
		d.path(), "HEARTBEAT_SECS=1 build_with_heartbeat x86_64 " +
				  log + " " + build));
	ASSERT_EQ(r.status, 0) << r.output;
	EXPECT_NE(r.output.find("t: building: 0 min 1 s, 1 kbuild steps done"),
		  std::string::npos)
		<< r.output;
	const std::string times = read_all(d.path() / "kbuild" / "times.tsv");
	EXPECT_EQ(times.rfind("x86_64\t", 0), 0U) << times;
	EXPECT_NE(times.find("\t2\n"), std::string::npos) << times;
}

TEST(build_heartbeat, names_the_last_build_and_keeps_the_exit_status)
{
	scratch_dir d;
	std::filesystem::create_directories(d.path() / "kbuild");
	std::ofstream(d.path() / "kbuild" / "times.tsv")
		<< "arm64\t400\t3000\n";
	const std::string log = (d.path() / "build.log").string();
	const shell_outcome r = run_in_repo(with_helpers(
		d.path(),
		"HEARTBEAT_SECS=1 build_with_heartbeat arm64 " + log +
			" bash -c \"sleep 1.5; exit 3\"; echo rc=$?"));
	EXPECT_NE(r.output.find("of about 3000 (the last full arm64 build took "
				"6 min 40 s)"),
		  std::string::npos)
		<< r.output;
	EXPECT_NE(r.output.find("rc=3"), std::string::npos) << r.output;
	// A failed build is no estimate for the next one.
	EXPECT_EQ(read_all(d.path() / "kbuild" / "times.tsv"),
		  "arm64\t400\t3000\n");
}
