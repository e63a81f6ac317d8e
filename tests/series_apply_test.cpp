// SPDX-License-Identifier: GPL-2.0
// Applying a series into a scratch copy: clean, conflicting and git-range
// cases on a tiny fake tree (tests/fixtures/series/tree) made in a temp dir,
// both as a plain extracted tree and as a git repository. Every case checks
// that the user's tree (every file, .git included, and git status) is the
// same afterwards.
#include "series/apply.h"
#include "series/command.h"
#include "series/intake.h"
#include "series/sha256.h"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using namespace guardcheck::series;

namespace
{

const fs::path fixtures = fs::path(FIXTURE_DIR) / "series";
const fs::path repo = fs::path(FIXTURE_DIR).parent_path().parent_path();
const std::vector<std::string> git_identity = {
	"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org",
	"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org"};

// The series tool make built with these tests.
fs::path series_tool_path()
{
#ifdef SERIES_TOOL
	return SERIES_TOOL;
#else
	return repo / "build/host/guardcheck-series";
#endif
}

std::string read(const fs::path &p)
{
	std::ifstream in(p);
	std::ostringstream s;
	s << in.rdbuf();
	return s.str();
}

command_result git(const fs::path &dir, std::vector<std::string> args)
{
	args.insert(args.begin(), {"git", "-C", dir.string()});
	return run_command(args, std::chrono::seconds(30), true, git_identity);
}

// sha256 of every path, mode and content under dir, and git status.
std::string checksum(const fs::path &dir)
{
	std::vector<std::string> rows;
	for (const auto &e : fs::recursive_directory_iterator(dir)) {
		std::string row = fs::relative(e.path(), dir).string() + " " +
				  std::to_string(static_cast<int>(
					  e.symlink_status().permissions()));
		if (e.is_regular_file())
			row += " " + sha256_hex(read(e.path()));
		rows.push_back(row);
	}
	std::sort(rows.begin(), rows.end());
	std::string all;
	for (const std::string &r : rows)
		all += r + "\n";
	if (fs::exists(dir / ".git"))
		all += run_command({"git", "--no-optional-locks", "-C",
				    dir.string(), "status", "--porcelain"},
				   std::chrono::seconds(30))
			       .output;
	return sha256_hex(all);
}

class series_apply : public ::testing::TestWithParam<bool>
{
protected:
	void SetUp() override
	{
		char name[] = "/tmp/guardcheck-series-XXXXXX";
		ASSERT_NE(mkdtemp(name), nullptr);
		top_ = name;
		tree_ = top_ / "linux";
		fs::copy(fixtures / "tree", tree_, fs::copy_options::recursive);
		if (GetParam()) {
			ASSERT_TRUE(
				shell("git init -q -b main && git add -A && "
				      "git commit -qm base"));
		}
		opts_.cache = (top_ / "cache").string();
		before_ = checksum(tree_);
	}
	void TearDown() override
	{
		EXPECT_EQ(checksum(tree_), before_)
			<< "the user's tree " << tree_ << " changed";
		fs::remove_all(top_);
	}
	// One shell for several setup steps (each command costs a fork).
	bool shell(const std::string &script)
	{
		const command_result r = run_command(
			{"sh", "-c", "cd \"$0\" && " + script, tree_.string()},
			std::chrono::seconds(30), true, git_identity);
		EXPECT_TRUE(r.ok) << script << ": " << r.output;
		return r.ok;
	}
	apply_result apply(const std::string &fixture)
	{
		const patch_series s =
			load((fixtures / fixture).string(), tree_.string());
		EXPECT_TRUE(s.errors.empty());
		return apply_series(s, tree_.string(), opts_);
	}
	// Nothing but finished trees in the cache.
	std::vector<std::string> cache_entries() const
	{
		std::vector<std::string> names;
		if (fs::exists(top_ / "cache/applied"))
			for (const auto &e :
			     fs::directory_iterator(top_ / "cache/applied"))
				names.push_back(e.path().filename().string());
		return names;
	}

