// SPDX-License-Identifier: GPL-2.0
// The files of a run directory: results.json, junit.xml and summary.md.
#ifndef GUARDCHECK_REPORT_H
#define GUARDCHECK_REPORT_H

#include "ktap/console.h"
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
	ktap::verdict verdict;
	std::vector<ktap::test> tests;
	// Kernel splats outside every test (each test holds its own): any
	// one fails the run.
	std::vector<ktap::splat> kernel_warnings;
};

// Writes all three; throws std::runtime_error naming the file on failure.
void write_all(const std::filesystem::path &dir, const run &r);

std::string results_json(const run &r);
std::string junit_xml(const run &r);
std::string summary_md(const run &r);

// The guest's kernel release from its "guardcheck: kernel <release> arch
// <arch>" fact; "?" without one.
std::string kernel_release(const run &r);

} // namespace guardcheck::report

#endif
