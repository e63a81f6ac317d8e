// SPDX-License-Identifier: GPL-2.0
// Reads a guest's serial console: KTAP, the runner's facts and sentinel, and
// the kernel's own cries (panic, Oops, BUG). classify() turns that and how
// QEMU ended into one verdict with an exit status.
#ifndef GUARDCHECK_CONSOLE_H
#define GUARDCHECK_CONSOLE_H

#include "ktap/ktap.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace guardcheck::ktap
{

// What ended the run.
enum class outcome { finished, panic, oops, hang, died, no_start };

std::string_view outcome_name(outcome o);

class console
{
public:
	void feed(std::string_view raw_line);

	bool sentinel_seen() const
	{
		return sentinel_.has_value();
	}
	const std::optional<totals> &sentinel() const
	{
		return sentinel_;
	}
	const std::string &panic_line() const
	{
		return panic_;
	}
	const std::string &oops_line() const
	{
		return oops_;
	}
	const std::string &last_line() const
	{
		return last_;
	}
	const std::vector<std::string> &facts() const
	{
		return facts_;
	}
	const std::string &ktap_text() const
	{
		return ktap_;
	}
	// GUARDCHECK-BENCH-BEGIN/END frames seen, and END lines with rc != 0.
	int benches_begun() const
	{
		return bench_begun_;
	}
	int benches_ended() const
	{
		return bench_ended_;
	}
	int benches_failed() const
	{
		return bench_failed_;
	}
	// Parsed tests so far; the console keeps its own parser.
	std::vector<test> finish_tests();

private:
	parser parser_;
	std::optional<totals> sentinel_;
	std::string panic_, oops_, last_, ktap_;
	std::vector<std::string> facts_;
	bool in_ktap_ = false;
	int bench_begun_ = 0, bench_ended_ = 0, bench_failed_ = 0;
};

// How the emulator ended, as the supervisor saw it.
struct exit_facts {
	bool started = true;	// the emulator ran at all
	bool timed_out = false; // killed at the wall-clock bound
	double bound_s = 0;
	std::string start_error;
};

struct verdict {
	outcome kind = outcome::no_start;
	int exit_code = 2; // 0 passed, 1 a test failed, 2 no verdict
	std::string cause;
	totals counts;
};

verdict classify(const console &c, const std::vector<test> &tests,
		 const exit_facts &how);

// The sentinel line the guest's runner prints last.
constexpr std::string_view sentinel_tag = "GUARDCHECK-DONE";

} // namespace guardcheck::ktap

#endif
