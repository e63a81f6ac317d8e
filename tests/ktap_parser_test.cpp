// SPDX-License-Identifier: GPL-2.0
// The tolerant KTAP parser on small hand-made inputs, one tolerance each.
#include "ktap/ktap.h"

#include <gtest/gtest.h>

using namespace guardcheck::ktap;

namespace
{

TEST(ktap_parser, plain_results_and_skip_directive)
{
	const auto tests = parse("TAP version 13\n1..3\nok 1 a\nnot ok 2 b\n"
				 "ok 3 c # SKIP no THP here\n");
	ASSERT_EQ(tests.size(), 3u);
	EXPECT_EQ(tests[0].result, status::pass);
	EXPECT_EQ(tests[1].result, status::fail);
	EXPECT_EQ(tests[2].result, status::skip);
	EXPECT_EQ(tests[2].directive, "SKIP no THP here");
	const totals t = count_cases(tests);
	EXPECT_EQ(t.passed, 1);
	EXPECT_EQ(t.failed, 1);
	EXPECT_EQ(t.skipped, 1);
}

TEST(ktap_parser, junk_and_timestamps_are_ignored)
{
	const auto tests = parse("random: crng init done\n"
				 "[    1.234567] KTAP version 1\n"
				 "[    1.3] 1..2\n"
				 "serial8250: ttyS0 at I/O 0x3f8\n"
				 "[    1.4] ok 1 first\n"
				 "\x1b[0mok 2 second\r\n");
	ASSERT_EQ(tests.size(), 2u);
	EXPECT_EQ(tests[1].name, "second");
	EXPECT_EQ(count_cases(tests).passed, 2);
}

TEST(ktap_parser, constant_prefix_before_version_is_stripped)
{
	const auto tests = parse("guest0: TAP version 13\nguest0: 1..1\n"
				 "guest0: not ok 1 only\n");
	ASSERT_EQ(tests.size(), 1u);
	EXPECT_EQ(tests[0].name, "only");
	EXPECT_EQ(tests[0].result, status::fail);
}

TEST(ktap_parser, missing_plan_is_fine)
{
	const auto tests = parse("TAP version 13\nok 1 a\nok 2 b\n");
	EXPECT_EQ(tests.size(), 2u);
	EXPECT_EQ(count_cases(tests).crashed, 0);
}

TEST(ktap_parser, hash_prefixed_nesting_counts_the_cases)
{
	const auto tests =
		parse("TAP version 13\n1..1\n"
		      "# selftests: guard_regions: smaps_test\n"
		      "# TAP version 13\n# 1..2\n"
		      "# #  RUN           smaps.anon.a ...\n"
		      "# ok 1 smaps.anon.a\n"
		      "# not ok 2 smaps.anon.b\n"
		      "not ok 1 selftests: guard_regions: smaps_test\n");
	ASSERT_EQ(tests.size(), 1u);
	ASSERT_EQ(tests[0].subtests.size(), 2u);
	EXPECT_EQ(tests[0].subtests[1].name, "smaps.anon.b");
	const totals t = count_cases(tests);
	EXPECT_EQ(t.passed, 1);
	EXPECT_EQ(t.failed, 1);
}

TEST(ktap_parser, indented_nesting_with_subtest_header)
{
	const auto tests = parse("KTAP version 1\n1..1\n"
				 "    KTAP version 1\n"
				 "    # Subtest: example\n"
				 "    1..2\n"
				 "    ok 1 x\n"
				 "    ok 2 y # SKIP\n"
				 "ok 1\n");
	ASSERT_EQ(tests.size(), 1u);
	EXPECT_EQ(tests[0].name, "example");
	EXPECT_EQ(tests[0].subtests.size(), 2u);
	EXPECT_EQ(count_cases(tests).skipped, 1);
}

TEST(ktap_parser, a_result_that_never_arrives_is_crashed)
{
	const auto tests = parse("TAP version 13\n1..3\n"
				 "#  RUN           f.first ...\nok 1 f.first\n"
				 "#  RUN           f.second ...\n");
	ASSERT_EQ(tests.size(), 3u);
	EXPECT_EQ(tests[1].name, "f.second");
	EXPECT_EQ(tests[1].result, status::crashed);
	EXPECT_EQ(tests[2].result, status::crashed);
	EXPECT_EQ(count_cases(tests).crashed, 2);
}

TEST(ktap_parser, a_nested_document_without_its_parent_result_is_crashed)
{
	const auto tests = parse("TAP version 13\n1..2\n"
				 "# TAP version 13\n# 1..1\n# ok 1 inner\n");
	// The binary's own result and the second binary never arrived.
	ASSERT_EQ(tests.size(), 2u);
	EXPECT_EQ(tests[0].result, status::crashed);
	EXPECT_EQ(tests[0].subtests.size(), 1u);
	EXPECT_EQ(tests[1].result, status::crashed);
	const totals t = count_cases(tests);
	EXPECT_EQ(t.passed, 1);
	EXPECT_EQ(t.crashed, 2);
}

TEST(ktap_parser, timeout_directive_is_crashed)
{
	const auto tests =
		parse("TAP version 13\n1..1\n"
		      "not ok 1 bin # TIMEOUT timed out after 5 s\n");
	EXPECT_EQ(tests[0].result, status::crashed);
}

TEST(ktap_parser, failed_parent_with_passing_leaves_still_counts)
{
	const auto tests = parse("TAP version 13\n1..1\n# TAP version 13\n"
				 "# 1..1\n# ok 1 a\n"
				 "not ok 1 bin # CRASHED signal 11\n");
	const totals t = count_cases(tests);
	EXPECT_EQ(t.passed, 1);
	EXPECT_EQ(t.crashed, 1);
}

TEST(ktap_parser, strip_control_keeps_tabs)
{
	EXPECT_EQ(strip_control("a\tb\r\x07\x1b[1;31mc\x1b[0m"), "a\tbc");
}

} // namespace
