// SPDX-License-Identifier: GPL-2.0
// How tight a comparison is (the figures a reviewer checks first), and the
// same two kernels measured with two clocks, side by side: instruction
// counting against wall clock, from one `bench-compare BENCH_CLOCK=both`.
#ifndef GUARDCHECK_BENCH_CLOCK_REPORT_H
#define GUARDCHECK_BENCH_CLOCK_REPORT_H

#include "bench/comparison.h"

#include <string>

namespace guardcheck::bench
{

struct spread_summary {
	// The largest pooled CV of either kernel over the points with at
	// least min_vmas mappings, and where it is.
	double worst_cv = 0;
	std::string worst_cv_point;
	// The widest old/new interval, relative to the ratio, among the
	// guarded points of file-backed mappings (the series' subject): at
	// least min_vmas mappings, and at any count (a fork of one or 64
	// mappings lasts a few hundred instructions, so a timer interrupt
	// inside it shows).
	double widest_file_guard_interval = 0;
	std::string widest_point;
	double widest_file_guard_interval_any = 0;
	std::string widest_point_any;
	long min_vmas = 1024;
};

spread_summary summarise_spread(const comparison &c, long min_vmas = 1024);
// Two Markdown lines for compare.md.
std::string spread_lines(const comparison &c);

// (hi - lo) / ratio.
double relative_width(double ratio, const interval &ci);

// Per point both clocks have: old/new with its interval and relative
// width, each kernel's pooled CV, and whether the two clocks agree on the
// direction of every significant difference; then the guard effects.
std::string clocks_table(const comparison &counted, const comparison &wall);

} // namespace guardcheck::bench

#endif
