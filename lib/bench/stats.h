// SPDX-License-Identifier: GPL-2.0
// Small-sample statistics for benchmark repetitions.
#ifndef GUARDCHECK_BENCH_STATS_H
#define GUARDCHECK_BENCH_STATS_H

#include <cstdint>
#include <functional>
#include <vector>

namespace guardcheck::bench
{

// All of these take at least one value (two for stddev/cv).
double median(std::vector<double> v);
// Linear interpolation between order statistics (R's type 7), q in [0, 1].
double quantile(std::vector<double> v, double q);
double mean(const std::vector<double> &v);
double stddev(const std::vector<double> &v); // sample (n - 1)
double cv(const std::vector<double> &v);     // stddev / mean

struct interval {
	double lo = 0, hi = 0;
};

// Samples grouped by the boot (round) that produced them.
using rounds = std::vector<std::vector<double>>;

// Percentile interval of statistic(medians) by a two-level bootstrap:
// medians[i] is the median of groups[i] resampled by rounds with
// replacement, then by repetitions inside each drawn round, so boot-to-boot
// variation counts as well as the variation within one boot. Groups are
// drawn independently. Deterministic for a given seed.
interval bootstrap_of_medians(
	const std::vector<const rounds *> &groups,
	const std::function<double(const std::vector<double> &)> &statistic,
	int resamples = 4000, double confidence = 0.95, std::uint64_t seed = 1);

// The interval for median(base) / median(new).
interval bootstrap_ratio_of_medians(const rounds &base, const rounds &next,
				    int resamples = 4000,
				    double confidence = 0.95,
				    std::uint64_t seed = 1);

} // namespace guardcheck::bench

#endif
