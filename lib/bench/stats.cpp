// SPDX-License-Identifier: GPL-2.0
#include "bench/stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>

namespace guardcheck::bench
{

namespace
{

void need(const std::vector<double> &v, std::size_t n, const char *what)
{
	if (v.size() < n)
		throw std::invalid_argument(std::string(what) + " needs " +
					    std::to_string(n) + " value(s)");
}

std::vector<double> resample(const rounds &groups, std::mt19937_64 &rng)
{
	std::vector<double> out;
	std::uniform_int_distribution<std::size_t> pick_round(0, groups.size() -
									 1);
	for (std::size_t r = 0; r < groups.size(); r++) {
		const std::vector<double> &g = groups[pick_round(rng)];
		std::uniform_int_distribution<std::size_t> pick(0,
								g.size() - 1);
		for (std::size_t i = 0; i < g.size(); i++)
			out.push_back(g[pick(rng)]);
	}
	return out;
}

void need_rounds(const rounds &groups)
{
	if (groups.empty())
		throw std::invalid_argument("bootstrap needs a round");
	for (const auto &g : groups)
		need(g, 1, "a bootstrap round");
}

} // namespace

double quantile(std::vector<double> v, double q)
{
	need(v, 1, "quantile");
	std::sort(v.begin(), v.end());
	const double pos = q * static_cast<double>(v.size() - 1);
	const auto lo = static_cast<std::size_t>(std::floor(pos));
	const std::size_t hi = std::min(lo + 1, v.size() - 1);
	return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

double median(std::vector<double> v)
{
	return quantile(std::move(v), 0.5);
}

double mean(const std::vector<double> &v)
{
	need(v, 1, "mean");
	return std::accumulate(v.begin(), v.end(), 0.0) /
	       static_cast<double>(v.size());
}

double stddev(const std::vector<double> &v)
{
	need(v, 2, "stddev");
	const double m = mean(v);
	double sum = 0;
	for (double x : v)
		sum += (x - m) * (x - m);
	return std::sqrt(sum / static_cast<double>(v.size() - 1));
}

double cv(const std::vector<double> &v)
{
	return stddev(v) / mean(v);
}

interval bootstrap_of_medians(
	const std::vector<const rounds *> &groups,
	const std::function<double(const std::vector<double> &)> &statistic,
	int resamples, double confidence, std::uint64_t seed)
{
	for (const rounds *g : groups)
		need_rounds(*g);
	std::mt19937_64 rng(seed);
	std::vector<double> values;
	values.reserve(static_cast<std::size_t>(resamples));
	std::vector<double> medians(groups.size());
	for (int i = 0; i < resamples; i++) {
		for (std::size_t g = 0; g < groups.size(); g++)
			medians[g] = median(resample(*groups[g], rng));
		values.push_back(statistic(medians));
	}
	const double tail = (1 - confidence) / 2;
	return {quantile(values, tail), quantile(values, 1 - tail)};
}

interval bootstrap_ratio_of_medians(const rounds &base, const rounds &next,
				    int resamples, double confidence,
				    std::uint64_t seed)
{
	return bootstrap_of_medians(
		{&base, &next},
		[](const std::vector<double> &m) { return m[0] / m[1]; },
		resamples, confidence, seed);
}

} // namespace guardcheck::bench
