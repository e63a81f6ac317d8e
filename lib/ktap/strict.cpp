// SPDX-License-Identifier: GPL-2.0
#include "ktap/strict.h"

#include <cctype>
#include <optional>

namespace guardcheck::ktap
{

namespace
{

bool all_digits(std::string_view s)
{
	if (s.empty())
		return false;
	for (const char c : s)
		if (!std::isdigit(static_cast<unsigned char>(c)))
			return false;
	return true;
}

// Strips the indentation; returns the depth.
std::size_t depth_of(std::string_view &line)
{
	std::size_t depth = 0;
	for (;;) {
		if (line.starts_with("    "))
			line.remove_prefix(4);
		else if (line.starts_with('\t'))
			line.remove_prefix(1);
		else
			return depth;
		depth++;
	}
}

bool is_version(std::string_view s)
{
	for (const std::string_view v : {"KTAP version ", "TAP version "})
		if (s.starts_with(v))
			return all_digits(s.substr(v.size()));
	return false;
}

// "1..N" or "1..N # comment": N, else nothing.
std::optional<int> plan_of(std::string_view s)
{
	if (!s.starts_with("1.."))
		return std::nullopt;
	s.remove_prefix(3);
	const std::size_t end = s.find(' ');
	const std::string_view n = s.substr(0, end);
	if (!all_digits(n) || n.size() > 9)
		return std::nullopt;
	if (end != std::string_view::npos && !s.substr(end).starts_with(" #"))
		return std::nullopt;
	return std::stoi(std::string(n));
}

// "ok 3 name", "not ok 4 - name # SKIP why": the word after ok is a
// number.
bool is_result(std::string_view s)
{
	if (s.starts_with("not "))
		s.remove_prefix(4);
	if (!s.starts_with("ok"))
		return false;
	s.remove_prefix(2);
	if (s.empty())
		return true;
	if (s.front() != ' ')
		return false;
	s.remove_prefix(1);
	return all_digits(s.substr(0, s.find(' ')));
}

} // namespace

std::vector<std::string> strict_problems(std::string_view text)
{
	std::vector<std::string> problems;
	std::optional<int> plan;
	int results = 0, number = 0;
	bool opened = false;
	while (!text.empty()) {
		const std::size_t nl = text.find('\n');
		std::string_view line = text.substr(0, nl);
		text.remove_prefix(nl == std::string_view::npos ? text.size()
								: nl + 1);
		number++;
		const std::string_view whole = line;
		const std::size_t depth = depth_of(line);
		auto problem = [&](const char *what) {
			problems.push_back("line " + std::to_string(number) +
					   ": " + what + ": " +
					   std::string(whole));
		};
		if (!opened) {
			if (depth || !is_version(line))
				problem("no version line first");
			opened = true;
			continue;
		}
		if (line.starts_with('#'))
			continue;
		if (is_result(line)) {
			results += depth == 0;
			continue;
		}
		if (const std::optional<int> p = plan_of(line)) {
			if (depth == 0) {
				if (plan)
					problem("a second plan");
				plan = p;
			}
			continue;
		}
		if (is_version(line) && depth > 0)
			continue;
		problem(is_version(line) ? "a second version line"
					 : "not KTAP");
	}
	if (!opened)
		problems.emplace_back("empty: no KTAP document");
	else if (!plan)
		problems.emplace_back("no plan at the top level");
	else if (*plan != results)
		problems.push_back("the plan says " + std::to_string(*plan) +
				   " top-level results, there are " +
				   std::to_string(results));
	return problems;
}

} // namespace guardcheck::ktap
