// SPDX-License-Identifier: GPL-2.0
// The files of a comparison: compare.md (table), compare.json, and the
// gnuplot data and script for latency against VMA count.
#ifndef GUARDCHECK_BENCH_COMPARE_REPORT_H
#define GUARDCHECK_BENCH_COMPARE_REPORT_H

#include "bench/comparison.h"

#include <string>

namespace guardcheck::bench
{

// One number through a printf format ("%.3f"), for tables.
std::string figure(const char *format, double v);

std::string markdown_table(const comparison &c);
std::string comparison_json(const comparison &c);

// Blocks (gnuplot `index`) per backing and guard for one mode; columns:
// vmas, then median, min, max for the base and for the new kernel.
std::string plot_data(const comparison &c, const std::string &mode);
// Draws <stem>.png and <stem>.svg from <stem>.dat for `mode`.
std::string plot_script(const comparison &c, const std::string &mode,
			const std::string &stem);

} // namespace guardcheck::bench

#endif