	fs::path top_, tree_;
	apply_options opts_;
	std::string before_;
};

} // namespace

TEST_P(series_apply, clean_series_applies_and_is_reused)
{
	const apply_result r = apply("good.mbox");
	ASSERT_EQ(r.result, apply_result::state::applied) << r.error;
	const fs::path out = r.path;
	EXPECT_EQ(out.parent_path(), top_ / "cache/applied");
	EXPECT_NE(read(out / "include/linux/mm.h").find("VM_MAYBE_GUARD"),
		  std::string::npos);
	EXPECT_NE(read(out / "fs/proc/task_mmu.c").find("\"gu\","),
		  std::string::npos);
	EXPECT_NE(read(out / "mm/madvise.c").find("|= VM_MAYBE_GUARD"),
		  std::string::npos);
	EXPECT_EQ(read(out / marker_name)
			  .rfind("id=" + load((fixtures / "good.mbox").string(),
					      "")
						 .id,
				 0),
		  0U);
	if (GetParam()) {
		const command_result log = git(out, {"log", "--format=%s"});
		EXPECT_EQ(log.output,
			  "fake: set VM_MAYBE_GUARD on guard install\nfake: "
			  "show gu in smaps\nfake: define VM_MAYBE_GUARD\n"
			  "base\n");
	}
	EXPECT_EQ(cache_entries().size(), 1U);

	const apply_result again = apply("good.mbox");
	EXPECT_EQ(again.result, apply_result::state::reused);
	EXPECT_EQ(again.path, r.path);
	// Handing the applied tree on (KDIR=<applied>) does not apply twice.
	const patch_series s = load((fixtures / "good.mbox").string(), "");
	const apply_result on_applied = apply_series(s, r.path, opts_);
	EXPECT_EQ(on_applied.result, apply_result::state::reused);
	EXPECT_EQ(on_applied.path, r.path);
}

TEST_P(series_apply, conflict_names_patch_file_and_hunk_and_keeps_nothing)
{
	const apply_result r = apply("conflict.mbox");
	ASSERT_EQ(r.result, apply_result::state::conflict) << r.error;
	EXPECT_EQ(r.where.patch, 2);
	EXPECT_EQ(r.where.subject, "fake: show gu in smaps");
	EXPECT_EQ(r.where.file, "fs/proc/task_mmu.c");
	EXPECT_EQ(r.where.hunk, 2);
	const std::string text = r.where.text();
	EXPECT_NE(text.find("patch 2 \"fake: show gu in smaps\" does not "
			    "apply: file fs/proc/task_mmu.c, hunk 2"),
		  std::string::npos)
		<< text;
	EXPECT_TRUE(cache_entries().empty())
		<< "left behind: " << cache_entries().front();
}

TEST_P(series_apply, patch_for_a_file_the_tree_lacks_is_a_conflict)
{
	const std::string mbox =
		"From x Mon Sep 17 00:00:00 2001\nFrom: a <a@b>\nSubject: "
		"[PATCH] touch a missing file\n\n---\ndiff --git "
		"a/mm/none.c b/mm/none.c\n--- a/mm/none.c\n+++ b/mm/none.c\n"
		"@@ -1 +1 @@\n-a\n+b\n";
	const patch_series s = from_mbox_text(mbox, "missing-file");
	ASSERT_TRUE(s.errors.empty());
	const apply_result r = apply_series(s, tree_.string(), opts_);
	EXPECT_EQ(r.result, apply_result::state::conflict);
	EXPECT_EQ(r.where.patch, 1);
	EXPECT_TRUE(cache_entries().empty());
}

