// SPDX-License-Identifier: GPL-2.0
// The driver's exit status is what a run means: 0 PASS, 1 FAIL, 2 no
// verdict, and with --bisect-exit no verdict is 125, so that `git bisect
// run` skips a commit that cannot be judged (it does not build) instead of
// calling it bad. No kernel is built or booted: tests/fake_cell.h.
#include "fake_cell.h"

#include <gtest/gtest.h>

#include <string>

namespace
{

std::string git(const std::filesystem::path &repo, const std::string &args)
{
	return "git -C '" + repo.string() +
	       "' -c user.name=t -c user.email=t@t " + args;
}

TEST(driver_exit, pass_fail_and_no_verdict)
{
	const fake_cell w;
	const std::filesystem::path tree = w.path() / "tree";
	for (const auto &[state, rc] :
	     {std::pair{"good", 0}, {"bad", 1}, {"unbuildable", 2}}) {
		fake_cell::make_tree(tree, state);
		const std::string run = (w.path() / state).string();
		const shell_outcome r = run_in_repo(w.boot_command(tree, run));
		EXPECT_EQ(rc, r.status) << state << "\n" << r.output;
		const shell_outcome b =
			run_in_repo(w.boot_command(tree, run, "--bisect-exit"));
		EXPECT_EQ(rc == 2 ? 125 : rc, b.status) << state << "\n"
							<< b.output;
	}
	const shell_outcome bad_input =
		run_in_repo(std::string(GUARDCHECK_BIN) +
			    " boot --arch sparc --bisect-exit");
	EXPECT_EQ(125, bad_input.status) << bad_input.output;
}

TEST(driver_exit, git_bisect_run_skips_the_commit_that_does_not_build)
{
	const fake_cell w;
	const std::filesystem::path repo = w.path() / "linux";
	fake_cell::make_tree(repo, "good");
	ASSERT_EQ(0, run_in_repo(git(repo, "init -q") + " && " +
				 git(repo, "add -A") + " && " +
				 git(repo, "commit -qm c0"))
			     .status);
	// c1 good, c2 and c3 do not build, c4 good, c5 (the culprit) and c6
	// bad: bisect must step over c2 and c3 and still name c5.
	const char *states[] = {"good", "unbuildable", "unbuildable",
				"good", "bad",	       "bad"};
	for (int i = 0; i < 6; i++) {
		fake_cell::write(repo / "state", std::string(states[i]) + "\n");
		ASSERT_EQ(0, run_in_repo(
				     git(repo, "commit -qa --allow-empty -m c" +
						       std::to_string(i + 1)))
				     .status);
	}
	const shell_outcome c5 = run_in_repo(git(repo, "rev-parse HEAD~1"));
	ASSERT_EQ(0, c5.status);
	const std::string culprit = c5.output.substr(0, 40);
	const shell_outcome r =
		run_in_repo("{ " + git(repo, "bisect start HEAD HEAD~6") +
			    " >/dev/null && " + git(repo, "bisect run ") +
			    w.boot_command(repo, (w.path() / "run").string(),
					   "--bisect-exit") +
			    "; " + git(repo, "bisect log") + "; } 2>&1");
	EXPECT_NE(std::string::npos,
		  r.output.find(culprit + " is the first bad commit"))
		<< r.output;
	EXPECT_NE(std::string::npos, r.output.find("git bisect skip"))
		<< r.output;
	EXPECT_NE(std::string::npos, r.output.find("does not build"))
		<< r.output;
}

} // namespace
