// SPDX-License-Identifier: GPL-2.0
// A fragment option that olddefconfig dropped is named, and the build stops.
#include "scratch_dir.h"
#include "shell_run.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

namespace
{

TEST(kconfig_check, dropped_and_changed_options_are_named)
{
	const scratch_dir dir;
	std::ofstream(dir.path() / "requested")
		<< "CONFIG_A=y\n# CONFIG_B is not set\nCONFIG_C=\"x\"\n"
		   "CONFIG_D=y\n";
	std::ofstream(dir.path() / "final")
		<< "CONFIG_B=y\nCONFIG_C=\"x\"\nCONFIG_D=m\n";
	const shell_outcome r = run_in_repo(
		"qemu/kconfig-check.sh " + (dir.path() / "requested").string() +
		" " + (dir.path() / "final").string());
	EXPECT_EQ(2, r.status) << r.output;
	EXPECT_NE(std::string::npos,
		  r.output.find("CONFIG_A=y was requested but the final "
				".config has it unset"));
	EXPECT_NE(std::string::npos,
		  r.output.find("CONFIG_B=n was requested but the final "
				".config has CONFIG_B=y"));
	EXPECT_NE(std::string::npos, r.output.find("has CONFIG_D=m"));
	EXPECT_EQ(std::string::npos, r.output.find("CONFIG_C"));
}

TEST(kconfig_check, survivors_pass)
{
	const scratch_dir dir;
	std::ofstream(dir.path() / "requested") << "CONFIG_A=y\n";
	std::ofstream(dir.path() / "final") << "CONFIG_Z=y\nCONFIG_A=y\n";
	const shell_outcome r = run_in_repo(
		"qemu/kconfig-check.sh " + (dir.path() / "requested").string() +
		" " + (dir.path() / "final").string());
	EXPECT_EQ(0, r.status) << r.output;
}

// On a real tree: soft-dirty is not offered on arm64, so asking for it stops
// the run before any build, naming the option.
TEST(kconfig_check, real_tree_refuses_an_option_the_arch_lacks)
{
	const shell_outcome r = run_in_repo(
		"tree=$(" + std::string(GUARDCHECK_BIN) +
		" tree --kver 6.19.10) && "
		"KCONFIG_ADD=CONFIG_MEM_SOFT_DIRTY=y qemu/kbuild.sh arm64 "
		"\"$tree\"");
	EXPECT_EQ(2, r.status) << r.output;
	EXPECT_NE(std::string::npos,
		  r.output.find("CONFIG_MEM_SOFT_DIRTY=y was requested"))
		<< r.output;
	EXPECT_NE(std::string::npos,
		  r.output.find("did not survive olddefconfig for arm64"));
}

} // namespace
