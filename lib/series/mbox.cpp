// SPDX-License-Identifier: GPL-2.0
#include "series/mbox.h"

#include "text/text_file.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <regex>

namespace guardcheck::series
{

namespace
{

bool starts_with_ci(std::string_view s, std::string_view prefix)
{
	if (s.size() < prefix.size())
		return false;
	for (std::size_t i = 0; i < prefix.size(); i++)
		if (std::tolower(static_cast<unsigned char>(s[i])) !=
		    std::tolower(static_cast<unsigned char>(prefix[i])))
			return false;
	return true;
}

using text::trim;

// "Name: value" with a name of printable characters and no blanks.
bool is_header(std::string_view line)
{
	const std::size_t colon = line.find(':');
	if (colon == 0 || colon == std::string_view::npos)
		return false;
	for (std::size_t i = 0; i < colon; i++) {
		const auto c = static_cast<unsigned char>(line[i]);
		if (c <= ' ' || c >= 127)
			return false;
	}
	return true;
}

// Reads the header block starting at lines[i]; returns the index after the
// blank line that ends it.
std::size_t read_headers(const std::vector<std::string> &lines, std::size_t i,
			 std::size_t end, message &m, bool &had_header)
{
	std::string current;
	auto flush = [&] {
		if (starts_with_ci(current, "subject:"))
			m.subject = std::string(trim(current.substr(8)));
		else if (starts_with_ci(current, "from:"))
			m.from = std::string(trim(current.substr(5)));
		current.clear();
	};
	had_header = false;
	for (; i < end; i++) {
		const std::string &line = lines[i];
		if (line.empty()) {
			i++;
			break;
		}
		if ((line[0] == ' ' || line[0] == '\t') && !current.empty()) {
			current += " " + std::string(trim(line));
			continue;
		}
		if (!is_header(line))
			break;
		flush();
		current = line;
		had_header = true;
	}
	flush();
	return i;
}

bool is_separator(const std::vector<std::string> &lines, std::size_t i)
{
	// A "From " line followed by a header. Not only after a blank line:
	// patches concatenated from `git format-patch --no-signature` have
	// none, and a diff line never starts with "From ".
	if (lines[i].rfind("From ", 0) != 0)
		return false;
	return i + 1 < lines.size() && is_header(lines[i + 1]);
}

std::string join(const std::vector<std::string> &lines, std::size_t from,
		 std::size_t to)
{
	std::string out;
	for (std::size_t i = from; i < to; i++)
		out += lines[i] + "\n";
	return out;
}

std::string unescape(const std::vector<std::string> &lines, std::size_t from,
		     std::size_t to)
{
	static const std::regex quoted("^>+From ");
	std::string out;
	for (std::size_t i = from; i < to; i++) {
		if (std::regex_search(lines[i], quoted))
			out += lines[i].substr(1) + "\n";
		else
			out += lines[i] + "\n";
	}
	return out;
}

int to_int(std::string_view s)
{
	int v = 0;
	std::from_chars(s.data(), s.data() + s.size(), v);
	return v;
}

} // namespace

std::vector<std::string> split_lines(std::string_view text)
{
	std::vector<std::string> lines;
	std::size_t start = 0;
	while (start < text.size()) {
		std::size_t nl = text.find('\n', start);
		if (nl == std::string_view::npos)
			nl = text.size();
		std::string line(text.substr(start, nl - start));
		if (!line.empty() && line.back() == '\r')
			line.pop_back();
		lines.push_back(std::move(line));
		start = nl + 1;
	}
	return lines;
}

std::vector<message> parse_mbox(std::string_view text,
				const std::string &source,
				std::vector<std::string> &errors)
{
	const std::vector<std::string> lines = split_lines(text);
	std::vector<message> out;
	std::size_t first = 0;
	while (first < lines.size() && trim(lines[first]).empty())
		first++;
	if (first == lines.size())
		return out;
	if (lines[first].rfind("From ", 0) != 0) {
		errors.push_back(source + ":" + std::to_string(first + 1) +
				 ": not an mbox: the first line is not a "
				 "\"From \" separator (got \"" +
				 lines[first].substr(0, 60) + "\")");
		return out;
	}
	std::vector<std::size_t> starts;
	for (std::size_t i = first; i < lines.size(); i++)
		if (i == first || is_separator(lines, i))
			starts.push_back(i);
	for (std::size_t s = 0; s < starts.size(); s++) {
		const std::size_t begin = starts[s];
		const std::size_t end =
			s + 1 < starts.size() ? starts[s + 1] : lines.size();
		message m;
		m.source = source + ":" + std::to_string(begin + 1);
		bool had_header = false;
		const std::size_t body =
			read_headers(lines, begin + 1, end, m, had_header);
		if (!had_header) {
			errors.push_back(m.source +
					 ": malformed mbox: a \"From \" "
					 "separator without a header block");
			continue;
		}
		if (m.subject.empty()) {
			errors.push_back(m.source +
					 ": malformed mbox: message without "
					 "a Subject: header");
			continue;
		}
		m.body = unescape(lines, body, end);
		m.raw = join(lines, begin, end);
		out.push_back(std::move(m));
	}
	return out;
}

message parse_single(std::string_view text, const std::string &source,
		     const std::string &fallback_subject)
{
	const std::vector<std::string> lines = split_lines(text);
	message m;
	m.source = source + ":1";
	bool had_header = false;
	std::size_t body = 0;
	if (!lines.empty() && is_header(lines[0]))
		body = read_headers(lines, 0, lines.size(), m, had_header);
	if (!had_header || m.subject.empty()) {
		// A quilt patch: the first non-blank line of free text, if it
		// is not already the diff, is the subject.
		body = 0;
		m.subject = fallback_subject;
		for (const std::string &l : lines) {
			if (trim(l).empty())
				continue;
			if (l.rfind("diff ", 0) != 0 &&
			    l.rfind("--- ", 0) != 0 &&
			    l.rfind("Index: ", 0) != 0)
				m.subject = std::string(trim(l));
			break;
		}
	}
	m.body = join(lines, body, lines.size());
	// git am needs an mbox: give the quilt patch a separator and headers.
	m.raw = "From 0000000000000000000000000000000000000000 Mon Sep 17 "
		"00:00:00 2001\n";
	m.raw += "From: " +
		 (m.from.empty() ? "unknown <unknown@localhost>" : m.from) +
		 "\n";
	m.raw += "Subject: " + m.subject + "\n\n" + m.body;
	return m;
}

subject_tags parse_subject(std::string_view subject)
{
	subject_tags t;
	std::string_view s = trim(subject);
	for (;;) {
		if (starts_with_ci(s, "re:") || starts_with_ci(s, "aw:")) {
			t.reply = true;
			s = trim(s.substr(3));
		} else if (starts_with_ci(s, "fwd:")) {
			t.reply = true;
			s = trim(s.substr(4));
		} else if (!s.empty() && s.front() == '[') {
			const std::size_t close = s.find(']');
			if (close == std::string_view::npos)
				break;
			const std::string_view tag = s.substr(1, close - 1);
			s = trim(s.substr(close + 1));
			std::string upper;
			for (const char c : tag)
				upper += static_cast<char>(std::toupper(
					static_cast<unsigned char>(c)));
			if (upper.find("PATCH") == std::string::npos)
				continue;
			t.patch = true;
			t.tag = std::string(tag);
			static const std::regex version("^[vV]([0-9]+)$");
			static const std::regex part("^([0-9]+)/([0-9]+)$");
			std::size_t start = 0;
			const std::string text(tag);
			while (start < text.size()) {
				std::size_t stop =
					text.find_first_of(" ,\t", start);
				if (stop == std::string::npos)
					stop = text.size();
				const std::string word =
					text.substr(start, stop - start);
				std::smatch m;
				if (std::regex_match(word, m, version)) {
					t.version = to_int(m.str(1));
				} else if (std::regex_match(word, m, part)) {
					t.number = to_int(m.str(1));
					t.total = to_int(m.str(2));
				}
				start = stop + 1;
			}
		} else {
			break;
		}
	}
	t.title = std::string(s);
	return t;
}

diff parse_diff(std::string_view body)
{
	static const std::regex hunk_re(
		R"(^@@ -([0-9]+)(,([0-9]+))? \+([0-9]+)(,([0-9]+))? @@)");
	diff d;
	const std::vector<std::string> lines = split_lines(body);
	auto strip_prefix = [](std::string p) {
		const std::size_t tab = p.find('\t');
		if (tab != std::string::npos)
			p.resize(tab);
		if (p.rfind("a/", 0) == 0 || p.rfind("b/", 0) == 0)
			p.erase(0, 2);
		return p;
	};
	bool in_git_header = false;
	for (std::size_t i = 0; i < lines.size(); i++) {
		const std::string &l = lines[i];
		if (l.rfind("diff --git ", 0) == 0) {
			const std::size_t b = l.rfind(" b/");
			d.files.push_back({b == std::string::npos
						   ? l.substr(11)
						   : l.substr(b + 3),
					   {}});
			in_git_header = true;
			continue;
		}
		if (l.rfind("--- ", 0) == 0 && i + 1 < lines.size() &&
		    lines[i + 1].rfind("+++ ", 0) == 0) {
			std::string path = strip_prefix(lines[i + 1].substr(4));
			if (path == "/dev/null")
				path = strip_prefix(l.substr(4));
			if (in_git_header)
				d.files.back().path = path;
			else
				d.files.push_back({path, {}});
			in_git_header = false;
			i++;
			continue;
		}
		std::smatch m;
		if (d.files.empty() || !std::regex_search(l, m, hunk_re))
			continue;
		in_git_header = false;
		hunk h;
		h.old_start = to_int(m.str(1));
		h.old_count = m[3].matched ? to_int(m.str(3)) : 1;
		h.new_start = to_int(m.str(4));
		h.new_count = m[6].matched ? to_int(m.str(6)) : 1;
		file_diff &f = d.files.back();
		f.hunks.push_back(h);
		int old_left = h.old_count, new_left = h.new_count;
		std::size_t j = i + 1;
		for (; j < lines.size() && (old_left > 0 || new_left > 0);
		     j++) {
			const std::string &x = lines[j];
			const char c = x.empty() ? ' ' : x[0];
			if (c == ' ') {
				old_left--;
				new_left--;
			} else if (c == '-') {
				old_left--;
			} else if (c == '+') {
				new_left--;
			} else if (c != '\\') {
				break;
			}
		}
		if (old_left != 0 || new_left != 0)
			d.errors.push_back(
				"hunk " + std::to_string(f.hunks.size()) +
				" of " + f.path + " (@@ -" +
				std::to_string(h.old_start) +
				" @@) does not have the lines its header "
				"counts: truncated or malformed diff");
		i = j - 1;
	}
	return d;
}

upstream_ref find_upstream(std::string_view body)
{
	static const std::regex stable(
		R"(^\s*commit ([0-9a-fA-F]{7,40}) upstream\.?\s*$)",
		std::regex::icase);
	static const std::regex bracket(
		R"(\[\s*upstream commit ([0-9a-fA-F]{7,40})\s*\])",
		std::regex::icase);
	static const std::regex cherry(
		R"(\(cherry picked from commit ([0-9a-fA-F]{7,40})\))");
	for (const std::string &l : split_lines(body)) {
		if (l == "---" || l.rfind("diff --git ", 0) == 0)
			break;
		std::smatch m;
		std::string how;
		if (std::regex_search(l, m, stable))
			how = "commit <sha> upstream.";
		else if (std::regex_search(l, m, bracket))
			how = "[ Upstream commit <sha> ]";
		else if (std::regex_search(l, m, cherry))
			how = "(cherry picked from commit <sha>)";
		else
			continue;
		std::string sha = m.str(1);
		std::transform(sha.begin(), sha.end(), sha.begin(), [](char c) {
			return static_cast<char>(
				std::tolower(static_cast<unsigned char>(c)));
		});
		return {sha, how};
	}
	return {};
}

std::string normalize_subject(std::string_view s)
{
	std::string out;
	bool blank = false;
	for (const char c : trim(s)) {
		if (std::isspace(static_cast<unsigned char>(c))) {
			blank = true;
			continue;
		}
		if (blank && !out.empty())
			out += ' ';
		blank = false;
		out += static_cast<char>(
			std::tolower(static_cast<unsigned char>(c)));
	}
	while (!out.empty() && out.back() == '.')
		out.pop_back();
	return out;
}

} // namespace guardcheck::series
