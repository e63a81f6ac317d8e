// SPDX-License-Identifier: GPL-2.0
// The KTAP forms this reads, and what it makes of each, are listed at the top
// of ktap.h.
#include "ktap/ktap.h"

#include "text/text_file.h"
#include "text/utf8.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

namespace guardcheck::ktap
{

namespace
{

bool starts(std::string_view s, std::string_view p)
{
	return s.substr(0, p.size()) == p;
}

// Valid UTF-8 (U+FFFD for what is not) without DEL, the C1 controls and the
// characters XML 1.0 forbids: console noise that no report can carry.
std::string without_non_text(const std::string &s)
{
	const bool plain = std::all_of(s.begin(), s.end(), [](char c) {
		return c == '\t' || (c >= 0x20 && c < 0x7f);
	});
	if (plain)
		return s;
	std::string out;
	out.reserve(s.size());
	for (std::size_t at = 0; at < s.size();) {
		const char32_t c = text::next_code_point(s, at);
		if (c != 0x7f && !(c >= 0x80 && c <= 0x9f) &&
		    text::is_xml_char(c))
			text::append_utf8(out, c);
	}
	return out;
}

using text::trim;

bool is_version(std::string_view s)
{
	return starts(s, "KTAP version ") || starts(s, "TAP version ");
}

std::optional<int> plan_of(std::string_view s)
{
	if (!starts(s, "1.."))
		return std::nullopt;
	int n = 0;
	const char *end = s.data() + s.size();
	auto [p, ec] = std::from_chars(s.data() + 3, end, n);
	if (ec != std::errc() || (p != end && *p != ' '))
		return std::nullopt;
	return n;
}

bool is_result(std::string_view s, bool &ok, std::string_view &body)
{
	for (std::string_view word : {"ok", "not ok"}) {
		if (starts(s, word) &&
		    (s.size() == word.size() || s[word.size()] == ' ')) {
			ok = word == "ok";
			body = s.substr(word.size());
			return true;
		}
	}
	return false;
}

bool is_header(std::string_view s)
{
	return starts(s, "# Subtest:");
}

bool is_token(std::string_view s)
{
	bool ok;
	std::string_view body;
	return is_version(s) || plan_of(s) || is_result(s, ok, body) ||
	       is_header(s);
}

void add(totals &t, status s)
{
	switch (s) {
	case status::pass:
		t.passed++;
		break;
	case status::fail:
		t.failed++;
		break;
	case status::skip:
		t.skipped++;
		break;
	case status::crashed:
		t.crashed++;
		break;
	}
}

void count(const test &t, totals &out)
{
	if (t.subtests.empty()) {
		add(out, t.result);
		return;
	}
	totals sub;
	for (const test &s : t.subtests)
		count(s, sub);
	out.passed += sub.passed;
	out.failed += sub.failed;
	out.skipped += sub.skipped;
	out.crashed += sub.crashed;
	if ((t.result == status::fail || t.result == status::crashed) &&
	    sub.failed == 0 && sub.crashed == 0)
		add(out, t.result);
}

constexpr std::size_t max_log_lines = 200;

} // namespace

std::string_view status_name(status s)
{
	switch (s) {
	case status::pass:
		return "PASS";
	case status::fail:
		return "FAIL";
	case status::skip:
		return "SKIP";
	case status::crashed:
		return "CRASHED";
	}
	return "?";
}

totals count_cases(const std::vector<test> &tests)
{
	totals t;
	for (const test &one : tests)
		count(one, t);
	return t;
}

std::string strip_control(std::string_view line)
{
	std::string out;
	out.reserve(line.size());
	for (std::size_t i = 0; i < line.size(); i++) {
		const unsigned char c = line[i];
		if (c == 0x1b) {
			// CSI: ESC [ params final-byte; other escapes: ESC +
			// one.
			if (i + 1 < line.size() && line[i + 1] == '[') {
				i += 2;
				while (i < line.size() &&
				       !(line[i] >= 0x40 && line[i] <= 0x7e))
					i++;
			} else {
				i++;
			}
			continue;
		}
		if (c == '\t' || c >= 0x20)
			out.push_back(static_cast<char>(c));
	}
	return without_non_text(out);
}

void parser::open_to(std::size_t depth)
{
	while (levels_.size() <= depth)
		levels_.emplace_back();
}

void parser::fill_missing(level &l)
{
	std::set<int> seen;
	for (std::size_t i = l.doc_start; i < l.tests.size(); i++)
		seen.insert(l.tests[i].number);
	if (!l.running.empty()) {
		test t;
		t.name = l.running;
		t.directive = "CRASHED: no result after it started";
		t.log = std::move(l.log);
		int n = 1;
		while (seen.count(n))
			n++;
		t.number = n;
		seen.insert(n);
		l.tests.push_back(std::move(t));
		l.running.clear();
	}
	for (int n = 1; l.plan && n <= *l.plan; n++) {
		if (seen.count(n))
			continue;
		test t;
		t.number = n;
		t.name = "test " + std::to_string(n);
		t.directive = never_reported;
		l.tests.push_back(std::move(t));
	}
	l.plan.reset();
	l.doc_start = l.tests.size();
}

void parser::collapse_to(std::size_t keep)
{
	// Levels at or above keep never got their parent's result.
	while (levels_.size() > keep && levels_.size() > 1) {
		level top = std::move(levels_.back());
		levels_.pop_back();
		level &below = levels_.back();
		fill_missing(top);
		test t;
		t.name = !top.header.empty()	  ? top.header
			 : !below.running.empty() ? below.running
						  : "(result never arrived)";
		t.directive = "CRASHED: the parent's result never arrived";
		t.subtests = std::move(top.tests);
		t.log = std::move(below.log);
		below.log.clear();
		t.number = static_cast<int>(below.tests.size() -
					    below.doc_start + 1);
		below.running.clear();
		below.tests.push_back(std::move(t));
	}
}

std::vector<test> parser::close_above(std::size_t depth, std::string &header)
{
	collapse_to(depth + 2);
	if (levels_.size() < depth + 2)
		return {};
	level top = std::move(levels_.back());
	levels_.pop_back();
	fill_missing(top);
	header = top.header;
	return std::move(top.tests);
}

void parser::on_result(std::size_t depth, std::string_view body, bool ok)
{
	open_to(depth);
	std::string header;
	std::vector<test> subs = close_above(depth, header);
	level &l = levels_[depth];
	test t;
	t.result = ok ? status::pass : status::fail;
	body = trim(body);
	int n = 0;
	auto [p, ec] =
		std::from_chars(body.data(), body.data() + body.size(), n);
	if (ec == std::errc()) {
		t.number = n;
		body.remove_prefix(p - body.data());
	} else {
		t.number = static_cast<int>(l.tests.size() - l.doc_start + 1);
	}
	body = trim(body);
	if (starts(body, "- "))
		body.remove_prefix(2);
	std::size_t hash = body.find(" # ");
	if (hash == std::string_view::npos && starts(body, "# "))
		hash = 0;
	if (hash != std::string_view::npos) {
		t.directive = std::string(trim(body.substr(hash + 2)));
		body = body.substr(0, hash);
		std::string word;
		for (char c : t.directive) {
			if (c == ' ' || c == ':')
				break;
			word.push_back(static_cast<char>(
				std::toupper(static_cast<unsigned char>(c))));
		}
		if (word == "SKIP" || word == "TODO" || word == "XFAIL")
			t.result = status::skip;
		else if (word == "TIMEOUT" || word == "CRASHED")
			t.result = status::crashed;
	}
	t.name = std::string(trim(body));
	if (t.name.empty())
		t.name = !header.empty() ? header : l.running;
	l.running.clear();
	t.subtests = std::move(subs);
	t.log = std::move(l.log);
	l.log.clear();
	l.tests.push_back(std::move(t));
}

void parser::on_diagnostic(std::size_t depth, std::string_view text)
{
	if (depth >= levels_.size())
		depth = levels_.size() - 1;
	level &l = levels_[depth];
	if (l.log.size() < max_log_lines)
		l.log.emplace_back(text);
	// kselftest_harness: "#  RUN           fixture.variant.name ..."
	std::string_view t = trim(text);
	// run_kselftest.sh and our runner: "# selftests: <collection>: <test>"
	if (starts(t, "selftests: ")) {
		l.running = std::string(t);
		return;
	}
	if (starts(t, "RUN ")) {
		t = trim(t.substr(4));
		if (t.size() > 4 && t.substr(t.size() - 4) == " ...")
			l.running =
				std::string(trim(t.substr(0, t.size() - 4)));
	}
}

void parser::feed(std::string_view raw)
{
	const std::string clean = strip_control(raw);
	std::string_view s = without_printk_time(clean);
	if (!prefix_.empty() && starts(s, prefix_))
		s.remove_prefix(prefix_.size());

	std::size_t depth = 0;
	for (;;) {
		if (is_token(s))
			break;
		if (starts(s, "    ")) {
			s.remove_prefix(4);
			depth++;
		} else if (starts(s, "\t")) {
			s.remove_prefix(1);
			depth++;
		} else if (starts(s, "# ") && s.size() > 2 &&
			   (s[2] == '#' || is_token(s.substr(2)))) {
			s.remove_prefix(2);
			depth++;
		} else if (!s.empty() && s.front() == ' ' &&
			   is_token(trim(s))) {
			s = trim(s);
		} else {
			break;
		}
	}

	bool ok;
	std::string_view body;
	if (is_version(s)) {
		collapse_to(depth + 1);
		if (levels_.size() == depth + 1) {
			level &l = levels_[depth];
			const bool used =
				l.plan || l.tests.size() > l.doc_start;
			if (used && depth > 0)
				collapse_to(depth);
			else if (used)
				fill_missing(l);
		}
		open_to(depth);
		return;
	}
	if (auto n = plan_of(s)) {
		open_to(depth);
		level &l = levels_[depth];
		if (l.plan || l.tests.size() > l.doc_start)
			fill_missing(l);
		l.plan = n;
		return;
	}
	if (is_result(s, ok, body)) {
		on_result(depth, body, ok);
		return;
	}
	if (is_header(s)) {
		open_to(depth);
		levels_[depth].header = std::string(trim(s.substr(10)));
		return;
	}
	if (!s.empty() && s.front() == '#') {
		s.remove_prefix(1);
		if (!s.empty() && s.front() == ' ')
			s.remove_prefix(1);
		on_diagnostic(depth, s);
		return;
	}
	// A constant prefix before the version line ("guest0: TAP version
	// 13") is stripped from every later line, as kunit.py does.
	for (std::string_view v : {"KTAP version ", "TAP version "}) {
		const std::size_t at = s.find(v);
		if (at != std::string_view::npos && at > 0) {
			prefix_ = std::string(s.substr(0, at));
			feed(raw);
			return;
		}
	}
}

std::vector<test> parser::finish()
{
	collapse_to(1);
	fill_missing(levels_[0]);
	std::vector<test> out = std::move(levels_[0].tests);
	levels_.assign(1, level{});
	prefix_.clear();
	return out;
}

std::vector<std::string> parser::running() const
{
	std::vector<std::string> out;
	for (const level &l : levels_) {
		if (l.running.empty())
			break;
		out.push_back(l.running);
	}
	return out;
}

std::vector<test> parse(std::string_view text)
{
	parser p;
	while (!text.empty()) {
		const std::size_t nl = text.find('\n');
		p.feed(text.substr(0, nl));
		if (nl == std::string_view::npos)
			break;
		text.remove_prefix(nl + 1);
	}
	return p.finish();
}

std::string_view without_printk_time(std::string_view s)
{
	if (s.empty() || s.front() != '[')
		return s;
	const std::size_t close = s.find(']');
	if (close == std::string_view::npos || close > 24 || close < 2)
		return s;
	for (char c : s.substr(1, close - 1))
		if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.' &&
		    c != ' ')
			return s;
	s.remove_prefix(close + 1);
	if (!s.empty() && s.front() == ' ')
		s.remove_prefix(1);
	return s;
}

} // namespace guardcheck::ktap
