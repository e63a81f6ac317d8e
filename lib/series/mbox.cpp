// SPDX-License-Identifier: GPL-2.0
#include "series/mbox.h"

#include "series/command.h"
#include "text/text_file.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
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

using std::chrono::seconds;
using text::trim;
namespace fs = std::filesystem;

// What `git mailinfo` made of one message.
struct decoded {
	bool ok = false;
	std::string error;
	std::string author, email, subject, date, log, patch;
	bool has_header() const
	{
		return !author.empty() || !email.empty() || !subject.empty() ||
		       !date.empty();
	}
};

// Decodes each mail with `git mailinfo`, all in one shell (a process each
// costs more than the decoding). -k keeps the subject as it is (tags,
// "Re:"): the series logic reads them. -u re-encodes to UTF-8; CRs of
// decoded CRLF lines are dropped.
std::vector<decoded> mailinfo(const std::vector<fs::path> &mails,
			      const fs::path &dir)
{
	const fs::path out = dir / "decoded";
	fs::create_directories(out);
	const std::string script =
		"out=$1; shift; n=0; for f; do n=$((n+1)); "
		"git mailinfo -k -u --quoted-cr=strip \"$out/$n.msg\" "
		"\"$out/$n.patch\" <\"$f\" >\"$out/$n.info\" "
		"2>\"$out/$n.err\" || echo \"$n\" >>\"$out/failed\"; done";
	std::vector<std::string> argv = {"sh", "-c", script, "sh",
					 out.string()};
	for (const fs::path &m : mails)
		argv.push_back(m.string());
	const command_result r = run_command(argv, seconds(300));
	std::vector<decoded> all(mails.size());
	std::error_code ec;
	auto read = [&ec](const fs::path &f) {
		return fs::exists(f, ec) ? text::read_file(f) : std::string();
	};
	for (std::size_t i = 0; i < mails.size(); i++) {
		decoded &d = all[i];
		const fs::path base = out / std::to_string(i + 1);
		if (!r.ok || !fs::exists(base.string() + ".info", ec)) {
			d.error = "git mailinfo did not run (" + r.how + ")";
			continue;
		}
		for (const std::string &l :
		     split_lines(read(base.string() + ".info"))) {
			const std::size_t colon = l.find(": ");
			if (colon == std::string::npos)
				continue;
			const std::string name = l.substr(0, colon);
			const std::string value = l.substr(colon + 2);
			if (name == "Author")
				d.author = value;
			else if (name == "Email")
				d.email = value;
			else if (name == "Subject")
				d.subject = value;
			else if (name == "Date")
				d.date = value;
		}
		d.log = read(base.string() + ".msg");
		d.patch = read(base.string() + ".patch");
		d.ok = true;
	}
	for (const std::string &n : split_lines(read(out / "failed"))) {
		const std::size_t i = std::stoul(n) - 1;
		all[i].ok = false;
		all[i].error =
			"git mailinfo failed: " +
			std::string(trim(
				read(out / (std::to_string(i + 1) + ".err"))));
	}
	return all;
}

void fill(message &m, const decoded &d)
{
	m.subject = std::string(trim(d.subject));
	if (!d.author.empty() && !d.email.empty())
		m.from = d.author + " <" + d.email + ">";
	else
		m.from = d.author.empty() ? d.email : d.author;
	m.date = d.date;
	m.log = d.log;
	m.patch = d.patch;
	m.body = d.log + d.patch;
}

std::size_t count_lines(std::string_view text)
{
	std::size_t n = std::count(text.begin(), text.end(), '\n');
	if (!text.empty() && text.back() != '\n')
		n++;
	return n;
}

