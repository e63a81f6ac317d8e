// SPDX-License-Identifier: GPL-2.0
#include "text/markup.h"

#include "text/utf8.h"

#include <algorithm>

namespace guardcheck::text
{

namespace
{

std::size_t longest_backtick_run(std::string_view s)
{
	std::size_t longest = 0, run = 0;
	for (const char c : s) {
		run = c == '`' ? run + 1 : 0;
		longest = std::max(longest, run);
	}
	return longest;
}

std::string one_line(std::string_view s)
{
	std::string out(s);
	std::replace_if(
		out.begin(), out.end(),
		[](char c) { return c == '\n' || c == '\r'; }, ' ');
	return out;
}

} // namespace

std::string xml_escape(std::string_view s)
{
	std::string out;
	out.reserve(s.size());
	for (std::size_t at = 0; at < s.size();) {
		const char32_t c = next_code_point(s, at);
		switch (c) {
		case '&':
			out += "&amp;";
			break;
		case '<':
			out += "&lt;";
			break;
		case '>':
			out += "&gt;";
			break;
		case '"':
			out += "&quot;";
			break;
		default:
			if (is_xml_char(c))
				append_utf8(out, c);
		}
	}
	return out;
}

std::string md_text(std::string_view s)
{
	std::string out;
	for (const char c : valid_utf8(one_line(s))) {
		if (c == '\\' || c == '|' || c == '`' || c == '*')
			out += '\\';
		if (c == '<')
			out += "&lt;";
		else if (c == '&')
			out += "&amp;";
		else
			out += c;
	}
	return out;
}

std::string md_code(std::string_view s)
{
	const std::string text = valid_utf8(one_line(s));
	const std::string fence(longest_backtick_run(text) + 1, '`');
	// A space keeps a backtick at either end from joining the fence.
	const bool pad =
		!text.empty() && (text.front() == '`' || text.back() == '`');
	const std::string space = pad ? " " : "";
	return fence + space + text + space + fence;
}

std::string md_code_cell(std::string_view s)
{
	std::string out;
	for (const char c : md_code(s)) {
		if (c == '|')
			out += '\\';
		out += c;
	}
	return out;
}

std::string md_fence(const std::vector<std::string> &lines)
{
	std::size_t longest = 0;
	for (const std::string &l : lines)
		longest = std::max(longest, longest_backtick_run(l));
	return std::string(std::max<std::size_t>(3, longest + 1), '`');
}

} // namespace guardcheck::text
