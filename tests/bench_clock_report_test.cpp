// SPDX-License-Identifier: GPL-2.0
// The spread summary and the two-clock table, on hand-made repetitions.
#include "bench/clock_report.h"
#include "bench/compare_report.h"
#include "bench/comparison.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

using namespace guardcheck::bench;

namespace
{

// One boot: each point's three repetitions at centre * (1 +- spread).
run_results boot(double file_guard_us, double anon_us, double spread)
{
	run_results r;
	for (double d : {0.0, spread, -spread}) {
		repetition f;
		f.key = {"fork", "file_shared", "guard", 1024};
		f.time_us = file_guard_us * (1 + d);
		r.repetitions.push_back(f);
		repetition one = f; // one mapping: short, so noisy
		one.key.vmas = 1;
		one.time_us = file_guard_us / 1000 * (1 + 10 * d);
		r.repetitions.push_back(one);
		repetition n = f;
		n.key.guard = "none";
		n.time_us = anon_us * (1 + d);
		r.repetitions.push_back(n);
		repetition a = n;
		a.key.backing = "anon";
		a.key.vmas = 64; // below the CV threshold
		a.time_us = anon_us * (1 + 10 * d);
		r.repetitions.push_back(a);
	}
	return r;
}

comparison of(double old_file, double new_file, double anon_old,
	      double anon_new, double spread)
{
	return compare_runs({boot(old_file, anon_old, spread),
			     boot(old_file, anon_old, spread)},
			    {boot(new_file, anon_new, spread),
			     boot(new_file, anon_new, spread)},
			    "6.18.12", "6.19.10");
}

} // namespace

TEST(BenchClockReport, SpreadLooksOnlyAtManyMappingsAndGuardedFiles)
{
	const comparison c = of(300, 200, 100, 100, 0.01);
	const spread_summary s = summarise_spread(c);
	// The 64-VMA anon point spreads ten times more and is left out: six
	// repetitions at 0, +1 %, -1 % have a sample CV of sqrt(4e-4 / 5).
	EXPECT_NEAR(s.worst_cv, std::sqrt(4e-4 / 5), 1e-9);
	EXPECT_NE(s.worst_cv_point.find("/1024"), std::string::npos)
		<< s.worst_cv_point;
	EXPECT_EQ(s.widest_point, "fork/file_shared/guard/1024");
	EXPECT_GT(s.widest_file_guard_interval, 0);
	EXPECT_EQ(s.widest_point_any, "fork/file_shared/guard/1");
	EXPECT_GT(s.widest_file_guard_interval_any,
		  s.widest_file_guard_interval);
	const compared_point *file = nullptr;
	for (const compared_point &p : c.points)
		if (p.key.name() == s.widest_point)
			file = &p;
	ASSERT_NE(file, nullptr);
	EXPECT_DOUBLE_EQ(s.widest_file_guard_interval,
			 relative_width(file->ratio, file->ratio_ci));
	EXPECT_NE(markdown_table(c).find("Largest pooled CV at N >= 1024"),
		  std::string::npos);
}

TEST(BenchClockReport, TwoClocksSideBySideSayWhereTheyAgree)
{
	// Counted: file 1.5x faster on the new kernel, unguarded unchanged.
	// Wall: the same file difference, but the unguarded point reads
	// slower on the new kernel (host drift between boots).
	const comparison counted = of(300, 200, 100, 100, 0.001);
	comparison wall = of(330, 220, 100, 120, 0.001);
	wall.unit = "µs";
	const std::string md = clocks_table(counted, wall);
	const auto row = [&](const std::string &point) {
		const auto at = md.find("| " + point + " |");
		return at == std::string::npos
			       ? std::string()
			       : md.substr(at, md.find('\n', at) - at);
	};
	EXPECT_NE(row("fork/file_shared/guard/1024").find("| same |"),
		  std::string::npos)
		<< md;
	EXPECT_NE(row("fork/file_shared/none/1024").find("| wall only |"),
		  std::string::npos)
		<< md;
	EXPECT_NE(md.find("What a guard page costs a fork, by clock"),
		  std::string::npos);
	EXPECT_NE(md.find("| fork/file_shared/1024 | 3.000, 2.000 |"),
		  std::string::npos)
		<< md;
	EXPECT_NE(md.find("Counted: Largest pooled CV"), std::string::npos);
	EXPECT_NE(md.find("Wall: Largest pooled CV"), std::string::npos);
}
