// SPDX-License-Identifier: GPL-2.0
// A tolerant KTAP/TAP parser, for a serial console as much as for a file.
// Reading a guest's whole console (splats, sentinel, outcome) is
// console/reader.h's; this is the grammar only.
//
// Each line is first cleaned (strip_control), loses a printk time
// ("[   12.345678] ") and, once a version line came after some constant text
// ("guest0: TAP version 13"), that text wherever it starts a later line.
// Then, read at a depth:
//
//   Depth       four spaces or a tab per level (KTAP), or "# " per level in
//               front of something below (kselftest relaying a child's
//               output: "# ok 1 x", "# # RUN ..."). A token with only some
//               blanks before it counts at the depth reached so far.
//   Version     "KTAP version N" or "TAP version N" starts a document. One
//               after results at the same depth starts the next: at the top,
//               another document; nested, the previous one is closed as the
//               subtests of a parent that never reported.
//   Plan        "1..N", perhaps with a comment after it ("1..0 # SKIP no
//               tests"). Optional: without it, only what was reported
//               counts.
//   Result      "ok" or "not ok", then optionally the number (else the next
//               one), an optional "- ", the description and optionally
//               " # DIRECTIVE reason". The directive's first word, any case,
//               decides: SKIP, TODO and XFAIL make the test skipped,
//               TIMEOUT and CRASHED make it crashed; any other keeps ok or
//               not ok. With no description the test takes the name of its
//               "# Subtest:" header or of the test seen starting.
//   Subtests    the results one level deeper, up to the parent's result line;
//               "# Subtest: <name>" at that deeper level names them.
//   Diagnostics any other "#" line, kept as the log of the next result at
//               its depth (at most 200 lines). Two of them say a test
//               started: "# selftests: <collection>: <test>" (the runner's,
//               as run_kselftest.sh prints it) and the harness's "#  RUN
//               <name> ...".
//   Bail out    "Bail out!" is read like any other line that is no token:
//               not at all. What the plan promised and never came is CRASHED.
//
// Nothing is fatal: lines that fit no form are skipped. At the end a test
// seen starting without a result, a planned number never reported and a
// level whose parent's result never arrived all become CRASHED, so a guest
// that died mid-run never reads as passed.
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
	// Kernel splats printed while it ran (console/reader.h attaches
	// them).
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
