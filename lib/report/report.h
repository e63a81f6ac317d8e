// SPDX-License-Identifier: GPL-2.0
// The files of a run directory: results.json, junit.xml, summary.md and
// kcidb.json (kcidb.h).
#ifndef GUARDCHECK_REPORT_H
#define GUARDCHECK_REPORT_H

#include "console/classify.h"
#include "ktap/ktap.h"

#include <filesystem>
#include <string>
#include <vector>

namespace guardcheck::report
{

struct run {
	std::string arch;
	std::string tree;		// kernel tree path
	std::string kernel;		// image that was booted
	std::vector<std::string> facts; // "guardcheck: ..." lines of the guest
	double seconds = 0;		// boot to verdict
	console::run_outcome outcome;
	std::vector<ktap::test> tests;
	// Kernel splats outside every test (each test holds its own): any
	// one fails the run.
	std::vector<console::splat> kernel_warnings;
	// How the guest ran: "tcg" or "kvm", the -cpu model, the benchmark
	// clock ("icount", "wall"; "" for a suite run) and why.
	std::string accel, cpu, bench_clock, accel_reason;
};

// What the host runner knew of a boot that results.json does not keep;
// kcidb.json carries it.
struct provenance {
	std::string start_time; // RFC 3339 in UTC; empty: unknown
	std::string
		environment; // the emulator, e.g. "qemu-system-aarch64 -M virt"
};

// Writes all four; throws std::runtime_error naming the file on failure.
void write_all(const std::filesystem::path &dir, const run &r,
	       const provenance &p = {});

std::string results_json(const run &r);
std::string junit_xml(const run &r);
std::string summary_md(const run &r);

// The guest's kernel release from its "guardcheck: kernel <release> arch
// <arch>" fact; "?" without one.
std::string kernel_release(const run &r);

} // namespace guardcheck::report

#endif
