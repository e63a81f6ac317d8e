// SPDX-License-Identifier: GPL-2.0
#include "series/upstream_diff.h"

#include "series/command.h"
#include "series/mbox.h"
#include "text/text_file.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace guardcheck::series
{

namespace fs = std::filesystem;
using std::chrono::seconds;

namespace
{

int to_int(const std::string &s)
{
	return s.empty() ? 1 : std::stoi(s);
}

// The sections of a range-diff form: path -> its text.
std::map<std::string, std::string> by_file(const std::string &form)
{
	std::map<std::string, std::string> out;
	std::string current;
	for (const std::string &l : split_lines(form)) {
		if (l.rfind("## ", 0) == 0 && l.size() > 6)
			current = l.substr(3, l.size() - 6);
		out[current] += l + "\n";
	}
	return out;
}

std::vector<std::string> hunks_of(const std::string &section)
{
	std::vector<std::string> out;
	for (const std::string &l : split_lines(section)) {
		if (l.rfind("@@", 0) == 0)
			out.emplace_back();
		if (!out.empty())
			out.back() += l + "\n";
	}
	return out;
}

// "mm/vma.c (2 of 5 hunks)" for each file whose section differs.
std::vector<std::string> differing_files(const std::string &up,
					 const std::string &back)
{
	const auto a = by_file(up), b = by_file(back);
	std::vector<std::string> out;
	for (const auto &[path, text] : a)
		if (!b.count(path))
			out.push_back(path + " (only upstream)");
	for (const auto &[path, text] : b) {
		const auto it = a.find(path);
		if (it == a.end()) {
			out.push_back(path + " (only in the backport)");
			continue;
		}
		if (it->second == text)
			continue;
		const std::vector<std::string> uh = hunks_of(it->second);
		const std::vector<std::string> bh = hunks_of(text);
		std::size_t changed = 0;
		for (const std::string &h : bh)
			if (std::find(uh.begin(), uh.end(), h) == uh.end())
				changed++;
		std::size_t gone = 0;
		for (const std::string &h : uh)
			if (std::find(bh.begin(), bh.end(), h) == bh.end())
				gone++;
		out.push_back(path + " (" +
			      std::to_string(std::max(changed, gone)) + " of " +
			      std::to_string(std::max(uh.size(), bh.size())) +
			      " hunks)");
	}
	return out;
}

// git diff --no-index of the two forms, shown as range-diff shows a pair:
// its own headers dropped, each hunk headed by the nearest file or hunk
// line above it.
std::string range_diff(const std::string &raw, const std::string &up)
{
	static const std::regex outer("^@@ -([0-9]+)(,[0-9]+)? .*@@");
	const std::vector<std::string> old_lines = split_lines(up);
	std::string out;
	bool body = false;
	for (const std::string &l : split_lines(raw)) {
		std::smatch m;
		if (std::regex_search(l, m, outer)) {
			body = true;
			int at = std::stoi(m.str(1)) - 1;
			std::string head;
			for (int i = at - 1; i >= 0 && head.empty(); i--) {
				const std::string &o = old_lines[i];
				if (o.rfind("## ", 0) == 0 && o.size() > 6)
					head = o.substr(3, o.size() - 6);
				else if (o.rfind("@@ ", 0) == 0)
					head = o.substr(3);
			}
			out += head.empty() ? "@@\n" : "@@ " + head + "\n";
			continue;
		}
		if (body)
			out += l + "\n";
	}
	return out;
}

int changed_lines(const std::string &interdiff)
{
	int n = 0;
	for (const std::string &l : split_lines(interdiff))
		if (!l.empty() && (l[0] == '+' || l[0] == '-'))
			n++;
	return n;
}

std::string first_word(const std::string &s)
{
	return s.substr(0, s.find(' '));
}

} // namespace

std::string range_diff_form(std::string_view text)
{
	static const std::regex hunk_re(
		R"(^@@ -[0-9]+(,([0-9]+))? \+[0-9]+(,([0-9]+))? @@ ?(.*)$)");
	const std::vector<std::string> lines = split_lines(text);
	std::string out, path;
	bool git_header = false;
	for (std::size_t i = 0; i < lines.size(); i++) {
		const std::string &l = lines[i];
		if (l.rfind("diff --git ", 0) == 0) {
			const std::size_t b = l.rfind(" b/");
			path = b == std::string::npos ? l.substr(11)
						      : l.substr(b + 3);
			out += "## " + path + " ##\n";
			git_header = true;
			continue;
		}
		if (l.rfind("--- ", 0) == 0 && i + 1 < lines.size() &&
		    lines[i + 1].rfind("+++ ", 0) == 0) {
			std::string p = diff_path(lines[i + 1].substr(4));
			if (p == "/dev/null")
				p = diff_path(l.substr(4));
			if (!git_header) {
				path = p;
				out += "## " + path + " ##\n";
			}
			git_header = false;
			i++;
			continue;
		}
		if (git_header && (l.rfind("new file mode", 0) == 0 ||
				   l.rfind("deleted file mode", 0) == 0)) {
			out += l + "\n";
			continue;
		}
		std::smatch m;
		if (path.empty() || !std::regex_search(l, m, hunk_re))
			continue;
		git_header = false;
		std::string func = m.str(5).substr(0, 40);
		while (!func.empty() &&
		       (func.back() == ' ' || func.back() == '\t'))
			func.pop_back();
		out += "@@ " + path + (func.empty() ? "" : ": " + func) + "\n";
		int old_left = to_int(m.str(2)), new_left = to_int(m.str(4));
		for (i++; i < lines.size() && (old_left > 0 || new_left > 0);
		     i++) {
			const std::string &x = lines[i];
			const char c = x.empty() ? ' ' : x[0];
			if (c == '\\') {
				out += x + "\n";
				continue;
			}
			if (c != ' ' && c != '-' && c != '+')
				break;
			old_left -= c != '+';
			new_left -= c != '-';
			out += (x.empty() ? " " : x) + "\n";
		}
		while (i < lines.size() && lines[i].rfind("\\ ", 0) == 0)
			out += lines[i++] + "\n";
		i--;
	}
	return out;
}

std::string git_form(std::string_view text)
{
	const std::vector<std::string> lines = split_lines(text);
	std::string out;
	bool header = false;
	for (std::size_t i = 0; i < lines.size(); i++) {
		const std::string &l = lines[i];
		if (l.rfind("diff ", 0) == 0)
			header = true;
		if (l.rfind("--- ", 0) == 0 && i + 1 < lines.size() &&
		    lines[i + 1].rfind("+++ ", 0) == 0) {
			if (!header) {
				std::string p =
					diff_path(lines[i + 1].substr(4));
				if (p == "/dev/null")
					p = diff_path(l.substr(4));
				out += "diff --git a/";
				out += p;
				out += " b/";
				out += p;
				out += "\n";
			}
			header = false;
		} else if (l.rfind("@@ ", 0) == 0) {
			header = false;
		}
		out += l + "\n";
	}
	return out;
}

std::vector<upstream_comparison>
compare_with_upstream(const patch_series &s, const std::string &upstream,
		      const manifest *m, const manifest_check *v)
{
	std::error_code ec;
	const bool mbox = fs::is_regular_file(upstream, ec);
	patch_series posted;
	if (mbox) {
		posted = load(upstream, "");
		if (!posted.errors.empty())
			throw std::runtime_error(
				"UPSTREAM=" + upstream +
				" cannot be used: " + posted.errors.front());
	} else if (!run_command(
			    {"git", "-C", upstream, "rev-parse", "--git-dir"},
			    seconds(30))
			    .ok) {
		throw std::runtime_error(
			"UPSTREAM=" + upstream +
			" is neither an mbox nor a git repository; give the "
			"upstream posting or a clone of mainline that holds "
			"the upstream commits");
	}
	auto entry_of = [&](const patch &p) -> const manifest_entry * {
		if (!m || !v)
			return nullptr;
		for (const mapping &r : v->rows)
			if (r.patch == p.position && r.entry >= 0)
				return &m->entries[r.entry];
		return nullptr;
	};
	std::vector<upstream_comparison> out;
	std::vector<std::pair<std::string, std::string>> texts; // up, back
	for (const patch &p : s.patches) {
		upstream_comparison c;
		c.position = p.position;
		c.title = p.tags.title;
		const manifest_entry *e = entry_of(p);
		std::string up_text;
		if (mbox) {
			std::vector<std::string> wanted;
			if (e)
				wanted.push_back(e->subject);
			wanted.push_back(p.tags.title);
			const patch *found = nullptr;
			for (const std::string &w : wanted)
				for (const patch &u : posted.patches)
					if (!found &&
					    normalize_subject(u.tags.title) ==
						    normalize_subject(w))
						found = &u;
			c.sha = e ? e->sha : p.upstream.sha.substr(0, 12);
			if (!found) {
				c.result = likeness::not_posted;
				c.explanation =
					"no patch of " + upstream +
					" has its subject (not part of that "
					"posting); not compared";
				out.push_back(c);
				continue;
			}
			c.upstream = "[" + found->tags.tag + "]";
			c.how = "subject";
			up_text = found->diff_text;
		} else {
			c.sha = p.upstream.sha;
			c.how = p.upstream.how;
			if (c.sha.empty() && e) {
				c.sha = e->sha;
				c.how = "the manifest's SHA for its subject";
			}
			if (c.sha.empty()) {
				out.push_back(c);
				continue;
			}
			const command_result shown = run_command(
				{"git", "-C", upstream, "show", "--no-color",
				 "--format=", c.sha + "^{commit}", "--"},
				seconds(60), false);
			if (!shown.ok) {
				c.result = likeness::not_upstream;
				c.explanation =
					"git show " + c.sha + ": " + shown.how;
				out.push_back(c);
				continue;
			}
			c.upstream = c.sha.substr(0, 12);
			up_text = shown.output;
		}
		c.result = likeness::differs; // until the patch-ids agree
		texts.emplace_back(up_text, p.diff_text);
		out.push_back(c);
	}
	if (texts.empty())
		return out;
	// Patch-ids and the diffs of the range-diff forms, all in one shell.
	const temp_dir dir("upstream");
	std::vector<std::string> argv = {
		"sh",
		"-c",
		"d=$1; n=$2; i=1; while [ $i -le $n ]; do "
		"git patch-id --stable <\"$d/$i.up\" >\"$d/$i.up.id\"; "
		"git patch-id --stable <\"$d/$i.back\" >\"$d/$i.back.id\"; "
		"git diff --no-index --no-color -U3 \"$d/$i.up.form\" "
		"\"$d/$i.back.form\" >\"$d/$i.diff\"; i=$((i+1)); done",
		"sh",
		dir.path().string(),
		std::to_string(texts.size())};
	for (std::size_t i = 0; i < texts.size(); i++) {
		const std::string base = (dir.path() / std::to_string(i + 1));
		text::write_file(base + ".up", git_form(texts[i].first));
		text::write_file(base + ".back", git_form(texts[i].second));
		text::write_file(base + ".up.form",
				 range_diff_form(texts[i].first));
		text::write_file(base + ".back.form",
				 range_diff_form(texts[i].second));
	}
	const command_result r = run_command(argv, seconds(300));
	if (!r.ok)
		throw std::runtime_error("git patch-id / git diff failed: " +
					 r.how);
	std::size_t k = 0;
	for (upstream_comparison &c : out) {
		if (c.result != likeness::differs)
			continue;
		const std::string base = (dir.path() / std::to_string(++k));
		c.upstream_id = first_word(text::read_file(base + ".up.id"));
		c.patch_id = first_word(text::read_file(base + ".back.id"));
		if (!c.patch_id.empty() && c.patch_id == c.upstream_id) {
			c.result = likeness::same;
			continue;
		}
		const std::string up = text::read_file(base + ".up.form");
		const std::string back = text::read_file(base + ".back.form");
		c.interdiff = range_diff(text::read_file(base + ".diff"), up);
		c.changed_lines = changed_lines(c.interdiff);
		c.differing = differing_files(up, back);
	}
	return out;
}

std::string describe_comparisons(const std::vector<upstream_comparison> &c,
				 std::vector<std::string> &problems)
{
	std::ostringstream o;
	o << "against upstream (same: git patch-id --stable equal; else the "
	     "range-diff of the two diffs):\n";
	for (const upstream_comparison &x : c) {
		o << "  patch " << x.position << ": ";
		const std::string what =
			x.upstream == x.sha.substr(0, 12) || x.sha.empty()
				? x.upstream
				: x.upstream + " " + x.sha.substr(0, 12);
		const std::string by =
			x.how.empty() ? "" : " (mapped by " + x.how + ")";
		switch (x.result) {
		case likeness::same:
			o << "same diff as " << what << by << "\n";
			break;
		case likeness::no_sha:
			o << "names no upstream commit; not compared\n";
			break;
		case likeness::not_upstream:
			o << x.sha << " is not a commit of the upstream tree ("
			  << x.explanation << ")\n";
			problems.push_back(
				"patch " + std::to_string(x.position) + ": " +
				x.sha + " is not in the upstream tree");
			break;
		case likeness::not_posted:
			o << x.sha << " \"" << x.title
			  << "\": " << x.explanation << "\n";
			break;
		case likeness::differs: {
			o << "differs from " << what << " in "
			  << x.changed_lines << " line(s)";
			for (std::size_t i = 0; i < x.differing.size(); i++)
				o << (i ? ", " : ": ") << x.differing[i];
			o << by << "\n";
			std::istringstream in(x.interdiff);
			for (std::string l; std::getline(in, l);)
				o << "    " << l << "\n";
			break;
		}
		}
	}
	return o.str();
}

} // namespace guardcheck::series
