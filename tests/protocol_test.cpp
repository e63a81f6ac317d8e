// SPDX-License-Identifier: GPL-2.0
// The guest-host protocol as it travels: the words and lines here are the
// ones recorded consoles and kernel command lines carry, so a change to
// protocol.h that would break old consoles shows here.
#include "bench/console_json.h"
#include "protocol/protocol.h"

#include <gtest/gtest.h>

#include <string>

using namespace guardcheck;

TEST(Protocol, ParametersAreGuardcheckWords)
{
	EXPECT_EQ(protocol::param(protocol::param_run, protocol::run_bench),
		  "guardcheck.run=bench");
	EXPECT_EQ(protocol::param(protocol::param_timeout, "240"),
		  "guardcheck.timeout=240");
	EXPECT_EQ(protocol::param(protocol::param_poweroff,
				  protocol::poweroff_reboot),
		  "guardcheck.poweroff=reboot");
}

TEST(Protocol, SentinelRoundTrips)
{
	const protocol::done_counts c{3, 1, 2, 0, 1};
	const std::string line = protocol::done_line(c);
	EXPECT_EQ(line, "GUARDCHECK-DONE passed=3 failed=1 skipped=2 crashed=0 "
			"bench_failed=1");
	const auto back = protocol::parse_done(line);
	ASSERT_TRUE(back.has_value());
	EXPECT_EQ(back->passed, 3);
	EXPECT_EQ(back->failed, 1);
	EXPECT_EQ(back->skipped, 2);
	EXPECT_EQ(back->crashed, 0);
}

TEST(Protocol, SentinelAfterKernelOutputOnTheSameLineCounts)
{
	const auto c = protocol::parse_done(
		"[   3.1] randomGUARDCHECK-DONE passed=1 failed=0 skipped=0 "
		"crashed=0");
	ASSERT_TRUE(c.has_value());
	EXPECT_EQ(c->passed, 1);
}

TEST(Protocol, TruncatedSentinelIsNone)
{
	EXPECT_FALSE(protocol::parse_done("GUARDCHECK-DONE passed=1 failed="));
	EXPECT_FALSE(protocol::parse_done("ok 1 selftests: guard_regions: x"));
}

TEST(Protocol, BenchFramesAreWhatTheHostExtracts)
{
	const std::string text =
		protocol::bench_begin_line("fork_bench") + "\n{\n}\n" +
		protocol::bench_end_line("fork_bench", 3) + "\n";
	EXPECT_EQ(protocol::bench_end_line("fork_bench", 0),
		  "GUARDCHECK-BENCH-END fork_bench rc=0");
	const auto frames = bench::extract_frames(text);
	ASSERT_EQ(frames.size(), 1U);
	EXPECT_EQ(frames[0].name, "fork_bench");
	ASSERT_TRUE(frames[0].rc.has_value());
	EXPECT_EQ(*frames[0].rc, 3);
	EXPECT_EQ(frames[0].json, "{\n}\n");
}

TEST(Protocol, ReferenceCollectionIsTold)
{
	EXPECT_TRUE(protocol::is_reference(
		std::string(protocol::reference_collection) + "guard-regions"));
	EXPECT_FALSE(protocol::is_reference(
		std::string(protocol::suite_collection) + "sticky_test"));
	EXPECT_EQ(protocol::fact("kernel 6.19.10 arch x86_64"),
		  "guardcheck: kernel 6.19.10 arch x86_64");
}
