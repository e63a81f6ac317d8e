// SPDX-License-Identifier: GPL-2.0
// make validate and make verdict refuse bad input before any build: exit 2
// and a message naming the cause and the fix.
#include "scratch_dir.h"
#include "shell_run.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

namespace
{

void expect_refused(const std::string &command, const std::string &cause)
{
	const shell_outcome r = run_in_repo(command);
	EXPECT_EQ(2, r.status) << command << "\n" << r.output;
	EXPECT_NE(std::string::npos, r.output.find(cause)) << command << "\n"
							   << r.output;
}

TEST(validate, missing_tree_is_named)
{
	expect_refused("make -s validate KDIR=/nonexistent/linux ARCHES=x86_64",
		       "KDIR=/nonexistent/linux does not exist");
}

TEST(validate, unreachable_version_lists_what_can_be_had)
{
	expect_refused("make -s validate KVER=9.9.99 ARCHES=x86_64",
		       "9.9.99 is not in Debian's source index");
}

TEST(validate, bad_baseline_is_named)
{
	expect_refused("make -s validate BASE=latest ARCHES=x86_64",
		       "BASE=latest is neither a version");
	expect_refused("make -s validate BASE=/nonexistent/base ARCHES=x86_64",
		       "BASE=/nonexistent/base does not exist");
}

TEST(validate, unknown_arch_is_named)
{
	expect_refused("make -s validate ARCHES='x86_64 sparc'",
		       "ARCHES names 'sparc', which has no record");
}

TEST(verdict, needs_a_runs_directory)
{
	expect_refused("make -s verdict", "give RUNS=<dir>");
	expect_refused("make -s verdict RUNS=/nonexistent/runs",
		       "/nonexistent/runs is not a directory");
}

TEST(verdict, empty_runs_directory_is_no_verdict)
{
	const scratch_dir runs;
	const shell_outcome r = run_in_repo(
		"make -s verdict ARCHES=i386 RUNS=" + runs.path().string());
	EXPECT_EQ(2, r.status) << r.output;
	EXPECT_NE(std::string::npos,
		  r.output.find("verdict: NO VERDICT (2 cells"))
		<< r.output;
	EXPECT_NE(std::string::npos,
		  r.output.find("tree-i386/results.json is missing"));
}

// What the CI run jobs call: `guardcheck status RUN_DIR`.
TEST(run_status, reads_the_runs_own_exit_status)
{
	const scratch_dir run;
	const std::string status =
		std::string(GUARDCHECK_BIN) + " status " + run.path().string();
	EXPECT_EQ(2, run_in_repo(status).status);
	std::ofstream(run.path() / "results.json")
		<< "{\n  \"arch\": \"x86_64\",\n  \"exit_code\": 1,\n}\n";
	const shell_outcome r = run_in_repo(status);
	EXPECT_EQ(1, r.status);
	EXPECT_EQ("1\n", r.output);
}

} // namespace

TEST(qemu_run, incomplete_guest_programs_are_named)
{
	// bench-compare hands every boot one copy of the guest's programs; a
	// copy without one of them stops before the tree or a build.
	expect_refused(std::string(GUARDCHECK_BIN) +
			       " boot --arch x86_64 --guest-programs "
			       "/nonexistent/programs",
		       "GUEST_PROGRAMS=/nonexistent/programs has no "
		       "guardcheck-init");
}
