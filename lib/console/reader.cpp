// SPDX-License-Identifier: GPL-2.0
#include "console/reader.h"

#include "protocol/protocol.h"

#include <sstream>

namespace guardcheck::console
{

namespace
{

using ktap::status;
using ktap::test;
using ktap::totals;

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
	const std::optional<protocol::done_counts> d = protocol::parse_done(s);
	if (!d)
		return std::nullopt;
	return totals{d->passed, d->failed, d->skipped, d->crashed};
}

// "selftests: guard_regions: sticky_test" runs as task "sticky_test", the
// kernel's Comm cut to 15 characters.
bool same_task(std::string_view binary, std::string_view task)
{
	const std::size_t at = binary.rfind(' ');
	const std::string_view name =
		at == std::string_view::npos ? binary : binary.substr(at + 1);
	return !task.empty() && name.substr(0, 15) == task;
}

// The test at path (names from the outermost), and the outermost one.
test *find_test(std::vector<test> &tests, const std::vector<std::string> &path,
		test *&outermost)
{
	test *found = nullptr;
	std::vector<test> *level = &tests;
	for (const std::string &name : path) {
		test *match = nullptr;
		for (test &t : *level)
			if (t.name == name)
				match = &t;
		if (!match)
			return nullptr;
		if (!found)
			outermost = match;
		found = match;
		level = &match->subtests;
	}
	return found;
}

template <typename Place>
std::string where_of(const Place &p, const splat &s,
		     const std::vector<std::string> &path)
{
	std::string w;
	if (!path.empty()) {
		w = "while " + path.back() + " ran (not in the results)";
	} else if (p.suite_done) {
		w = "after the suite finished";
	} else if (!p.suite_started) {
		w = "during boot, before the suite started";
	} else if (p.running.empty()) {
		if (p.last_binary.empty())
			w = "before the first test binary";
		else if (p.next.empty())
			w = "after the last test binary, " + p.last_binary;
		else
			w = "between test binaries, after " + p.last_binary +
			    " and before " + p.next;
	} else {
		w = "in " + p.running[0] + ", outside its test cases";
		if (!p.last_case.empty())
			w += ", after " + p.last_case;
		else
			w += ", before its first case";
		if (!p.next.empty())
			w += " and before " + p.next;
	}
	if (!s.task.empty())
		w += " (task " + s.task + ")";
	return w;
}

} // namespace

void reader::feed(std::string_view raw)
{
	std::string line = ktap::strip_control(raw);
	// A record the guest relayed from the kernel's log is a kernel line
	// like one printed on the console, and never the tests'.
	const bool relayed = starts(line, protocol::kmsg_prefix);
	if (relayed)
		line.erase(0, protocol::kmsg_prefix.size());
	const std::string_view s = without_timestamp(line);
	if (!line.empty())
		last_ = line;
	const bool panic = is_panic(s);
	const bool oops = !panic && is_oops(s);
	if (panic && panic_.empty())
		panic_ = std::string(s);
	else if (oops && oops_.empty())
		oops_ = std::string(s);
	const splat_reader::step st = splats_.feed(line);
	if (!st.before.empty() && !relayed)
		feed_clean(st.before, without_timestamp(st.before));
	if (st.started) {
		place p;
		p.running = running_;
		p.last_case = last_case_;
		p.last_binary = last_binary_;
		p.suite_started = in_ktap_ || sentinel_;
		p.suite_done = sentinel_.has_value();
		places_.push_back(std::move(p));
	}
	if (relayed || st.in_splat || ((panic || oops) && in_ktap_)) {
		kernel_log_ += line;
		kernel_log_ += '\n';
		return;
	}
	feed_clean(line, s);
}

