// SPDX-License-Identifier: GPL-2.0
#include "bench/comparison.h"

#include <algorithm>
#include <map>

namespace guardcheck::bench
{

namespace
{

struct gathered {
	rounds times;
	std::vector<double> anon_vma, chain;
};

std::map<point_key, gathered> gather(const std::vector<run_results> &boots)
{
	std::map<point_key, gathered> points;
	for (const run_results &boot : boots) {
		std::map<point_key, std::vector<double>> this_boot;
		for (const repetition &rep : boot.repetitions) {
			this_boot[rep.key].push_back(rep.time_us);
			gathered &g = points[rep.key];
			if (rep.anon_vma_added)
				g.anon_vma.push_back(*rep.anon_vma_added);
			if (rep.anon_vma_chain_added)
				g.chain.push_back(*rep.anon_vma_chain_added);
		}
		for (auto &[key, times] : this_boot)
			points[key].times.push_back(std::move(times));
	}
	return points;
}

kernel_point summarise(const gathered &g)
{
	kernel_point k;
	k.times_us = g.times;
	std::vector<double> all;
	for (const auto &r : g.times)
		all.insert(all.end(), r.begin(), r.end());
	k.samples = all.size();
	k.median_us = median(all);
	k.min_us = *std::min_element(all.begin(), all.end());
	k.max_us = *std::max_element(all.begin(), all.end());
	k.cv = all.size() > 1 ? cv(all) : 0;
	std::vector<double> per_boot;
	for (const auto &r : g.times)
		if (r.size() > 1)
			per_boot.push_back(cv(r));
	k.cv_within_boot = per_boot.empty() ? 0 : mean(per_boot);
	if (!g.anon_vma.empty())
		k.anon_vma_added = median(g.anon_vma);
	if (!g.chain.empty())
		k.anon_vma_chain_added = median(g.chain);
	return k;
}

std::vector<guard_effect>
guard_effects(const std::vector<compared_point> &points, double confidence)
{
	std::vector<guard_effect> effects;
	for (const compared_point &g : points) {
		if (g.key.guard != "guard")
			continue;
		point_key plain_key = g.key;
		plain_key.guard = "none";
		const auto plain =
			std::find_if(points.begin(), points.end(),
				     [&](const compared_point &p) {
					     return p.key == plain_key;
				     });
		if (plain == points.end())
			continue;
		guard_effect e;
		e.mode = g.key.mode;
		e.backing = g.key.backing;
		e.vmas = g.key.vmas;
		e.base = g.base.median_us / plain->base.median_us;
		e.next = g.next.median_us / plain->next.median_us;
		e.ratio = e.base / e.next;
		e.ratio_ci = bootstrap_of_medians(
			{&g.base.times_us, &plain->base.times_us,
			 &g.next.times_us, &plain->next.times_us},
			[](const std::vector<double> &m) {
				return (m[0] / m[1]) / (m[2] / m[3]);
			},
			4000, confidence);
		effects.push_back(std::move(e));
	}
	return effects;
}

} // namespace

comparison compare_runs(const std::vector<run_results> &base,
			const std::vector<run_results> &next,
			const std::string &base_label,
			const std::string &new_label)
{
	comparison c;
	c.base_label = base_label;
	c.new_label = new_label;
	const auto b = gather(base);
	const auto n = gather(next);
	for (const auto &[key, bg] : b) {
		const auto other = n.find(key);
		if (other == n.end()) {
			c.unmatched.push_back(key.name() + " (only " +
					      base_label + ")");
			continue;
		}
		compared_point p;
		p.key = key;
		p.base = summarise(bg);
		p.next = summarise(other->second);
		p.ratio = p.base.median_us / p.next.median_us;
		p.ratio_ci = bootstrap_ratio_of_medians(
			p.base.times_us, p.next.times_us, 4000, c.confidence);
		c.points.push_back(std::move(p));
	}
	for (const auto &[key, ng] : n)
		if (!b.contains(key))
			c.unmatched.push_back(key.name() + " (only " +
					      new_label + ")");
	c.guard_effects = guard_effects(c.points, c.confidence);
	return c;
}

} // namespace guardcheck::bench
