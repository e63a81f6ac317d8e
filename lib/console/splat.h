// SPDX-License-Identifier: GPL-2.0
// Kernel splats on a serial console: WARNING, BUG, Oops, KASAN, KFENCE,
// lockdep and UBSAN reports and any "cut here" block, cut out of the lines
// around them. The kernel prints them directly on the console, between the
// lines the guest's runner relays from the tests ("# "-prefixed, KTAP
// results, the sentinel); those relayed lines can land inside a splat and
// are handed back untouched.
//
// A block runs from its "------------[ cut here ]------------" line (or the
// first WARNING:/BUG:/Oops/KASAN/UBSAN line) to its end: "---[ end trace
// ... ]---", the closing "=====" of a KASAN/KFENCE report, the " </TASK>"
// of the stack dump when no end trace is expected, or max_lines kernel
// lines when nothing ends it.
#ifndef GUARDCHECK_CONSOLE_SPLAT_H
#define GUARDCHECK_CONSOLE_SPLAT_H

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace guardcheck::console
{

struct splat {
	// WARNING, BUG, Oops, KASAN, KFENCE, lockdep, UBSAN, or "cut here"
	// when the block never said more.
	std::string kind;
	std::string title; // the line naming what happened, no timestamp
	std::string task;  // "Comm: <task>" of its CPU line, when it has one
	std::vector<std::string> lines; // as printed, timestamps kept
	bool ended = false;		// its end marker (or stack end) arrived
	bool cut_short = false; // longer than max_lines: the rest dropped
	// Set by the console reader for a splat outside every test: where it
	// was
	// ("between test binaries, after ...").
	std::string where;
};

// "kernel WARNING", "KASAN report", ...: the kind as a reader says it.
std::string splat_noun(const splat &s);

// The kind of splat a kernel line (without its timestamp) opens, or "".
std::string_view splat_kind(std::string_view line);

class splat_reader
{
public:
	static constexpr std::size_t max_lines = 150;

	struct step {
		bool in_splat = false; // the line (or its tail) is a splat's
		bool started = false;  // a new splat began on this line
		// A "cut here" in the middle of a line (kernel output that
		// interrupted a relayed line): the text before it, which is
		// not the splat's.
		std::string before;
	};

	// line: one console line with control characters removed.
	step feed(std::string_view line);
	// The console ended: an open block is closed as it is.
	void close();
	bool open() const
	{
		return open_;
	}
	// Splats closed since the last call, in console order.
	std::vector<splat> take_closed();

private:
	void start(std::string_view line, std::string_view text);
	void add(std::string_view line, std::string_view text);
	void finish(bool ended);
	bool expects_end_trace() const;

	bool open_ = false;
	bool cut_here_ = false;	   // the block began with "cut here"
	bool after_stack_ = false; // " </TASK>" seen, end trace expected next
	splat current_;
	std::string previous_; // the kernel line before, for "=====" headers
	std::vector<splat> closed_;
};

} // namespace guardcheck::console

#endif
