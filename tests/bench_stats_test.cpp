// SPDX-License-Identifier: GPL-2.0
// Statistics of benchmark repetitions on data whose answers are known.
#include "bench/stats.h"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace guardcheck::bench;

TEST(BenchStats, MedianAndQuantiles)
{
	EXPECT_DOUBLE_EQ(median({3, 1, 2}), 2);
	EXPECT_DOUBLE_EQ(median({4, 1, 3, 2}), 2.5);
	EXPECT_DOUBLE_EQ(quantile({1, 2, 3, 4, 5}, 0.25), 2);
	EXPECT_DOUBLE_EQ(quantile({10, 20}, 0.1), 11);
	EXPECT_DOUBLE_EQ(quantile({7}, 0.9), 7);
	EXPECT_THROW(median({}), std::invalid_argument);
}

TEST(BenchStats, MeanStddevCv)
{
	const std::vector<double> v = {2, 4, 4, 4, 5, 5, 7, 9};
	EXPECT_DOUBLE_EQ(mean(v), 5);
	// Sample standard deviation: sqrt(32 / 7).
	EXPECT_NEAR(stddev(v), 2.138089935, 1e-9);
	EXPECT_NEAR(cv(v), 2.138089935 / 5, 1e-9);
	EXPECT_THROW(stddev({1}), std::invalid_argument);
}

TEST(BenchStats, BootstrapOfIdenticalKernelsIsCentredOnOne)
{
	const rounds a = {{10, 11, 9, 10}, {10, 12, 10, 9}, {11, 10, 10, 9}};
	const interval ci = bootstrap_ratio_of_medians(a, a);
	EXPECT_LE(ci.lo, 1);
	EXPECT_GE(ci.hi, 1);
	EXPECT_GT(ci.lo, 0.85);
	EXPECT_LT(ci.hi, 1.15);
}

TEST(BenchStats, BootstrapSeesAClearDifference)
{
	const rounds old_kernel = {{150, 152, 149}, {151, 150, 153}};
	const rounds new_kernel = {{100, 101, 99}, {100, 102, 100}};
	const interval ci = bootstrap_ratio_of_medians(old_kernel, new_kernel);
	EXPECT_GT(ci.lo, 1.45);
	EXPECT_LT(ci.hi, 1.56);
	// Without spread the interval collapses onto the ratio.
	const interval exact =
		bootstrap_ratio_of_medians({{6, 6}, {6}}, {{4}, {4, 4}});
	EXPECT_DOUBLE_EQ(exact.lo, 1.5);
	EXPECT_DOUBLE_EQ(exact.hi, 1.5);
}

TEST(BenchStats, BootstrapIsReproducible)
{
	const rounds a = {{1, 2, 3}, {2, 3, 4}}, b = {{2, 2, 3}, {1, 2, 2}};
	const interval x = bootstrap_ratio_of_medians(a, b);
	const interval y = bootstrap_ratio_of_medians(a, b);
	EXPECT_DOUBLE_EQ(x.lo, y.lo);
	EXPECT_DOUBLE_EQ(x.hi, y.hi);
	EXPECT_THROW(bootstrap_ratio_of_medians({}, b), std::invalid_argument);
	EXPECT_THROW(bootstrap_ratio_of_medians({{}}, b),
		     std::invalid_argument);
}
