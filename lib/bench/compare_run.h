// SPDX-License-Identifier: GPL-2.0
// fork_bench results of two kernels (one console log per boot) ->
// compare.md, compare.json and latency plots (PNG, SVG) in the output
// directory: the last step of `guardcheck bench-compare`.
#ifndef GUARDCHECK_BENCH_COMPARE_RUN_H
#define GUARDCHECK_BENCH_COMPARE_RUN_H

#include "bench/comparison.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace guardcheck::bench
{

struct compare_request {
	std::string base_label = "old", new_label = "new", out;
	std::vector<std::string> base, next; // console logs, one per boot
	std::string unit = "µs";	     // comparison::unit
};

struct compared_consoles {
	// 0 compared, 1 some benchmark failed or errored in a guest, 2 a boot
	// left no benchmark JSON.
	int exit_code = 2;
	std::optional<comparison> result; // absent when nothing compared
};

compared_consoles compare_consoles(const compare_request &r);

// Every request compared; with two (BENCH_CLOCK=both: counted, then wall)
// also both side by side into <dir>/clocks.md and on stdout. The worst
// exit code of the comparisons.
int compare_clocks(const std::vector<compare_request> &halves,
		   const std::filesystem::path &dir);

} // namespace guardcheck::bench

#endif
