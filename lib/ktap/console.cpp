// SPDX-License-Identifier: GPL-2.0
#include "ktap/console.h"

#include <cstdio>
#include <sstream>

namespace guardcheck::ktap
{

namespace
{

std::string_view without_timestamp(std::string_view s)
{
	if (!s.empty() && s.front() == '[') {
		const std::size_t close = s.find(']');
		if (close != std::string_view::npos && close < 24) {
			s.remove_prefix(close + 1);
			while (!s.empty() && s.front() == ' ')
				s.remove_prefix(1);
		}
	}
	return s;
}

bool starts(std::string_view s, std::string_view p)
{
	return s.substr(0, p.size()) == p;
}

// Messages the kernel prints at the start of a line; test output is "# "-
// prefixed by the runner, so it cannot match.
bool is_panic(std::string_view s)
{
	return starts(s, "Kernel panic - not syncing");
}

bool is_oops(std::string_view s)
{
	static const std::string_view marks[] = {
		"Oops:",
		"BUG:",
		"kernel BUG at",
		"Unable to handle kernel",
		"general protection fault",
		"Internal error: Oops",
	};
	for (std::string_view m : marks)
		if (starts(s, m))
			return true;
	return false;
}

std::optional<totals> parse_sentinel(std::string_view s)
{
	const std::size_t at = s.find(sentinel_tag);
	if (at == std::string_view::npos)
		return std::nullopt;
	totals t;
	const std::string rest(s.substr(at + sentinel_tag.size()));
	if (std::sscanf(rest.c_str(),
			" passed=%d failed=%d skipped=%d crashed=%d", &t.passed,
			&t.failed, &t.skipped, &t.crashed) != 4)
		return std::nullopt;
	return t;
}

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

void console::feed(std::string_view raw)
{
	const std::string line = strip_control(raw);
	const std::string_view s = without_timestamp(line);
	if (!line.empty())
		last_ = line;
	if (is_panic(s) && panic_.empty())
		panic_ = std::string(s);
	else if (is_oops(s) && oops_.empty())
		oops_ = std::string(s);
	if (starts(s, "GUARDCHECK-BENCH-BEGIN ")) {
		bench_begun_++;
		return;
	}
	if (starts(s, "GUARDCHECK-BENCH-END ")) {
		bench_ended_++;
		bench_failed_ += s.find(" rc=0") == std::string_view::npos;
		return;
	}
	if (auto t = parse_sentinel(s)) {
		sentinel_ = t;
		in_ktap_ = false;
		return;
	}
	if (starts(s, "# guardcheck: "))
		facts_.emplace_back(s.substr(2));
	if (!in_ktap_ && !sentinel_ &&
	    (starts(s, "TAP version") || starts(s, "KTAP version")))
		in_ktap_ = true;
	if (in_ktap_) {
		ktap_ += line;
		ktap_ += '\n';
	}
	parser_.feed(line);
}

std::vector<test> console::finish_tests()
{
	return parser_.finish();
}

verdict classify(const console &c, const std::vector<test> &tests,
		 const exit_facts &how)
{
	verdict v;
	v.counts = count_cases(tests);
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
	if (!c.oops_line().empty()) {
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
	if (n.passed + n.failed + n.skipped == 0) {
		if (c.benches_begun() == 0) {
			v.cause = "the guest finished without a single test "
				  "result";
			return v;
		}
		v.exit_code = c.benches_failed() ? 1 : 0;
		v.cause = std::to_string(c.benches_ended()) +
			  " benchmark(s) ran, " +
			  std::to_string(c.benches_failed()) + " failed";
		return v;
	}
	const totals &g = *c.sentinel();
	if (g.passed != n.passed || g.failed != n.failed ||
	    g.skipped != n.skipped || g.crashed != n.crashed) {
		std::ostringstream cause;
		cause << "the guest counted " << g.passed << "/" << g.failed
		      << "/" << g.skipped << "/" << g.crashed
		      << " (pass/fail/skip/crash) but the console holds "
		      << n.passed << "/" << n.failed << "/" << n.skipped << "/"
		      << n.crashed << "; the console lost lines";
		v.cause = cause.str();
		return v;
	}
	v.exit_code = n.failed || c.benches_failed() ? 1 : 0;
	v.cause = n.failed ? std::to_string(n.failed) + " test case(s) failed"
			   : "all test cases passed or skipped";
	if (c.benches_failed())
		v.cause += "; " + std::to_string(c.benches_failed()) +
			   " benchmark(s) failed";
	return v;
}

} // namespace guardcheck::ktap
