// SPDX-License-Identifier: GPL-2.0
// UPSTREAM=: every backport patch against the commit it names, in a small
// mainline git tree made by the test.
#include "scratch_dir.h"
#include "series/upstream_diff.h"
#include "shell_run.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>

using namespace guardcheck::series;

namespace
{

std::string sh(const std::string &command)
{
	const shell_outcome r = run_in_repo(command);
	EXPECT_EQ(0, r.status) << command << "\n" << r.output;
	return r.output;
}

// Two upstream commits on a 30-line file; returns their SHAs.
std::pair<std::string, std::string> make_upstream(const std::string &git)
{
	const std::string g = "git -C " + git + " ";
	sh("git init -q " + git + " && " + g +
	   "config user.email t@example.org && " + g +
	   "config user.name t && seq 1 30 >" + git + "/mm.c && " + g +
	   "add mm.c && " + g + "commit -qm base");
	sh("sed -i 's/^5$/five/' " + git + "/mm.c && " + g +
	   "commit -qam 'mm: name five' ");
	const std::string first = sh(g + "rev-parse HEAD");
	sh("sed -i 's/^25$/twenty-five/' " + git + "/mm.c && " + g +
	   "commit -qam 'mm: name twenty-five'");
	const std::string second = sh(g + "rev-parse HEAD");
	return {first.substr(0, 40), second.substr(0, 40)};
}

// The upstream commits as a backport mbox that names them, with patch 1
// moved by 10 lines, patch 2 changed in one line, and a third patch naming
// a commit upstream does not have.
std::string backport_mbox(const std::string &git, const std::string &first,
			  const std::string &second)
{
	std::string mbox =
		sh("git -C " + git + " format-patch -q --stdout HEAD~2..HEAD");
	mbox = std::regex_replace(mbox, std::regex("\n\n---\n"),
				  "\n\n[ Upstream commit UPSTREAM ]\n---\n");
	const auto second_at = mbox.find("[ Upstream commit UPSTREAM ]");
	mbox.replace(second_at, 28, "[ Upstream commit " + first + " ]");
	const auto third_at = mbox.find("[ Upstream commit UPSTREAM ]");
	mbox.replace(third_at, 28, "[ Upstream commit " + second + " ]");
	mbox = std::regex_replace(mbox, std::regex("@@ -2,7 \\+2,7 @@"),
				  "@@ -12,7 +12,7 @@");
	mbox = std::regex_replace(mbox, std::regex("\\+twenty-five"),
				  "+twenty five");
	std::string third = mbox.substr(mbox.rfind("From "));
	third = std::regex_replace(
		third, std::regex("\\[ Upstream commit [0-9a-f]+ \\]"),
		"[ Upstream commit 1234567890ab ]");
	third = std::regex_replace(third, std::regex("\\[PATCH 2/2\\]"),
				   "[PATCH 3/3]");
	mbox = std::regex_replace(mbox, std::regex("\\[PATCH ([12])/2\\]"),
				  "[PATCH $1/3]");
	return mbox + third;
}

TEST(series_upstream, each_patch_is_compared_with_the_commit_it_names)
{
	const scratch_dir dir;
	const std::string git = (dir.path() / "linux").string();
	const auto [first, second] = make_upstream(git);
	const patch_series s =
		from_mbox_text(backport_mbox(git, first, second), "t.mbox");
	ASSERT_TRUE(s.errors.empty()) << s.errors.front();
	ASSERT_EQ(s.patches.size(), 3u);
	const auto c = compare_with_upstream(s, git);
	ASSERT_EQ(c.size(), 3u);
	EXPECT_EQ(c[0].result, likeness::same) << c[0].interdiff;
	EXPECT_EQ(c[1].result, likeness::differs);
	EXPECT_EQ(c[1].changed_lines, 2) << c[1].interdiff;
	EXPECT_NE(c[1].interdiff.find("+twenty five"), std::string::npos);
	EXPECT_EQ(c[2].result, likeness::not_upstream);
	std::vector<std::string> problems;
	const std::string text = describe_comparisons(c, problems);
	EXPECT_NE(text.find("patch 1: same diff as " + first.substr(0, 12) +
			    " (mapped by [ Upstream commit <sha> ])"),
		  std::string::npos)
		<< text;
	EXPECT_NE(text.find("patch 2: differs from " + second.substr(0, 12) +
			    " in 2 line(s): mm.c (1 of 1 hunks)"),
		  std::string::npos)
		<< text;
	// Shown as range-diff shows a pair: the diff of the two diffs.
	EXPECT_NE(text.find("\n    @@ mm.c: five\n"), std::string::npos)
		<< text;
	EXPECT_NE(text.find("\n    -+twenty-five\n    ++twenty five\n"),
		  std::string::npos)
		<< text;
	ASSERT_EQ(problems.size(), 1u);
	EXPECT_NE(problems[0].find("1234567890ab is not in the upstream tree"),
		  std::string::npos);
}

TEST(series_upstream, a_directory_that_is_not_git_is_refused)
{
	const scratch_dir dir;
	EXPECT_THROW(compare_with_upstream({}, dir.path().string()),
		     std::runtime_error);
}

TEST(series_upstream, posting_mbox_maps_by_subject_and_quilt_form_is_same)
{
	const scratch_dir dir;
	const std::string git = (dir.path() / "linux").string();
	const auto [first, second] = make_upstream(git);
	// The posting: the commits as mailed, no upstream reference.
	const std::string posting = (dir.path() / "posting.mbox").string();
	sh("git -C " + git + " format-patch -q --stdout HEAD~2..HEAD >" +
	   posting);
	// The backport: patch 1 in quilt form (no diff --git, no index), with
	// an upstream reference; patch 2 changed in one line.
	std::string mbox = backport_mbox(git, first, second);
	mbox = mbox.substr(0, mbox.rfind("From "));
	mbox = std::regex_replace(mbox, std::regex("diff --git [^\n]*\n"), "");
	mbox = std::regex_replace(mbox, std::regex("index [^\n]*\n"), "");
	mbox = std::regex_replace(mbox, std::regex("\\[PATCH ([12])/3\\]"),
				  "[PATCH $1/2]");
	const patch_series s = from_mbox_text(mbox, "backport.mbox");
	ASSERT_TRUE(s.errors.empty()) << s.errors.front();
	ASSERT_EQ(s.patches.size(), 2u);
	const auto c = compare_with_upstream(s, posting);
	ASSERT_EQ(c.size(), 2u);
	EXPECT_EQ(c[0].result, likeness::same) << c[0].interdiff;
	EXPECT_EQ(c[0].how, "subject");
	EXPECT_EQ(c[0].upstream, "[PATCH 1/2]");
	EXPECT_EQ(c[0].patch_id, c[0].upstream_id);
	EXPECT_EQ(c[1].result, likeness::differs);
	EXPECT_EQ(c[1].differing,
		  std::vector<std::string>{"mm.c (1 of 1 hunks)"});
	// A patch the posting does not have is not compared, and no problem.
	patch_series extra = s;
	extra.patches[1].tags.title = "mm: a later fix";
	const auto d = compare_with_upstream(extra, posting);
	EXPECT_EQ(d[1].result, likeness::not_posted);
	std::vector<std::string> problems;
	describe_comparisons(d, problems);
	EXPECT_TRUE(problems.empty());
}

TEST(series_upstream, range_diff_form_drops_numbers_index_and_signature)
{
	const std::string git_diff =
		"Subject: x\n\nbody\n---\n a | 1 +\n"
		"diff --git a/a b/a\nindex 1..2 100644\n"
		"--- a/a\n+++ b/a\n@@ -1,2 +1,2 @@ int f()\n"
		" x\n-y\n+z\n-- \n2.39.5\n";
	EXPECT_EQ(range_diff_form(git_diff),
		  "## a ##\n@@ a: int f()\n x\n-y\n+z\n");
	// The quilt form of the same diff, as stable-queue files are.
	const std::string quilt = "body\n---\n a | 1 +\n\n--- a/a\n+++ b/a\n"
				  "@@ -10,2 +10,2 @@ int f()\n x\n-y\n+z\n\n";
	EXPECT_EQ(range_diff_form(quilt), range_diff_form(git_diff));
	EXPECT_NE(git_form(quilt).find("diff --git a/a b/a\n--- a/a\n"),
		  std::string::npos);
}

} // namespace
