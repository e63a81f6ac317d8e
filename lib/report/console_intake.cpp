// SPDX-License-Identifier: GPL-2.0
#include "report/console_intake.h"

namespace guardcheck::report
{

const std::string &console_intake::feed(std::string_view raw_line)
{
	line_ = ktap::strip_control(raw_line);
	reader_.feed(line_);
	return line_;
}

run console_intake::finish(const boot_facts &b)
{
	run r;
	r.arch = b.arch;
	r.tree = b.tree;
	r.kernel = b.kernel;
	r.facts = reader_.facts();
	r.seconds = b.seconds;
	r.accel = b.accel;
	r.cpu = b.cpu;
	r.bench_clock = b.bench_clock;
	r.accel_reason = b.accel_reason;
	r.tests = reader_.finish_tests();
	r.kernel_warnings = reader_.outside_splats();
	r.outcome = console::classify(reader_, r.tests, b.how);
	return r;
}

} // namespace guardcheck::report