std::string join(const std::vector<std::string> &lines, std::size_t from,
		 std::size_t to)
{
	std::string out;
	for (std::size_t i = from; i < to; i++)
		out += lines[i] + "\n";
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
	const temp_dir dir("mbox");
	const fs::path mbox = dir.path() / "mbox";
	const fs::path split = dir.path() / "split";
	text::write_file(mbox, std::string(text));
	fs::create_directories(split);
	const command_result r =
		run_command({"git", "mailsplit", "-o" + split.string(),
			     "--mboxrd", mbox.string()},
			    seconds(120));
	if (!r.ok) {
		std::string said;
		for (const std::string &l : split_lines(r.output))
			said += (said.empty() ? "" : "; ") + l;
		errors.push_back(source + ": not an mbox: git mailsplit " +
				 r.how + ": " + said);
		return out;
	}
	std::vector<fs::path> files;
	for (const auto &e : fs::directory_iterator(split))
		files.push_back(e.path());
	std::sort(files.begin(), files.end());
	// mailsplit writes every line after the leading blanks to exactly
	// one message: the line a message starts at follows from the sizes.
	std::size_t line = first + 1;
	const std::vector<decoded> all = mailinfo(files, dir.path());
	for (std::size_t i = 0; i < files.size(); i++) {
		message m;
		m.source = source + ":" + std::to_string(line);
		m.raw = text::read_file(files[i]);
		line += count_lines(m.raw);
		const decoded &d = all[i];
		if (!d.ok) {
			errors.push_back(m.source + ": " + d.error);
			continue;
		}
		if (!d.has_header()) {
			errors.push_back(m.source +
					 ": malformed mbox: a \"From \" "
					 "separator without a header block");
			continue;
		}
		if (trim(d.subject).empty()) {
			errors.push_back(m.source +
					 ": malformed mbox: message without "
					 "a Subject: header");
			continue;
		}
		fill(m, d);
		out.push_back(std::move(m));
	}
	return out;
}

message parse_single(std::string_view text, const std::string &source,
		     const std::string &fallback_subject)
{
	// A quilt patch: the first non-blank line of free text, if it is
	// not already the diff, is the subject.
	const std::vector<std::string> lines = split_lines(text);
	std::string subject = fallback_subject;
	for (const std::string &l : lines) {
		if (trim(l).empty())
			continue;
		if (l.rfind("diff ", 0) != 0 && l.rfind("--- ", 0) != 0 &&
		    l.rfind("Index: ", 0) != 0)
			subject = std::string(trim(l));
		break;
	}
	// git am needs a mail: give the quilt patch a separator and headers.
	const std::string quilt =
		"From 0000000000000000000000000000000000000000 Mon Sep 17 "
		"00:00:00 2001\nFrom: unknown <unknown@localhost>\nSubject: " +
		subject + "\n\n" + join(lines, 0, lines.size());
	// Decoded both ways at once: as a mail without a separator, and as
	// the quilt patch made into one.
	const temp_dir dir("patch");
	const fs::path as_mail = dir.path() / "mail";
	const fs::path as_quilt = dir.path() / "quilt";
	text::write_file(as_mail, std::string(text));
	text::write_file(as_quilt, quilt);
	const std::vector<decoded> d =
		mailinfo({as_mail, as_quilt}, dir.path());
	message m;
	m.source = source + ":1";
	if (d[0].ok && !trim(d[0].subject).empty()) {
		fill(m, d[0]);
		m.raw = "From 0000000000000000000000000000000000000000 Mon "
			"Sep 17 00:00:00 2001\n" +
			std::string(text);
		return m;
	}
	fill(m, d[1]);
	m.subject = subject;
	m.from.clear();
	m.raw = quilt;
	return m;
}

std::string mboxrd_of(const std::vector<std::string> &raw_messages)
{
	std::string out;
	for (const std::string &raw : raw_messages) {
		const std::vector<std::string> lines = split_lines(raw);
		for (std::size_t i = 0; i < lines.size(); i++) {
			const std::string &l = lines[i];
			const std::size_t gt = l.find_first_not_of('>');
			const bool quote = i > 0 && gt != std::string::npos &&
					   l.compare(gt, 5, "From ") == 0;
			out += (quote ? ">" : "") + l + "\n";
		}
		out += "\n";
	}
	return out;
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

std::string diff_path(std::string path)
{
	const std::size_t tab = path.find('\t');
	if (tab != std::string::npos)
		path.resize(tab);
	if (path.rfind("a/", 0) == 0 || path.rfind("b/", 0) == 0)
		path.erase(0, 2);
	return path;
}

diff parse_diff(std::string_view body)
{
	static const std::regex hunk_re(
		R"(^@@ -([0-9]+)(,([0-9]+))? \+([0-9]+)(,([0-9]+))? @@)");
	diff d;
	const std::vector<std::string> lines = split_lines(body);
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
			std::string path = diff_path(lines[i + 1].substr(4));
			if (path == "/dev/null")
				path = diff_path(l.substr(4));
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