TEST_P(series_apply, encoded_series_apply_like_the_plain_one)
{
	const apply_result plain = apply("good.mbox");
	ASSERT_EQ(plain.result, apply_result::state::applied) << plain.error;
	for (const char *name :
	     {"qp.mbox", "base64.mbox", "latin1.mbox", "crlf.mbox"}) {
		SCOPED_TRACE(name);
		const apply_result r = apply(std::string("encodings/") + name);
		// CRLF mails split to the plain series' bytes: its tree again.
		ASSERT_EQ(r.result, std::string(name) == "crlf.mbox"
					    ? apply_result::state::reused
					    : apply_result::state::applied)
			<< r.error << r.where.text();
		for (const char *f : {"include/linux/mm.h",
				      "fs/proc/task_mmu.c", "mm/madvise.c"}) {
			EXPECT_EQ(read(fs::path(r.path) / f),
				  read(fs::path(plain.path) / f))
				<< f;
		}
		if (GetParam()) {
			EXPECT_EQ(
				git(r.path, {"log", "--format=%s"}).output,
				git(plain.path, {"log", "--format=%s"}).output);
		}
	}
}

TEST_P(series_apply, body_lines_reading_from_reach_the_commit)
{
	const apply_result r = apply("encodings/from-line.mbox");
	ASSERT_EQ(r.result, apply_result::state::applied) << r.error;
	if (!GetParam())
		return; // no commit message in an extracted tree
	const std::string body =
		git(r.path, {"log", "-1", "--format=%B"}).output;
	EXPECT_NE(body.find("\nFrom the start this flag"), std::string::npos)
		<< body;
	EXPECT_NE(body.find("\n>From a quoted mail"), std::string::npos);
	EXPECT_NE(body.find("\nFrom the look of it"), std::string::npos);
}

// The tool on a series it cannot use: exit 2 with the reason, and the
// tree handed over byte-identical (hashed before and after here, and again
// by TearDown); a conflict: exit 1, and the same.
TEST_P(series_apply, unusable_series_exits_2_and_leaves_the_tree_alone)
{
	const fs::path tool = series_tool_path();
	ASSERT_TRUE(fs::exists(tool)) << tool;
	auto run = [&](const std::string &series) {
		return run_command({tool.string(), "apply", "--series",
				    (fixtures / series).string(), "--tree",
				    tree_.string(), "--cache", opts_.cache,
				    "--manifest",
				    (fixtures / "fake.manifest").string()},
				   std::chrono::seconds(60));
	};
	const std::string before = checksum(tree_);
	const command_result missing = run("missing-part.mbox");
	EXPECT_EQ(missing.how, "exit 2");
	EXPECT_NE(missing.output.find("missing part(s) 2/3"), std::string::npos)
		<< missing.output;
	EXPECT_EQ(checksum(tree_), before);
	const command_result malformed = run("malformed.mbox");
	EXPECT_EQ(malformed.how, "exit 2");
	EXPECT_NE(malformed.output.find("not an mbox"), std::string::npos)
		<< malformed.output;
	EXPECT_EQ(checksum(tree_), before);
	const command_result conflicting = run("conflict.mbox");
	EXPECT_EQ(conflicting.how, "exit 1");
	EXPECT_NE(conflicting.output.find("file fs/proc/task_mmu.c, hunk 2"),
		  std::string::npos)
		<< conflicting.output;
	EXPECT_EQ(checksum(tree_), before);
	EXPECT_TRUE(cache_entries().empty());
}

// SERIES= through the driver's tree verb, the way every make target gets
// its tree: the applied copy instead of the tree, exit status passed on.
class series_script : public series_apply
{
};

TEST_P(series_script, tree_verb_hands_over_the_applied_tree)
{
#ifdef SERIES_TOOL
	const fs::path out = fs::path(SERIES_TOOL).parent_path().parent_path();
#else
	const fs::path out = repo / "build";
#endif
	auto tree_for = [&](const std::string &series) {
		// The tool's report on stderr is not what is tested here.
		return run_command(
			{"sh", "-c", "exec \"$0\" \"$@\" 2>/dev/null",
			 (out / "host" / "guardcheck").string(), "tree",
			 "--kdir", tree_.string(), "--series", series, "--out",
			 out.string(), "--manifest",
			 (fixtures / "fake.manifest").string()},
			std::chrono::seconds(60), false,
			{"GUARDCHECK_CACHE=" + opts_.cache});
	};
	const command_result plain = tree_for("");
	EXPECT_TRUE(plain.ok) << plain.how;
	EXPECT_EQ(plain.output, tree_.string() + "\n");
	const command_result good = tree_for((fixtures / "good.mbox").string());
	EXPECT_TRUE(good.ok) << good.how;
	EXPECT_EQ(fs::path(good.output).parent_path(), top_ / "cache/applied")
		<< good.output;
	EXPECT_EQ(tree_for((fixtures / "conflict.mbox").string()).how,
		  "exit 1");
	EXPECT_EQ(tree_for((fixtures / "empty.mbox").string()).how, "exit 2");
}

