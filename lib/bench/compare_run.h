// SPDX-License-Identifier: GPL-2.0
// fork_bench results of two kernels (one console log per boot) ->
// compare.md, compare.json and latency plots (PNG, SVG) in the output
// directory: the last step of `guardcheck bench-compare`.
#ifndef GUARDCHECK_BENCH_COMPARE_RUN_H
#define GUARDCHECK_BENCH_COMPARE_RUN_H

#include <string>
#include <vector>

namespace guardcheck::bench
{

struct compare_request {
	std::string base_label = "old", new_label = "new", out;
	std::vector<std::string> base, next; // console logs, one per boot
	std::string unit = "µs";	     // comparison::unit
};

// 0 compared, 1 some benchmark failed or errored in a guest, 2 a boot left
// no benchmark JSON.
int compare_consoles(const compare_request &r);

} // namespace guardcheck::bench

#endif
