// SPDX-License-Identifier: GPL-2.0
#include "console/classify.h"

#include <sstream>

namespace guardcheck::console
{

namespace
{

using ktap::status;
using ktap::test;
using ktap::totals;

const test *first_crashed(const std::vector<test> &tests)
{
	for (const test &t : tests) {
		if (const test *sub = first_crashed(t.subtests))
			return sub;
		if (t.result == status::crashed)
			return &t;
	}
	return nullptr;
}

} // namespace

std::string_view outcome_name(outcome o)
{
	switch (o) {
	case outcome::finished:
		return "finished";
	case outcome::panic:
		return "kernel panic";
	case outcome::oops:
		return "kernel Oops/BUG";
	case outcome::hang:
		return "hang";
	case outcome::died:
		return "guest died before the sentinel";
	case outcome::no_start:
		return "emulator did not start";
	}
	return "?";
}

run_outcome classify(const reader &c, const std::vector<test> &tests,
		     const exit_facts &how)
{
	run_outcome v;
	v.counts = ktap::count_cases(tests);
	const totals &n = v.counts;
	const std::string last =
		c.last_line().empty()
			? "no console output at all"
			: "last console line: \"" + c.last_line() + "\"";
	if (!how.started) {
		v.kind = outcome::no_start;
		v.cause = how.start_error;
		return v;
	}
	if (!c.panic_line().empty()) {
		v.kind = outcome::panic;
		v.cause = c.panic_line();
		return v;
	}
	// An Oops the guest lived through is a splat of the test that ran;
	// one that stopped it leaves no verdict.
	if (!c.oops_line().empty() && !c.sentinel_seen()) {
		v.kind = outcome::oops;
		v.cause = c.oops_line();
		return v;
	}
	if (!c.sentinel_seen()) {
		std::ostringstream cause;
		if (how.timed_out) {
			v.kind = outcome::hang;
			cause << "no sentinel within the " << how.bound_s
			      << " s bound; " << last;
		} else {
			v.kind = outcome::died;
			cause << "the console ended before the sentinel ("
			      << n.passed + n.failed + n.skipped
			      << " results so far); " << last;
		}
		v.cause = cause.str();
		return v;
	}
	v.kind = outcome::finished;
	if (n.crashed) {
		const test *t = first_crashed(tests);
		v.cause = std::to_string(n.crashed) +
			  " test case(s) crashed or timed out, first: " +
			  (t ? t->name + " (" + t->directive + ")" : "?");
		return v;
	}
	if (c.benches_begun() != c.benches_ended()) {
		v.cause = "a benchmark began but never ended";
		return v;
	}
	const std::vector<splat> &outside = c.outside_splats();
	std::string outside_cause;
	if (!outside.empty())
		outside_cause = std::to_string(outside.size()) +
				" kernel splat(s) outside every test, first " +
				outside[0].where + ": " + outside[0].title;
	if (n.passed + n.failed + n.skipped == 0) {
		if (c.benches_begun() == 0) {
			v.cause = "the guest finished without a single test "
				  "result";
			return v;
		}
		v.exit_code = c.benches_failed() || !outside.empty() ? 1 : 0;
		v.cause = std::to_string(c.benches_ended()) +
			  " benchmark(s) ran, " +
			  std::to_string(c.benches_failed()) + " failed";
		if (!outside.empty())
			v.cause += "; " + outside_cause;
		return v;
	}
	// The guest counted the cases a splat failed as it saw them.
	const totals &g = *c.sentinel();
	const totals &shift = c.failed_by_splat();
	const int by_splat = shift.passed + shift.skipped;
	if (g.passed != n.passed + shift.passed ||
	    g.failed != n.failed - by_splat ||
	    g.skipped != n.skipped + shift.skipped || g.crashed != n.crashed) {
		std::ostringstream cause;
		cause << "the guest counted " << g.passed << "/" << g.failed
		      << "/" << g.skipped << "/" << g.crashed
		      << " (pass/fail/skip/crash) but the console holds "
		      << n.passed + shift.passed << "/" << n.failed - by_splat
		      << "/" << n.skipped + shift.skipped << "/" << n.crashed
		      << "; the console lost lines";
		v.cause = cause.str();
		return v;
	}
	v.exit_code =
		n.failed || c.benches_failed() || !outside.empty() ? 1 : 0;
	if (n.failed) {
		v.cause = std::to_string(n.failed) + " test case(s) failed";
		if (by_splat)
			v.cause += ", " + std::to_string(by_splat) +
				   " of them only for a kernel splat";
	} else {
		v.cause = outside.empty() ? "all test cases passed or skipped"
					  : "no test case failed";
	}
	if (!outside.empty())
		v.cause += "; " + outside_cause;
	if (c.benches_failed())
		v.cause += "; " + std::to_string(c.benches_failed()) +
			   " benchmark(s) failed";
	return v;
}

} // namespace guardcheck::console
