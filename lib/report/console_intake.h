// SPDX-License-Identifier: GPL-2.0
// Where a guest's console comes in: each line, as the emulator printed it,
// is made text once (ktap::strip_control: valid UTF-8, no control
// characters) and read by the console reader; at the end what it read
// becomes the run that the run directory's files are written from. The host
// runner (run/boot_cell.cpp) and the tests that replay recorded consoles share
// it.
#ifndef GUARDCHECK_REPORT_CONSOLE_INTAKE_H
#define GUARDCHECK_REPORT_CONSOLE_INTAKE_H

#include "console/classify.h"
#include "report/report.h"

#include <string>
#include <string_view>

namespace guardcheck::report
{

// What the host runner knows of a boot besides its console.
struct boot_facts {
	std::string arch, tree, kernel;
	std::string accel, cpu, bench_clock, accel_reason; // as in report::run
	double seconds = 0;
	console::exit_facts how;
};

class console_intake
{
public:
	// The line as it goes to console.log and the console.
	const std::string &feed(std::string_view raw_line);
	const console::reader &reader() const
	{
		return reader_;
	}
	// The tests with their splats, the guest's facts and the verdict.
	// Call once, after the last line.
	run finish(const boot_facts &b);

private:
	console::reader reader_;
	std::string line_;
};

} // namespace guardcheck::report

#endif
