// SPDX-License-Identifier: GPL-2.0
// Reads a guest's serial console: KTAP, the runner's facts, benchmark frames
// and sentinel (protocol/protocol.h), and the kernel's own cries (panic,
// Oops, BUG, WARNING and the other splats of console/splat.h).
// console/classify.h turns what it read into the run's outcome.
//
// A splat is the test's that was running when the kernel printed it: from
// the harness's "#  RUN           <case> ..." line to the case's "ok N" /
// "not ok N" line, both relayed by the runner behind "# ". Kernel lines come
// printed on the console or relayed from the guest's /dev/kmsg
// ("GUARDCHECK-KMSG ", protocol/protocol.h); either way they are never
// KTAP. The kernel logs at once while the runner relays the test's output
// a little later,
// so a splat of a case can reach the console just before that case's RUN
// line; one printed between two cases of a binary by a task of that binary
// (its Comm) and followed by the next case's RUN line is that case's. A
// passed or skipped case with a splat fails, its directive naming it. A
// splat anywhere else (boot, between binaries, between cases by another
// task, after the last result) is the cell's: the run fails.
#ifndef GUARDCHECK_CONSOLE_READER_H
#define GUARDCHECK_CONSOLE_READER_H

#include "console/splat.h"
#include "ktap/ktap.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace guardcheck::console
{

class reader
{
public:
	void feed(std::string_view raw_line);

	bool sentinel_seen() const
	{
		return sentinel_.has_value();
	}
	const std::optional<ktap::totals> &sentinel() const
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
	// The KTAP document: from its version line to the sentinel, without
	// the kernel's lines and the benchmarks' output.
	const std::string &ktap_text() const
	{
		return ktap_;
	}
	// Everything the kernel printed: the boot, splats, panics and the
	// records the guest relayed (their prefix removed).
	const std::string &kernel_text() const
	{
		return kernel_log_;
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
	// Parsed tests so far, with the kernel splats attached to the test
	// that ran; the reader keeps its own parser. Call once, at the end.
	std::vector<ktap::test> finish_tests();
	// After finish_tests(): the splats outside every test, each with its
	// where.
	const std::vector<splat> &outside_splats() const
	{
		return outside_;
	}
	// After finish_tests(): the cases that passed or skipped by their
	// own account and failed for a splat, as counts of what they were
	// (the guest's sentinel counted them so).
	const ktap::totals &failed_by_splat() const
	{
		return splat_shift_;
	}

private:
	// Where a splat began: the tests running then, and what came next.
	struct place {
		std::vector<std::string> running;
		std::string last_case, last_binary; // finished before it
		std::string next;		    // the test that began next
		bool next_known = false;
		bool suite_started = false, suite_done = false;
	};
	void feed_clean(const std::string &line, std::string_view s);
	void moved(const std::vector<std::string> &now);
	void attribute(const splat &s, const place &p,
		       std::vector<ktap::test> &tests);

	ktap::parser parser_;
	splat_reader splats_;
	std::vector<place> places_; // one per splat begun, in order
	std::vector<std::string> running_;
	std::string last_case_, last_binary_;
	std::vector<splat> outside_;
	ktap::totals splat_shift_;
	std::optional<ktap::totals> sentinel_;
	std::string panic_, oops_, last_, ktap_, kernel_log_;
	std::vector<std::string> facts_;
	bool in_ktap_ = false, in_bench_ = false;
	int bench_begun_ = 0, bench_ended_ = 0, bench_failed_ = 0;
};

} // namespace guardcheck::console

#endif
