// SPDX-License-Identifier: GPL-2.0
#include "series/bisect.h"

#include <algorithm>
#include <set>
#include <sstream>

namespace guardcheck::series
{

namespace
{

int rank(ktap::status s)
{
	switch (s) {
	case ktap::status::crashed:
		return 3;
	case ktap::status::fail:
		return 2;
	case ktap::status::pass:
		return 1;
	case ktap::status::skip:
		break;
	}
	return 0;
}

char letter(ktap::status s)
{
	switch (s) {
	case ktap::status::crashed:
		return 'C';
	case ktap::status::fail:
		return 'F';
	case ktap::status::pass:
		return 'P';
	case ktap::status::skip:
		break;
	}
	return 'S';
}

void fold(const ktap::test &t, std::map<std::string, ktap::status> &out)
{
	if (!t.subtests.empty()) {
		for (const ktap::test &sub : t.subtests)
			fold(sub, out);
		return;
	}
	const std::string name = check_name(t.name);
	const auto [it, fresh] = out.emplace(name, t.result);
	if (!fresh && rank(t.result) > rank(it->second))
		it->second = t.result;
}

std::string pad(const std::string &s, std::size_t width)
{
	return s.size() >= width ? s + " "
				 : s + std::string(width - s.size(), ' ');
}

} // namespace

std::string check_name(std::string_view test_name)
{
	const std::size_t first = test_name.find('.');
	if (first == std::string_view::npos)
		return std::string(test_name);
	const std::size_t second = test_name.find('.', first + 1);
	if (second == std::string_view::npos)
		return std::string(test_name);
	return std::string(test_name.substr(0, first)) +
	       std::string(test_name.substr(second));
}

std::map<std::string, ktap::status>
fold_checks(const std::vector<ktap::test> &tests)
{
	std::map<std::string, ktap::status> out;
	for (const ktap::test &t : tests)
		fold(t, out);
	return out;
}

bisect_table make_table(const std::vector<step> &steps, const manifest &m,
			const manifest_check &rows)
{
	bisect_table table;
	// Which step the manifest expects to flip each check.
	std::map<std::string, int> expected;
	std::map<std::string, std::string> expected_by;
	// Which step the manifest knows to break a check until a later fix.
	std::map<std::string, int> breaks;
	for (const mapping &r : rows.rows) {
		if (r.entry < 0)
			continue;
		for (const std::string &c : m.entries[r.entry].checks) {
			expected[c] = r.patch;
			expected_by[c] = m.entries[r.entry].label();
		}
		for (const std::string &c : m.entries[r.entry].breaks)
			breaks[c] = r.patch;
	}
	std::set<std::string> checks;
	for (const step &s : steps)
		for (const auto &[name, st] : s.checks)
			checks.insert(name);
	for (std::size_t i = 0; i < steps.size(); i++)
		if (!steps[i].ran)
			table.problems.push_back("step " + steps[i].label +
						 ": no results (" +
						 steps[i].cause + ")");
	std::map<std::string, std::set<int>> flipped_at;
	for (const std::string &c : checks) {
		const step *prev = nullptr;
		for (std::size_t i = 0; i < steps.size(); i++) {
			const step &s = steps[i];
			const auto it = s.checks.find(c);
			if (!s.ran || it == s.checks.end())
				continue;
			if (prev) {
				const ktap::status before = prev->checks.at(c);
				if (before != it->second) {
					flip f{c, static_cast<int>(i), before,
					       it->second, -1};
					if (expected.count(c))
						f.expected = expected[c];
					table.flips.push_back(f);
					flipped_at[c].insert(
						static_cast<int>(i));
				}
			}
			prev = &s;
		}
	}
	for (const flip &f : table.flips) {
		const std::string what = f.check + " " + letter(f.from) + "->" +
					 letter(f.to) + " at patch " +
					 std::to_string(f.step);
		if (f.from == ktap::status::fail &&
		    f.to == ktap::status::pass) {
			if (f.expected < 0)
				table.problems.push_back(
					what + ", which no manifest patch is "
					       "expected to flip");
			else if (f.expected != f.step)
				table.problems.push_back(
					what + "; the manifest names patch " +
					std::to_string(f.expected) + " (" +
					expected_by[f.check] + ")");
		} else if (f.to == ktap::status::fail &&
			   breaks.count(f.check) && breaks[f.check] == f.step) {
			table.notes.push_back(what +
					      ": known, the manifest says this "
					      "patch breaks it until a later "
					      "one fixes it");
		} else if (f.to == ktap::status::fail ||
			   f.to == ktap::status::crashed) {
			table.problems.push_back(what + ": a regression");
		}
	}
	for (const auto &[c, at] : expected) {
		if (flipped_at.count(c) && flipped_at[c].count(at))
			continue;
		bool seen = false;
		bool all_skip = true;
		for (const step &s : steps) {
			const auto it = s.checks.find(c);
			if (it == s.checks.end())
				continue;
			seen = true;
			all_skip = all_skip && it->second == ktap::status::skip;
		}
		if (seen && all_skip)
			table.unchecked.push_back(
				c +
				" skipped at every step: its flip at patch " +
				std::to_string(at) + " (" + expected_by[c] +
				") is not checked here");
		else if (seen && !flipped_at.count(c))
			table.problems.push_back(
				c + " was expected to flip at patch " +
				std::to_string(at) + " (" + expected_by[c] +
				") but never changed");
	}

	std::size_t name_width = 5;
	for (const std::string &c : checks)
		name_width = std::max(name_width, c.size());
	std::ostringstream o;
	o << pad("check", name_width + 1);
	for (const step &s : steps)
		o << pad(s.label, std::max<std::size_t>(s.label.size(), 2) + 1);
	o << "flips  manifest\n";
	for (const std::string &c : checks) {
		o << pad(c, name_width + 1);
		for (std::size_t i = 0; i < steps.size(); i++) {
			const step &s = steps[i];
			const auto it = s.checks.find(c);
			std::string cell =
				!s.ran ? "?"
				: it == s.checks.end()
					? "-"
					: std::string(1, letter(it->second));
			if (flipped_at[c].count(static_cast<int>(i)))
				cell += "*";
			o << pad(cell,
				 std::max<std::size_t>(s.label.size(), 2) + 1);
		}
		std::string at;
		for (const int i : flipped_at[c])
			at += (at.empty() ? "" : ",") + std::to_string(i);
		o << pad(at.empty() ? "-" : at, 6)
		  << (expected.count(c) ? std::to_string(expected[c]) : "-")
		  << "\n";
	}
	o << "P pass, F fail, S skip, C crashed, ? no results, - not run; * "
	     "changed at this patch\n";
	table.text = o.str();
	return table;
}

} // namespace guardcheck::series
