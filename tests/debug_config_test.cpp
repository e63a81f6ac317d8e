// SPDX-License-Identifier: GPL-2.0
// DEBUG=1: the debug fragment exists with what the VMA checks need, and a
// DEBUG value that means nothing is refused before any build.
#include "shell_run.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <string>

namespace
{

TEST(debug_config, fragment_turns_on_the_vma_checks)
{
	std::ifstream in(std::string(FIXTURE_DIR) +
			 "/../../qemu/config/debug.config");
	ASSERT_TRUE(in.is_open());
	std::set<std::string> options;
	for (std::string line; std::getline(in, line);)
		if (line.rfind("CONFIG_", 0) == 0)
			options.insert(line);
	for (const char *o : {"CONFIG_DEBUG_KERNEL=y", "CONFIG_DEBUG_VM=y",
			      "CONFIG_DEBUG_VM_MAPLE_TREE=y"})
		EXPECT_TRUE(options.count(o)) << o;
}

TEST(debug_config, meaningless_debug_value_is_refused)
{
	const shell_outcome r =
		run_in_repo("make -s validate DEBUG=yes ARCHES=x86_64");
	EXPECT_EQ(2, r.status) << r.output;
	EXPECT_NE(std::string::npos, r.output.find("DEBUG=yes: give DEBUG=1"))
		<< r.output;
}

} // namespace
