// SPDX-License-Identifier: GPL-2.0
#include "console/splat.h"

#include "ktap/ktap.h"
#include "protocol/protocol.h"

#include "text/text_file.h"

#include <cctype>

namespace guardcheck::console
{

namespace
{

constexpr std::string_view cut_here = "------------[ cut here ]------------";

bool starts(std::string_view s, std::string_view p)
{
	return s.substr(0, p.size()) == p;
}

bool has(std::string_view s, std::string_view p)
{
	return s.find(p) != std::string_view::npos;
}

// Lines the guest's runner prints: the tests' output behind "# ", KTAP
// results and plans, its own frames. The kernel never starts a line so
// ("#PF: ..." of an x86 page fault has no blank after the hash).
bool relayed(std::string_view s)
{
	return s == "#" || starts(s, "# ") || s == "ok" || starts(s, "ok ") ||
	       s == "not ok" || starts(s, "not ok ") ||
	       starts(s, "TAP version") || starts(s, "KTAP version") ||
	       starts(s, "1..") || starts(s, protocol::frame_prefix);
}

// "=====...": the frame of KASAN, KFENCE and lockdep reports.
bool rule_of_equals(std::string_view s)
{
	s = text::trim(s);
	if (s.size() < 20)
		return false;
	for (char c : s)
		if (c != '=')
			return false;
	return true;
}

bool oops_kind(std::string_view kind)
{
	return kind == "Oops" || kind == "BUG";
}

std::string task_of(std::string_view s)
{
	// "CPU: 0 UID: 0 PID: 57 Comm: sticky_test Not tainted 6.19.10 #1"
	const std::size_t at = s.find("Comm: ");
	if (at == std::string_view::npos)
		return {};
	s.remove_prefix(at + 6);
	return std::string(s.substr(0, s.find(' ')));
}

} // namespace

std::string_view splat_kind(std::string_view s)
{
	if (starts(s, "WARNING: CPU:"))
		return "WARNING";
	// lockdep's and RCU-lockdep's reports all open with a WARNING: line.
	static const std::string_view lockdep[] = {
		"WARNING: possible circular locking dependency",
		"WARNING: possible recursive locking",
		"WARNING: inconsistent lock state",
		"WARNING: suspicious RCU usage",
		"WARNING: possible irq lock inversion",
		"WARNING: bad unlock balance",
		"WARNING: held lock freed",
		"WARNING: lock held when returning to user space",
		"WARNING: Nested lock was not taken",
		"WARNING: bad contention detected",
	};
	for (std::string_view l : lockdep)
		if (starts(s, l))
			return "lockdep";
	if (starts(s, "WARNING:"))
		return "WARNING";
	if (starts(s, "BUG: KASAN:"))
		return "KASAN";
	if (starts(s, "BUG: KFENCE:"))
		return "KFENCE";
	if (starts(s, "BUG: unable to handle") ||
	    starts(s, "BUG: kernel NULL pointer dereference"))
		return "Oops";
	if (starts(s, "BUG:") || starts(s, "kernel BUG at"))
		return "BUG";
	if (starts(s, "Oops") || starts(s, "Internal error: Oops") ||
	    starts(s, "Unable to handle kernel") ||
	    starts(s, "general protection fault"))
		return "Oops";
	if (starts(s, "UBSAN:"))
		return "UBSAN";
	return {};
}

std::string splat_noun(const splat &s)
{
	if (s.kind == "KASAN" || s.kind == "KFENCE" || s.kind == "lockdep" ||
	    s.kind == "UBSAN")
		return s.kind + " report";
	if (s.kind == "WARNING" || s.kind == "BUG" || s.kind == "Oops")
		return "kernel " + s.kind;
	return "kernel warning";
}

void splat_reader::start(std::string_view line, std::string_view text)
{
	open_ = true;
	after_stack_ = false;
	current_ = splat{};
	cut_here_ = starts(text, cut_here);
	if (rule_of_equals(previous_))
		current_.lines.push_back(previous_);
	current_.lines.emplace_back(line);
	if (!cut_here_) {
		current_.kind = std::string(splat_kind(text));
		current_.title = std::string(text);
		current_.task = task_of(text);
	}
}

bool splat_reader::expects_end_trace() const
{
	// __warn() and oops_end() print "---[ end trace ]---", and so does
	// UBSAN after its "cut here"; a bare dump_stack() (lockdep, "BUG:
	// sleeping function called from invalid context") does not.
	return cut_here_ || current_.kind == "WARNING" ||
	       current_.kind == "Oops" || starts(current_.title, "kernel BUG");
}

void splat_reader::add(std::string_view line, std::string_view text)
{
	current_.lines.emplace_back(line);
	if (current_.task.empty())
		current_.task = task_of(text);
	const std::string_view kind = splat_kind(text);
	if (current_.title.empty() && !kind.empty()) {
		current_.kind = std::string(kind);
		current_.title = std::string(text);
	}
	if (has(text, "---[ end ")) {
		finish(true);
		return;
	}
	if ((current_.kind == "KASAN" || current_.kind == "KFENCE") &&
	    rule_of_equals(text)) {
		finish(true);
		return;
	}
	// A KASAN or KFENCE report goes on after the stack to its rule.
	if (text::trim(text) == "</TASK>" && current_.kind != "KASAN" &&
	    current_.kind != "KFENCE") {
		if (!expects_end_trace()) {
			finish(true);
			return;
		}
		after_stack_ = true;
	}
	if (current_.lines.size() >= max_lines) {
		current_.cut_short = true;
		finish(false);
	}
}

void splat_reader::finish(bool ended)
{
	current_.ended = ended;
	if (current_.title.empty()) {
		// Only "cut here" and whatever followed it.
		current_.kind = "cut here";
		current_.title =
			current_.lines.size() > 1
				? std::string(ktap::without_printk_time(
					  current_.lines[1]))
				: std::string(cut_here);
	}
	closed_.push_back(std::move(current_));
	current_ = splat{};
	open_ = false;
	after_stack_ = false;
}

splat_reader::step splat_reader::feed(std::string_view line)
{
	const std::string_view text = ktap::without_printk_time(line);
	step st;
	if (open_) {
		if (relayed(text)) {
			// The runner finished: nothing more of this block.
			if (starts(text, protocol::done))
				finish(false);
			return st;
		}
		const std::string_view kind = splat_kind(text);
		const bool fresh =
			has(text, cut_here) ||
			(!kind.empty() && !current_.title.empty() &&
			 !(oops_kind(current_.kind) && kind == "Oops"));
		if (after_stack_) {
			if (has(text, "---[ end ")) {
				add(line, text);
				return {true, false, {}};
			}
			finish(false);
		} else if (!fresh) {
			add(line, text);
			st.in_splat = true;
			return st;
		} else {
			finish(false);
		}
	}
	const std::size_t cut = text.find(cut_here);
	if (cut == 0) {
		start(line, text);
		st.in_splat = st.started = true;
		return st;
	}
	if (cut != std::string_view::npos) {
		const std::size_t in_line = line.size() - text.size() + cut;
		st.before = std::string(line.substr(0, in_line));
		start(line.substr(in_line), text.substr(cut));
		st.in_splat = st.started = true;
		return st;
	}
	if (!relayed(text) && !splat_kind(text).empty()) {
		start(line, text);
		st.in_splat = st.started = true;
		return st;
	}
	if (!relayed(text))
		previous_ = std::string(text);
	return st;
}

void splat_reader::close()
{
	if (open_)
		finish(false);
}

std::vector<splat> splat_reader::take_closed()
{
	std::vector<splat> out = std::move(closed_);
	closed_.clear();
	return out;
}

} // namespace guardcheck::console
