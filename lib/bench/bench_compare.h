// SPDX-License-Identifier: GPL-2.0
// `guardcheck bench-compare`: boot BASE and NEW alternately (A B A B ...),
// ROUNDS boots each, every boot running fork_bench from one copy of the
// guest's programs, then compare the consoles (compare_run.h).
#ifndef GUARDCHECK_BENCH_COMPARE_H
#define GUARDCHECK_BENCH_COMPARE_H

#include "run/boot.h"

#include <string>

namespace guardcheck::bench
{

struct bench_compare_options {
	std::string arch = "x86_64";
	std::string base, next;		     // versions or tree paths
	std::string base_series, new_series; // applied on each
	std::string rounds = "3";
	std::string qemu_timeout = "600", test_timeout = "900";
	std::string run_dir, runs_base;
	std::string accel, bench_clock; // ACCEL=, BENCH_CLOCK= (run/boot.h)
	std::string from;		// FROM=: a finished run, compared again
};

// FROM=: the comparison of a finished run (its icount/ and wall/ halves
// or its own rounds) written again from its consoles, without a boot.
// Exit codes as bench_compare.
int compare_again(const std::string &run_dir);

// The wall-clock guest's clock words for the arch record's GUEST_CLOCK:
// "tsc" hands the host's TSC rate over when the host TSC is constant (x86
// guests under TCG have nothing else to calibrate against but jiffies). Says
// why on stderr when it cannot.
std::string guest_clock(const std::string &bench_clock,
			const std::string &cpuinfo_text);

// 0 compared, 1 a benchmark failed in a guest, 2 no comparison. The run
// directory is printed last.
int bench_compare(const run::project &p, const bench_compare_options &o);

} // namespace guardcheck::bench

#endif
