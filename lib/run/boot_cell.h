// SPDX-License-Identifier: GPL-2.0
// Boot one kernel and initramfs under QEMU for one arch record, supervise
// it, and turn the console into a verdict and a run directory (console.log,
// ktap.txt, results.json, junit.xml, summary.md).
#ifndef GUARDCHECK_RUN_BOOT_CELL_H
#define GUARDCHECK_RUN_BOOT_CELL_H

#include <string>
#include <vector>

namespace guardcheck::run
{

// The defaults, before the arch's TIMEOUT_FACTOR.
inline constexpr double default_qemu_timeout_s = 300;
inline constexpr double default_test_timeout_s = 240;

struct cell {
	std::string record, kernel, initrd, run_dir, append, tree;
	double timeout_s = default_qemu_timeout_s;	// the whole boot
	double test_timeout_s = default_test_timeout_s; // each test binary
	bool verbose = false; // copy the console to stdout as it arrives
	// How to run it (accel::choose): "" cpu is the record's.
	std::string cpu, accel = "tcg", bench_clock, accel_reason;
	std::vector<std::string> accel_options;
};

// 0 all passed, 1 a test failed, 2 no verdict. Prints what happened and the
// run directory's absolute path last. Throws std::runtime_error on bad
// input (a missing image, an unreadable record).
int boot_cell(const cell &c);

} // namespace guardcheck::run

#endif
