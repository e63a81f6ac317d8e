// SPDX-License-Identifier: GPL-2.0
// What a guest's run came to: the console as the reader saw it and how the
// emulator ended, made one outcome with an exit status. A panic, an Oops
// the guest did not live through, a hang or a console cut off before the
// sentinel leave no verdict (2); so does a finished run whose counts the
// console cannot back (crashed cases, a benchmark without its end frame,
// the guest's sentinel disagreeing with the results read).
#ifndef GUARDCHECK_CONSOLE_CLASSIFY_H
#define GUARDCHECK_CONSOLE_CLASSIFY_H

#include "console/reader.h"
#include "ktap/ktap.h"

#include <string>
#include <string_view>
#include <vector>

namespace guardcheck::console
{

// What ended the run.
enum class outcome { finished, panic, oops, hang, died, no_start };

std::string_view outcome_name(outcome o);

// How the emulator ended, as the supervisor saw it.
struct exit_facts {
	bool started = true;	// the emulator ran at all
	bool timed_out = false; // killed at the wall-clock bound
	double bound_s = 0;
	std::string start_error;
};

// The run as a whole: what ended it, its exit status and why.
struct run_outcome {
	outcome kind = outcome::no_start;
	int exit_code = 2; // 0 passed, 1 a test failed, 2 no verdict
	std::string cause;
	ktap::totals counts;
};

run_outcome classify(const reader &c, const std::vector<ktap::test> &tests,
		     const exit_facts &how);

} // namespace guardcheck::console

#endif
