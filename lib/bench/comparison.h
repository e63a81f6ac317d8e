// SPDX-License-Identifier: GPL-2.0
// Two kernels' fork_bench results, point by point.
#ifndef GUARDCHECK_BENCH_COMPARISON_H
#define GUARDCHECK_BENCH_COMPARISON_H

#include "bench/results.h"
#include "bench/stats.h"

#include <optional>
#include <string>
#include <vector>

namespace guardcheck::bench
{

struct kernel_point {
	rounds times_us; // repetitions, grouped by boot
	std::size_t samples = 0;
	double median_us = 0, min_us = 0, max_us = 0;
	double cv = 0; // of all repetitions pooled; 0 with one sample
	// The mean of each boot's own CV (boots with two repetitions or more):
	// what cv would be if the boots did not differ.
	double cv_within_boot = 0;
	// Median over repetitions; absent when the guest had no slab counters.
	std::optional<double> anon_vma_added, anon_vma_chain_added;
};

struct compared_point {
	point_key key;
	kernel_point base, next;
	double ratio = 0; // median(base) / median(next): > 1 the new is faster
	interval ratio_ci;
	bool significant() const
	{
		return ratio_ci.lo > 1 || ratio_ci.hi < 1;
	}
};

// What a guard page in every mapping costs a fork on each kernel, as
// median(guard) / median(none) of one mode, backing and VMA count, and how
// much more it cost the old kernel: old / new. Whatever else changed
// between the two kernels and slows or speeds both points alike cancels.
struct guard_effect {
	std::string mode, backing;
	long vmas = 0;
	double base = 0, next = 0; // guard / none on each kernel
	double ratio = 0;	   // base / next
	interval ratio_ci;
	bool significant() const
	{
		return ratio_ci.lo > 1 || ratio_ci.hi < 1;
	}
};

struct comparison {
	std::string base_label, new_label;
	double confidence = 0.95;
	std::vector<compared_point> points; // in point_key order
	// Every (mode, backing, vmas) with both a guard and a none point.
	std::vector<guard_effect> guard_effects;
	// Points only one kernel produced, by name.
	std::vector<std::string> unmatched;
	// What a figure is: "µs" of wall clock, or "virtual µs" (1000
	// counted instructions) when the guests ran under -icount.
	std::string unit = "µs";
};

// One run_results per boot of each kernel.
comparison compare_runs(const std::vector<run_results> &base,
			const std::vector<run_results> &next,
			const std::string &base_label,
			const std::string &new_label);

} // namespace guardcheck::bench

#endif
