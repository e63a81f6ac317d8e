// SPDX-License-Identifier: GPL-2.0
// Runs the suite's binaries (KTAP) and the benchmarks (framed output), the
// same way as PID 1 in the guest and as a process on the host.
#ifndef GUARDCHECK_INIT_RUNNER_H
#define GUARDCHECK_INIT_RUNNER_H

#include "ktap/ktap.h"

#include <functional>
#include <string>
#include <vector>

namespace guardcheck::init
{

struct settings {
	std::string suite_dir; // holds tests.list and the binaries
	std::string bench_dir; // holds bench.list; empty: none
	bool run_suite = true;
	bool run_bench = false;
	int test_bound_s = 300;		// per binary
	std::vector<std::string> env;	// given to every binary
	std::vector<std::string> facts; // "# " lines printed before the tests
	// Called before each line the runner prints while tests run (the
	// guest relays the kernel's log there); empty on the host.
	std::function<void()> before_output;
};

// Prints KTAP on stdout and returns the case totals of the suite.
ktap::totals run_suite(const settings &s);
// Prints each benchmark between GUARDCHECK-BENCH-BEGIN/END lines; returns
// the number that failed.
int run_bench(const settings &s);

} // namespace guardcheck::init

#endif
