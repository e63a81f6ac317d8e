// SPDX-License-Identifier: GPL-2.0
// Bad input to the host commands: exit 2 and a message naming cause and fix.
#include "scratch_dir.h"
#include "shell_run.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace
{

void write_file(const fs::path &path, const std::string &text)
{
	fs::create_directories(path.parent_path());
	std::ofstream(path) << text;
}

// The driver's tree verb, as make's targets call it.
std::string tree_verb()
{
	return std::string(GUARDCHECK_BIN) + " tree ";
}

} // namespace

TEST(tree_verb, missing_directory_is_named)
{
	const auto r = run_in_repo(tree_verb() + "--kdir /nonexistent/linux");
	EXPECT_EQ(2, r.status);
	EXPECT_NE(std::string::npos,
		  r.output.find("/nonexistent/linux does not exist"));
	EXPECT_NE(std::string::npos, r.output.find("KVER="));
	EXPECT_NE(std::string::npos, r.output.find("tree: "));
}

TEST(tree_verb, directory_that_is_not_a_tree_is_named)
{
	scratch_dir dir;
	const auto r =
		run_in_repo(tree_verb() + "--kdir " + dir.path().string());
	EXPECT_EQ(2, r.status);
	EXPECT_NE(std::string::npos,
		  r.output.find("is not a Linux source tree"));
}

TEST(tree_verb, tree_without_the_harness_is_named)
{
	scratch_dir dir;
	write_file(dir.path() / "Makefile", "VERSION = 6\nPATCHLEVEL = 19\n");
	write_file(dir.path() / "Kbuild", "");
	const auto r =
		run_in_repo(tree_verb() + "--kdir " + dir.path().string());
	EXPECT_EQ(2, r.status);
	EXPECT_NE(
		std::string::npos,
		r.output.find(
			"has no tools/testing/selftests/kselftest_harness.h"));
}

TEST(tree_verb, kdir_and_kver_together_are_refused)
{
	const auto r = run_in_repo(tree_verb() + "--kdir /tmp --kver 6.19.10");
	EXPECT_EQ(2, r.status);
	EXPECT_NE(std::string::npos, r.output.find("give one of them"));
}

TEST(tree_verb, valid_tree_is_printed_and_left_alone)
{
	scratch_dir dir;
	write_file(dir.path() / "Makefile", "VERSION = 6\n");
	write_file(dir.path() / "Kbuild", "");
	write_file(dir.path() / "tools/testing/selftests/kselftest_harness.h",
		   "");
	const auto before = fs::last_write_time(dir.path() / "Makefile");
	const auto r =
		run_in_repo(tree_verb() + "--kdir " + dir.path().string());
	EXPECT_EQ(0, r.status) << r.output;
	EXPECT_EQ(dir.path().string() + "\n", r.output);
	EXPECT_EQ(before, fs::last_write_time(dir.path() / "Makefile"));
}

TEST(kernel_src, unknown_version_lists_what_can_be_had)
{
	const auto r = run_in_repo("scripts/kernel-src.sh 9.9.99");
	ASSERT_EQ(2, r.status) << r.output;
	EXPECT_NE(std::string::npos,
		  r.output.find("9.9.99 is not in Debian's source index"));
	EXPECT_NE(std::string::npos, r.output.find("Versions listed:"));
	EXPECT_NE(std::string::npos, r.output.find("6.19."));
}

TEST(toolchain, missing_cross_compiler_is_named_with_the_fix)
{
	const auto r =
		run_in_repo("scripts/check-toolchain.sh arm64 nonexistent-");
	EXPECT_EQ(2, r.status);
	EXPECT_NE(std::string::npos, r.output.find("nonexistent-g++"));
	EXPECT_NE(std::string::npos, r.output.find("unset CROSS_COMPILE"));
}

TEST(toolchain, make_suite_stops_before_touching_a_tree)
{
	const auto r =
		run_in_repo("make -s suite ARCH=arm64 "
			    "CROSS_COMPILE=nonexistent- KDIR=/nonexistent");
	EXPECT_NE(0, r.status);
	EXPECT_NE(std::string::npos, r.output.find("nonexistent-g++"));
}

TEST(make, unsupported_arch_is_refused)
{
	const auto r = run_in_repo("make -s help ARCH=mips");
	EXPECT_EQ(2, r.status);
	EXPECT_NE(std::string::npos,
		  r.output.find("ARCH=mips is not supported"));
}

// `guardcheck VERB --help`, as `guardcheck help` tells the reader to type,
// answers for every verb it lists: exit 0 and a usage text.
TEST(driver_help, every_listed_verb_answers_help)
{
	const shell_outcome list =
		run_in_repo(std::string(GUARDCHECK_BIN) + " help");
	ASSERT_EQ(0, list.status) << list.output;
	std::istringstream lines(list.output);
	int verbs = 0;
	bool in_list = false;
	for (std::string line; std::getline(lines, line);) {
		if (line == "verbs:") {
			in_list = true;
			continue;
		}
		if (!in_list || !line.starts_with("  "))
			in_list = in_list && line.starts_with("  ");
		if (!in_list)
			continue;
		const std::string verb = line.substr(2, line.find(' ', 2) - 2);
		const shell_outcome h = run_in_repo(
			std::string(GUARDCHECK_BIN) + " " + verb + " --help");
		EXPECT_EQ(0, h.status) << verb << ":\n" << h.output;
		EXPECT_NE(h.output.find("usage"), std::string::npos)
			<< verb << ":\n"
			<< h.output;
		verbs++;
	}
	EXPECT_GE(verbs, 12) << list.output;
}
