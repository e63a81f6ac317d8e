// SPDX-License-Identifier: GPL-2.0
// The comparison of two kernels and its table, on hand-made repetitions.
#include "bench/compare_report.h"
#include "bench/comparison.h"

#include <gtest/gtest.h>

#include <string>

using namespace guardcheck::bench;

namespace
{

repetition rep(const std::string &backing, long vmas, double us,
	       std::optional<double> anon_vma)
{
	repetition r;
	r.key = {"fork", backing, "guard", vmas};
	r.time_us = us;
	r.anon_vma_added = anon_vma;
	r.anon_vma_chain_added =
		anon_vma ? std::optional(*anon_vma * 2) : std::nullopt;
	return r;
}

run_results boot(double file_us, double anon_us, double file_anon_vma)
{
	run_results r;
	for (double d : {0.0, 1.0, -1.0}) {
		r.repetitions.push_back(
			rep("file_shared", 1024, file_us + d, file_anon_vma));
		r.repetitions.push_back(rep("anon", 1024, anon_us + d, 1024));
	}
	return r;
}

} // namespace

TEST(BenchCompareReport, OldHackAgainstSeries)
{
	const comparison c = compare_runs(
		{boot(300, 500, 1008), boot(302, 501, 1008)},
		{boot(200, 500, 0), boot(201, 499, 0)}, "6.18.12", "6.19.10");
	ASSERT_EQ(c.points.size(), 2u);
	EXPECT_TRUE(c.unmatched.empty());
	// Sorted by key: anon before file_shared.
	const compared_point &anon = c.points[0];
	const compared_point &file = c.points[1];
	EXPECT_EQ(anon.key.backing, "anon");
	EXPECT_FALSE(anon.significant());
	EXPECT_TRUE(file.significant());
	EXPECT_NEAR(file.ratio, 301.0 / 200.5, 0.01);
	EXPECT_LT(file.ratio_ci.lo, file.ratio);
	EXPECT_GT(file.ratio_ci.hi, file.ratio);
	EXPECT_EQ(file.base.samples, 6u);
	// Each boot spreads +-1 around its own centre, 300 or 302: the pooled
	// CV sees the boots differ, the within-boot CV does not.
	EXPECT_NEAR(file.base.cv_within_boot, (1 / 300.0 + 1 / 302.0) / 2,
		    1e-9);
	EXPECT_GT(file.base.cv, file.base.cv_within_boot);
	EXPECT_EQ(file.base.times_us.size(), 2u);
	EXPECT_DOUBLE_EQ(*file.base.anon_vma_added, 1008);
	EXPECT_DOUBLE_EQ(*file.next.anon_vma_added, 0);

	const std::string md = markdown_table(c);
	EXPECT_NE(md.find("| fork/file_shared/guard/1024 | 301.0 | "
			  "299.0-303.0 |"),
		  std::string::npos)
		<< md;
	EXPECT_NE(md.find("| +1008 / +0 | +2016 / +0 |"), std::string::npos)
		<< md;
	EXPECT_NE(md.find("6.18.12 median µs"), std::string::npos);

	const std::string data = plot_data(c, "fork");
	EXPECT_NE(data.find("1024 301 299 303 200.5 199 202"),
		  std::string::npos)
		<< data;
	const std::string gp = plot_script(c, "fork", "/out/fork-latency");
	EXPECT_NE(gp.find("set output '/out/fork-latency.png'"),
		  std::string::npos);
	EXPECT_NE(gp.find("set output '/out/fork-latency.svg'"),
		  std::string::npos);
}

TEST(BenchCompareReport, MissingCountersAndUnmatchedPoints)
{
	run_results only_old;
	only_old.repetitions.push_back(rep("shmem", 64, 10, std::nullopt));
	only_old.repetitions.push_back(rep("anon", 64, 10, std::nullopt));
	run_results only_new;
	only_new.repetitions.push_back(rep("anon", 64, 12, std::nullopt));
	const comparison c = compare_runs({only_old}, {only_new}, "a", "b");
	ASSERT_EQ(c.points.size(), 1u);
	ASSERT_EQ(c.unmatched.size(), 1u);
	EXPECT_EQ(c.unmatched[0], "fork/shmem/guard/64 (only a)");
	EXPECT_DOUBLE_EQ(c.points[0].base.cv, 0);
	const std::string md = markdown_table(c);
	EXPECT_NE(md.find("| n/a / n/a | n/a / n/a |"), std::string::npos)
		<< md;
}

namespace
{

// A boot with one backing's guard and none points at 1024 VMAs, three
// repetitions each spread by +-1 %.
run_results guard_pair_boot(const std::string &backing, double guard_us,
			    double none_us)
{
	run_results r;
	for (double d : {0.0, 0.01, -0.01})
		for (const auto &[guard, us] :
		     {std::pair{"guard", guard_us}, {"none", none_us}}) {
			repetition x;
			x.key = {"fork_wait", backing, guard, 1024};
			x.time_us = us * (1 + d);
			r.repetitions.push_back(x);
		}
	return r;
}

} // namespace

TEST(BenchCompareReport, GuardEffectCancelsWhatSlowsBothPointsAlike)
{
	// The old kernel is 10 % slower at everything; only its guarded file
	// mappings cost more on top (the anon_vma copy).
	std::vector<run_results> old_boots, new_boots;
	for (int b = 0; b < 3; b++) {
		run_results o = guard_pair_boot("anon", 121, 110);
		run_results f = guard_pair_boot("file_shared", 330, 110);
		o.repetitions.insert(o.repetitions.end(), f.repetitions.begin(),
				     f.repetitions.end());
		old_boots.push_back(o);
		run_results n = guard_pair_boot("anon", 110, 100);
		run_results g = guard_pair_boot("file_shared", 200, 100);
		n.repetitions.insert(n.repetitions.end(), g.repetitions.begin(),
				     g.repetitions.end());
		new_boots.push_back(n);
	}
	const comparison c = compare_runs(old_boots, new_boots, "old", "new");
	ASSERT_EQ(c.guard_effects.size(), 2u);
	const guard_effect &anon = c.guard_effects[0];
	const guard_effect &file = c.guard_effects[1];
	EXPECT_EQ(anon.backing, "anon");
	// The raw anon point moved by 10 %, significantly; its guard effect
	// did not.
	EXPECT_TRUE(c.points[0].significant());
	EXPECT_NEAR(anon.ratio, 1.0, 1e-9);
	EXPECT_FALSE(anon.significant());
	EXPECT_NEAR(file.base, 3.0, 1e-9);
	EXPECT_NEAR(file.next, 2.0, 1e-9);
	EXPECT_NEAR(file.ratio, 1.5, 1e-9);
	EXPECT_TRUE(file.significant());
	EXPECT_LT(file.ratio_ci.lo, 1.5);
	EXPECT_GT(file.ratio_ci.hi, 1.5);

	const std::string md = markdown_table(c);
	EXPECT_NE(md.find("| fork_wait/file_shared/1024 | 3.000 | 2.000 | "
			  "1.500 ["),
		  std::string::npos)
		<< md;
	const std::string json = comparison_json(c);
	EXPECT_NE(json.find("\"guard_effects\""), std::string::npos);
}