INSTANTIATE_TEST_SUITE_P(trees, series_apply, ::testing::Values(false, true),
			 [](const ::testing::TestParamInfo<bool> &info) {
				 return std::string(info.param ? "git"
							       : "extracted");
			 });

INSTANTIATE_TEST_SUITE_P(trees, series_script, ::testing::Values(false),
			 [](const ::testing::TestParamInfo<bool> &) {
				 return std::string("extracted");
			 });

class series_git_only : public series_apply
{
};

TEST_P(series_git_only, git_range_applies_onto_head)
{
	// The series lives on a branch of the user's repository; the tree is
	// checked out at its base. (Setup: the checksum is taken after.)
	// The cover letter and the reply are no commits: am the patches only.
	std::string patches;
	for (const patch &p :
	     load((fixtures / "good.mbox").string(), "").patches)
		patches += p.raw + "\n";
	std::ofstream(top_ / "topic.mbox") << patches;
	ASSERT_TRUE(shell("git checkout -q -b topic && git am -q '" +
			  (top_ / "topic.mbox").string() +
			  "' && git checkout -q main"));
	before_ = checksum(tree_);

	const patch_series s = load("main..topic", tree_.string());
	ASSERT_TRUE(s.errors.empty());
	EXPECT_EQ(s.kind, "git range");
	ASSERT_EQ(s.patches.size(), 3U);
	EXPECT_EQ(s.patches[2].upstream.sha,
		  "3333333333330000000000000000000000000003");
	const apply_result r = apply_series(s, tree_.string(), opts_);
	ASSERT_EQ(r.result, apply_result::state::applied) << r.error;
	EXPECT_NE(read(fs::path(r.path) / "mm/madvise.c")
			  .find("|= VM_MAYBE_GUARD"),
		  std::string::npos);

	const patch_series bad = load("main..nosuchbranch", tree_.string());
	ASSERT_FALSE(bad.errors.empty());
	EXPECT_NE(bad.errors[0].find("git format-patch"), std::string::npos);
}

TEST_P(series_git_only, uncommitted_changes_are_refused)
{
	{
		std::ofstream(tree_ / "mm/madvise.c", std::ios::app)
			<< "/* local edit */\n";
	}
	before_ = checksum(tree_);
	const apply_result r = apply("good.mbox");
	EXPECT_EQ(r.result, apply_result::state::error);
	EXPECT_NE(r.error.find("uncommitted changes"), std::string::npos)
		<< r.error;
	EXPECT_TRUE(cache_entries().empty());
}

INSTANTIATE_TEST_SUITE_P(trees, series_git_only, ::testing::Values(true),
			 [](const ::testing::TestParamInfo<bool> &) {
				 return std::string("git");
			 });

