// SPDX-License-Identifier: GPL-2.0
// A tolerant KTAP/TAP parser: console junk, timestamp prefixes, a missing
// plan, subtests nested by indentation or by "# " prefixes, and results that
// never arrive (those become CRASHED).
#ifndef GUARDCHECK_KTAP_H
#define GUARDCHECK_KTAP_H

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace guardcheck::ktap
{

enum class status { pass, fail, skip, crashed };

std::string_view status_name(status s);

struct test {
	std::string name;
	int number = 0;
	status result = status::crashed;
	std::string directive;	      // e.g. "SKIP no THP", "TIMEOUT 120 s"
	std::vector<std::string> log; // diagnostics printed before the result
	std::vector<test> subtests;
	// Kernel splats printed while it ran (console.h attaches them).
	std::vector<std::string> kernel_warnings;
};

// The directive of a planned test that never started: the guest was gone.
constexpr std::string_view never_reported = "CRASHED: planned, never reported";

struct totals {
	int passed = 0;
	int failed = 0;
	int skipped = 0;
	int crashed = 0;
};

// Counts test cases: the leaves of the tree. A parent that failed or crashed
// while none of its leaves did counts once more, so that a binary that died
// after its last result is not lost.
totals count_cases(const std::vector<test> &tests);

class parser
{
public:
	void feed(std::string_view line);
	// Closes every open level; results that never arrived become CRASHED.
	std::vector<test> finish();
	// The tests started and not yet reported, outermost first: the
	// binary ("selftests: guard_regions: x_test"), then its case.
	std::vector<std::string> running() const;

private:
	struct level {
		std::optional<int> plan;
		std::size_t doc_start = 0; // first test of the current document
		std::vector<test> tests;
		std::vector<std::string> log;
		std::string running; // last "RUN <name> ..." without a result
		std::string header;  // "# Subtest: <name>"
	};

	void open_to(std::size_t depth);
	void collapse_to(std::size_t keep);
	std::vector<test> close_above(std::size_t depth, std::string &header);
	static void fill_missing(level &l);
	void on_result(std::size_t depth, std::string_view body, bool ok);
	void on_diagnostic(std::size_t depth, std::string_view text);

	std::vector<level> levels_{level{}};
	std::string prefix_;
};

// The whole text at once (console.log, ktap.txt).
std::vector<test> parse(std::string_view text);

// Removes carriage returns, ANSI escape sequences and other control
// characters (tabs stay), DEL and C1 controls, and what XML 1.0 forbids
// (U+FFFE, U+FFFF); bytes that are not valid UTF-8 become U+FFFD. Every
// console line passes here once as it comes in, so what the reports carry
// is text any writer can take.
std::string strip_control(std::string_view line);

// Without a leading "[   12.345678] " (printk times or a host-side logger).
std::string_view without_printk_time(std::string_view line);

} // namespace guardcheck::ktap

#endif