void reader::feed_clean(const std::string &line, std::string_view s)
{
	if (starts(s, protocol::bench_begin)) {
		bench_begun_++;
		in_bench_ = true;
		return;
	}
	if (starts(s, protocol::bench_end)) {
		bench_ended_++;
		in_bench_ = false;
		bench_failed_ += s.find(std::string(protocol::bench_rc) +
					'0') == std::string_view::npos;
		return;
	}
	if (auto t = parse_sentinel(s)) {
		sentinel_ = t;
		in_ktap_ = false;
		return;
	}
	if (starts(s, "# ") && starts(s.substr(2), protocol::fact_prefix))
		facts_.emplace_back(s.substr(2));
	if (!in_ktap_ && !sentinel_ &&
	    (starts(s, "TAP version") || starts(s, "KTAP version")))
		in_ktap_ = true;
	if (in_ktap_ && !in_bench_) {
		ktap_ += line;
		ktap_ += '\n';
	} else if (!in_bench_ && !starts(s, protocol::frame_prefix) &&
		   !starts(s, "# ")) {
		kernel_log_ += line;
		kernel_log_ += '\n';
	}
	parser_.feed(line);
	std::vector<std::string> now = parser_.running();
	if (now != running_)
		moved(now);
	running_ = std::move(now);
}

// The running tests changed: remember what finished, and tell the splats
// printed while nothing ran which test began next.
void reader::moved(const std::vector<std::string> &now)
{
	const std::vector<std::string> &old = running_;
	if (old.size() >= 2 &&
	    (now.size() < 2 || now[0] != old[0] || now[1] != old[1]))
		last_case_ = old[1];
	if (!old.empty() && (now.empty() || now[0] != old[0]))
		last_binary_ = old[0];
	if (!now.empty() && (old.empty() || old[0] != now[0]))
		last_case_.clear();
	for (place &p : places_) {
		if (p.next_known)
			continue;
		if (p.running.size() == 1) {
			if (now.size() >= 2 && now[0] == p.running[0])
				p.next = now[1];
			else if (!now.empty() && now[0] == p.running[0])
				continue;
		} else if (p.running.empty()) {
			if (now.empty())
				continue;
			p.next = now[0];
		}
		p.next_known = true;
	}
}

std::vector<test> reader::finish_tests()
{
	splats_.close();
	std::vector<test> tests = parser_.finish();
	const std::vector<splat> all = splats_.take_closed();
	for (std::size_t i = 0; i < all.size() && i < places_.size(); i++)
		attribute(all[i], places_[i], tests);
	return tests;
}

void reader::attribute(const splat &s, const place &p, std::vector<test> &tests)
{
	std::vector<std::string> path;
	std::string note;
	if (p.running.size() >= 2) {
		path = p.running;
	} else if (p.running.size() == 1 && !p.next.empty() &&
		   same_task(p.running[0], s.task)) {
		path = {p.running[0], p.next};
		note = " (printed just before its RUN line)";
	}
	test *binary = nullptr;
	test *t = find_test(tests, path, binary);
	if (!t) {
		splat o = s;
		o.where = where_of(p, s, path);
		outside_.push_back(std::move(o));
		return;
	}
	const bool first = t->kernel_warnings.empty();
	t->kernel_warnings.insert(t->kernel_warnings.end(), s.lines.begin(),
				  s.lines.end());
	if (s.cut_short)
		t->kernel_warnings.push_back(
			"(the report went on; cut at " +
			std::to_string(splat_reader::max_lines) + " lines)");
	if (!first)
		return;
	const std::string reason =
		splat_noun(s) + " during the test" + note + ": " + s.title;
	if (t->result == status::pass) {
		splat_shift_.passed++;
		t->result = status::fail;
		t->directive = reason;
	} else if (t->result == status::skip) {
		splat_shift_.skipped++;
		t->result = status::fail;
		t->directive =
			reason + " (it had skipped: " + t->directive + ")";
	} else {
		t->directive = t->directive.empty()
				       ? reason
				       : reason + "; " + t->directive;
	}
	if (binary && binary != t && binary->result == status::pass) {
		binary->result = status::fail;
		binary->directive = "a test case had a " + splat_noun(s);
	}
}

} // namespace guardcheck::console