// The command's exit codes: 0 as expected, 1 a negative verdict, 2 no
// verdict. The binary is built with the unit tests (patches/patches.mk).
TEST(series_tool, exit_codes)
{
	fs::path tool = series_tool_path();
	if (const char *env = std::getenv("GUARDCHECK_SERIES_TOOL"))
		tool = env;
	ASSERT_TRUE(fs::exists(tool))
		<< tool << " is not built (make series-tool)";
	auto status = [&tool](const std::vector<std::string> &args) {
		std::vector<std::string> argv = {tool.string()};
		argv.insert(argv.end(), args.begin(), args.end());
		return run_command(argv, std::chrono::seconds(30)).how;
	};
	const std::string fake = (fixtures / "fake.manifest").string();
	const std::string dir = fixtures.string() + "/";
	EXPECT_EQ(status({"check", "--series", dir + "good.mbox", "--manifest",
			  fake}),
		  "exit 0");
	EXPECT_EQ(status({"check", "--series", dir + "lacking.mbox",
			  "--manifest", fake}),
		  "exit 1");
	EXPECT_EQ(status({"check", "--series", dir + "missing-part.mbox",
			  "--manifest", fake}),
		  "exit 2");
	EXPECT_EQ(status({"check", "--series", dir + "malformed.mbox"}),
		  "exit 2");
	EXPECT_EQ(status({"check"}), "exit 2");
	EXPECT_EQ(status({"frobnicate", "--series", dir + "good.mbox"}),
		  "exit 2");
	EXPECT_EQ(status({"apply", "--series", dir + "good.mbox"}), "exit 2");
}

// An interrupted bisect goes on with --resume: the steps that finished
// (results.json written) are read back, the cut-short one and the rest
// are booted again. The runner is a script that records each call.
TEST(series_tool, bisect_resume_keeps_finished_steps)
{
	const fs::path tool = series_tool_path();
	ASSERT_TRUE(fs::exists(tool)) << tool << " is not built";
	char name[] = "/tmp/guardcheck-resume-XXXXXX";
	ASSERT_NE(mkdtemp(name), nullptr);
	const fs::path top = name;
	fs::copy(fixtures / "tree", top / "linux", fs::copy_options::recursive);
	const fs::path calls = top / "calls";
	const fs::path runner = top / "runner";
	{
		std::ofstream r(runner);
		r << "#!/bin/sh\n"
		     "while [ $# -gt 0 ]; do [ \"$1\" = --run-dir ] && "
		     "d=$2; shift; done\n"
		     "mkdir -p \"$d\"\n"
		     "printf 'KTAP version 1\\n1..1\\nok 1 smaps\\n' "
		     ">\"$d/ktap.txt\"\n"
		     "echo '{}' >\"$d/results.json\"\n"
		     "basename \"$d\" >>'"
		  << calls.string() << "'\n";
	}
	fs::permissions(runner, fs::perms::owner_all);
	auto bisect = [&](bool resume) {
		std::vector<std::string> argv = {
			tool.string(), "bisect",
			"--series",    (fixtures / "good.mbox").string(),
			"--manifest",  (fixtures / "fake.manifest").string(),
			"--tree",      (top / "linux").string(),
			"--arch",      "x86_64",
			"--runner",    runner.string(),
			"--out",       (top / "out").string()};
		if (resume)
			argv.push_back("--resume");
		fs::remove(calls);
		const command_result r =
			run_command(argv, std::chrono::seconds(60));
		EXPECT_NE(std::string::npos, r.output.find("step-03"))
			<< r.output;
		return std::make_pair(read(calls), r.output);
	};
	EXPECT_EQ("step-00\nstep-01\nstep-02\nstep-03\n", bisect(false).first);
	fs::remove(top / "out/step-01/results.json");
	fs::remove_all(top / "out/step-03");
	const auto [again, output] = bisect(true);
	EXPECT_EQ("step-01\nstep-03\n", again);
	EXPECT_NE(std::string::npos,
		  output.find("step 2: kept from an earlier run"))
		<< output;
	const std::string all = bisect(false).first;
	EXPECT_EQ(4, std::count(all.begin(), all.end(), '\n')) << all;
	// Through the driver the steps' directory is --run-dir (RUN_DIR=):
	// its --out is the build output, O=.
	const command_result d = run_command(
		{(tool.parent_path() / "guardcheck").string(), "bisect",
		 "--series", (fixtures / "good.mbox").string(), "--manifest",
		 (fixtures / "fake.manifest").string(), "--kdir",
		 (top / "linux").string(), "--arch", "x86_64", "--runner",
		 runner.string(), "--run-dir", (top / "steps").string()},
		std::chrono::seconds(60));
	EXPECT_TRUE(fs::exists(top / "steps/step-03/results.json")) << d.output;
	fs::remove_all(top);
}
