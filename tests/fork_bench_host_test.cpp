// SPDX-License-Identifier: GPL-2.0
// fork_bench as built for this host (make benchmarks ARCH=x86_64): what it
// prints with the guest's flags, and how it refuses a flag it does not know.
#include "bench/results.h"
#include "shell_run.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <unistd.h>

using namespace guardcheck::bench;

namespace
{

bool built()
{
	return std::filesystem::exists(FORK_BENCH_HOST);
}

constexpr const char *not_built =
	FORK_BENCH_HOST " is not built (make benchmarks ARCH=x86_64 "
			"CROSS_COMPILE=; make check builds it first)";

} // namespace

TEST(ForkBenchHost, HeldReportIsOneDocumentWithHowItWasTimed)
{
	if (!built())
		GTEST_SKIP() << not_built;
	// stderr apart: without root fork_bench explains the missing counters
	// there, and the document must stay parseable.
	const shell_outcome o = run_in_repo(
		"(" FORK_BENCH_HOST " --hold_report --benchmark_format=json "
		"--benchmark_repetitions=2 "
		"--benchmark_filter='^fork_wait/(anon|file_shared)/guard/1024/"
		"' "
		"2>/dev/null)");
	ASSERT_EQ(o.status, 0) << o.output;
	const run_results r = parse_results(o.output);
	EXPECT_TRUE(r.errors.empty());
	ASSERT_EQ(r.repetitions.size(), 4u); // 2 points x 2 repetitions
	for (const repetition &rep : r.repetitions) {
		EXPECT_EQ(rep.vmas_seen, 1024) << rep.key.name();
		EXPECT_GT(rep.time_us, 0) << rep.key.name();
	}
	ASSERT_TRUE(r.context.contains("parent_priority"));
	const std::string &priority = r.context.at("parent_priority");
	if (geteuid() == 0)
		EXPECT_EQ(priority.rfind("SCHED_FIFO", 0), 0u) << priority;
	else
		EXPECT_NE(priority.find("SCHED_OTHER"), std::string::npos)
			<< priority;
}

TEST(ForkBenchHost, MisspelledFlagIsRefusedBeforeAnyBenchmark)
{
	if (!built())
		GTEST_SKIP() << not_built;
	const shell_outcome o = run_in_repo(FORK_BENCH_HOST " --hold-report");
	EXPECT_EQ(o.status, 1);
	EXPECT_NE(o.output.find("--hold-report"), std::string::npos)
		<< o.output;
	EXPECT_EQ(o.output.find("fork_wait/"), std::string::npos) << o.output;
}
