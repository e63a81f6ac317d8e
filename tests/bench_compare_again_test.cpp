// SPDX-License-Identifier: GPL-2.0
// FROM=: a finished run's consoles compared again without a boot, on the
// recorded fork_bench consoles of an old-hack kernel and a series kernel.
#include "bench/bench_compare.h"
#include "cli/options.h"
#include "scratch_dir.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;
using guardcheck::bench::compare_again;

namespace
{

const fs::path recorded = fs::path(FIXTURE_DIR) / "bench";

void boot_dir(const fs::path &run, const std::string &version)
{
	fs::create_directories(run);
	fs::copy_file(recorded / ("x86_64-" + version + "-fork_bench.log"),
		      run / "console.log");
}

std::string text_of(const fs::path &p)
{
	std::ifstream in(p);
	std::ostringstream s;
	s << in.rdbuf();
	return s.str();
}

} // namespace

TEST(bench_compare_again, one_clock_run_is_compared_from_its_consoles)
{
	scratch_dir d;
	boot_dir(d.path() / "round1-base", "6.18.12");
	boot_dir(d.path() / "round1-new", "6.19.10");
	EXPECT_EQ(compare_again(d.path().string()), 0);
	const std::string md = text_of(d.path() / "compare.md");
	EXPECT_NE(md.find("fork/file_shared/guard/1024"), std::string::npos)
		<< md;
	EXPECT_NE(md.find("Largest pooled CV at N >= 1024"), std::string::npos);
	EXPECT_FALSE(fs::exists(d.path() / "clocks.md"));
}

TEST(bench_compare_again, both_clocks_get_the_side_by_side_table)
{
	scratch_dir d;
	for (const char *clock : {"icount", "wall"}) {
		boot_dir(d.path() / clock / "round1-base", "6.18.12");
		boot_dir(d.path() / clock / "round1-new", "6.19.10");
	}
	EXPECT_EQ(compare_again(d.path().string()), 0);
	EXPECT_TRUE(fs::exists(d.path() / "icount" / "compare.md"));
	EXPECT_TRUE(fs::exists(d.path() / "wall" / "compare.md"));
	const std::string md = text_of(d.path() / "clocks.md");
	// The same consoles under both names: every clock agrees.
	EXPECT_NE(md.find("| fork/file_shared/guard/1024 |"), std::string::npos)
		<< md;
	EXPECT_EQ(md.find("OPPOSITE"), std::string::npos) << md;
}

TEST(bench_compare_again, a_directory_without_rounds_is_refused)
{
	scratch_dir d;
	EXPECT_THROW(compare_again(d.path().string()),
		     guardcheck::cli::usage_error);
	EXPECT_THROW(compare_again((d.path() / "missing").string()),
		     guardcheck::cli::usage_error);
}
