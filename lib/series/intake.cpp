// SPDX-License-Identifier: GPL-2.0
#include "series/intake.h"

#include "text/text_file.h"

#include "series/command.h"
#include "series/sha256.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace guardcheck::series
{

namespace
{

std::string part_name(const subject_tags &t)
{
	if (t.total > 0)
		return std::to_string(t.number) + "/" + std::to_string(t.total);
	return "[" + t.tag + "]";
}

// Sorts messages into patches and skipped mail, then checks the numbering.
void classify(patch_series &s, const std::vector<message> &messages,
	      bool sort_by_number)
{
	std::map<int, std::vector<std::string>> by_version;
	std::map<int, std::vector<std::string>> by_total;
	for (const message &m : messages) {
		const subject_tags t = parse_subject(m.subject);
		if (t.reply) {
			s.ignored.push_back({m.source, m.subject, "reply"});
			continue;
		}
		if (t.patch && t.number == 0 && t.total > 0) {
			s.ignored.push_back(
				{m.source, m.subject, "cover letter"});
			s.cover = m.subject;
			by_version[t.version].push_back(
				"0/" + std::to_string(t.total));
			by_total[t.total].push_back("cover letter");
			continue;
		}
		diff d = parse_diff(m.body);
		if (d.empty()) {
			s.ignored.push_back(
				{m.source, m.subject,
				 "no diff (review or discussion mail)"});
			continue;
		}
		for (const std::string &e : d.errors)
			s.errors.push_back(m.source + " \"" + t.title +
					   "\": " + e);
		patch p;
		p.tags = t;
		p.source = m.source;
		p.raw = m.raw;
		p.diff_text = m.patch;
		p.changes = std::move(d);
		p.upstream = find_upstream(m.body);
		by_version[t.version].push_back(part_name(t));
		if (t.total > 0)
			by_total[t.total].push_back(part_name(t));
		s.patches.push_back(std::move(p));
	}
	if (by_version.size() > 1) {
		std::string text = "mixed versions in one series:";
		for (const auto &[v, parts] : by_version) {
			text += " v" + std::to_string(v) + " (";
			for (std::size_t i = 0; i < parts.size(); i++)
				text += (i ? ", " : "") + parts[i];
			text += ")";
		}
		s.errors.push_back(text + "; keep one version (e.g. b4 am -v" +
				   std::to_string(by_version.rbegin()->first) +
				   ")");
	}
	if (by_total.size() > 1) {
		std::string text = "the parts disagree on the series length:";
		for (const auto &[total, parts] : by_total) {
			text += " of " + std::to_string(total) + ": ";
			for (std::size_t i = 0; i < parts.size(); i++)
				text += (i ? ", " : "") + parts[i];
			text += ";";
		}
		s.errors.push_back(text);
	}
	const auto numbered =
		std::count_if(s.patches.begin(), s.patches.end(),
			      [](const patch &p) { return p.tags.total > 0; });
	if (numbered > 0 && numbered < static_cast<long>(s.patches.size()))
		s.errors.push_back(std::to_string(s.patches.size() - numbered) +
				   " patch(es) without an n/m number among " +
				   std::to_string(numbered) + " numbered ones");
	if (numbered > 0 && by_total.size() == 1 && by_version.size() == 1) {
		const int total = by_total.begin()->first;
		std::map<int, std::vector<const patch *>> parts;
		for (const patch &p : s.patches)
			parts[p.tags.number].push_back(&p);
		for (const auto &[n, ps] : parts) {
			if (n < 1 || n > total)
				s.errors.push_back(ps[0]->source + ": part " +
						   std::to_string(n) + "/" +
						   std::to_string(total) +
						   " is outside 1.." +
						   std::to_string(total));
			if (ps.size() > 1) {
				std::string text = "duplicate part " +
						   std::to_string(n) + "/" +
						   std::to_string(total) + ":";
				for (const patch *p : ps)
					text += " " + p->source;
				s.errors.push_back(text);
			}
		}
		std::string missing;
		for (int n = 1; n <= total; n++)
			if (!parts.count(n))
				missing += (missing.empty() ? "" : ", ") +
					   std::to_string(n) + "/" +
					   std::to_string(total);
		if (!missing.empty())
			s.errors.push_back("missing part(s) " + missing +
					   " of the series");
	}
	if (sort_by_number && numbered > 0)
		std::stable_sort(s.patches.begin(), s.patches.end(),
				 [](const patch &a, const patch &b) {
					 return a.tags.number < b.tags.number;
				 });
	std::string all;
	int position = 0;
	for (patch &p : s.patches) {
		p.position = ++position;
		// Blank lines between messages are not content.
		std::string_view text = p.raw;
		while (!text.empty() &&
		       (text.back() == '\n' || text.back() == ' '))
			text.remove_suffix(1);
		all.append(text);
		all += "\n\x1e\n";
	}
	s.id = sha256_hex(all).substr(0, 16);
}

void no_patches(patch_series &s, std::size_t messages, const std::string &where)
{
	if (!s.patches.empty() || !s.errors.empty())
		return;
	if (messages == 0)
		s.errors.push_back(where +
				   " is empty: no messages, no patches");
	else
		s.errors.push_back(
			"no patches in " + where + ": " +
			std::to_string(messages) +
			" message(s), none with a diff (cover letters, "
			"replies and reviews are skipped)");
}

patch_series from_directory(const std::string &spec)
{
	patch_series s;
	s.spec = spec;
	s.kind = "directory";
	std::vector<fs::path> files;
	std::set<std::string> patch_names;
	for (const auto &entry : fs::directory_iterator(spec)) {
		const std::string ext = entry.path().extension().string();
		if (entry.is_regular_file() &&
		    (ext == ".patch" || ext == ".diff"))
			patch_names.insert(entry.path().filename().string());
	}
	const fs::path series_file = fs::path(spec) / "series";
	if (fs::is_regular_file(series_file)) {
		std::istringstream in(text::read_file(series_file));
		std::string line;
		while (std::getline(in, line)) {
			line = line.substr(0, line.find('#'));
			std::istringstream words(line);
			std::string name;
			if (!(words >> name))
				continue;
			if (!fs::is_regular_file(fs::path(spec) / name)) {
				std::string e = series_file.string();
				e += " lists " + name + ", which is not in ";
				e += spec;
				s.errors.push_back(e);
				continue;
			}
			files.push_back(fs::path(spec) / name);
			patch_names.erase(name);
		}
		for (const std::string &name : patch_names)
			s.ignored.push_back({(fs::path(spec) / name).string(),
					     "", "not in the series file"});
	} else {
		for (const std::string &name : patch_names)
			files.push_back(fs::path(spec) / name);
	}
	std::vector<message> messages;
	for (const fs::path &f : files) {
		const std::string text = text::read_file(f);
		if (text.rfind("From ", 0) == 0) {
			for (message &m :
			     parse_mbox(text, f.string(), s.errors))
				messages.push_back(std::move(m));
		} else {
			messages.push_back(parse_single(text, f.string(),
							f.stem().string()));
		}
	}
	classify(s, messages, false);
	if (files.empty() && s.errors.empty())
		s.errors.push_back("no *.patch files in " + spec);
	no_patches(s, messages.size(), spec);
	return s;
}

bool is_git_repo(const std::string &dir)
{
	return run_command({"git", "-C", dir, "rev-parse", "--git-dir"},
			   std::chrono::seconds(30))
		.ok;
}

patch_series from_range(const std::string &spec, const std::string &tree)
{
	const std::string repo =
		!tree.empty() && is_git_repo(tree) ? tree : std::string(".");
	const command_result r =
		run_command({"git", "-C", repo, "format-patch", "--stdout",
			     "--no-signature", spec},
			    std::chrono::minutes(10), false);
	if (!r.ok) {
		patch_series s;
		s.spec = spec;
		s.kind = "git range";
		s.errors.push_back(
			"git format-patch --stdout " + spec + " failed in " +
			repo + " (" + r.how +
			"): a git range needs KDIR to be a git tree that has "
			"both ends");
		return s;
	}
	patch_series s = from_mbox_text(r.output, "git format-patch " + spec);
	s.spec = spec;
	s.kind = "git range";
	return s;
}

} // namespace

patch_series from_mbox_text(const std::string &text, const std::string &source)
{
	patch_series s;
	s.spec = source;
	s.kind = "mbox";
	const std::vector<message> messages =
		parse_mbox(text, source, s.errors);
	classify(s, messages, true);
	no_patches(s, messages.size(), source);
	return s;
}

patch_series load(const std::string &spec, const std::string &tree)
{
	if (spec.empty()) {
		patch_series s;
		s.errors.push_back("no series given: SERIES=<mbox | "
				   "directory of *.patch | A..B>");
		return s;
	}
	std::error_code ec;
	if (fs::is_directory(spec, ec))
		return from_directory(spec);
	if (fs::exists(spec, ec)) {
		patch_series s = from_mbox_text(text::read_file(spec), spec);
		s.spec = spec;
		return s;
	}
	if (spec.find("..") != std::string::npos)
		return from_range(spec, tree);
	patch_series s;
	s.spec = spec;
	s.errors.push_back("SERIES=" + spec +
			   ": no such file or directory, and not a git "
			   "range A..B");
	return s;
}

manifest_check verify(const patch_series &s, const manifest &m)
{
	manifest_check v;
	std::map<int, int> taken; // manifest entry -> series position
	auto by_subject = [&m](const std::string &title) {
		const std::string want = normalize_subject(title);
		for (std::size_t i = 0; i < m.entries.size(); i++)
			if (normalize_subject(m.entries[i].subject) == want)
				return static_cast<int>(i);
		return -1;
	};
	for (const patch &p : s.patches) {
		mapping row{p.position, -1, ""};
		const std::string who = "patch " + std::to_string(p.position) +
					" \"" + p.tags.title + "\"";
		const int subject_match = by_subject(p.tags.title);
		if (!p.upstream.sha.empty()) {
			for (std::size_t i = 0; i < m.entries.size(); i++)
				if (same_sha(p.upstream.sha, m.entries[i].sha))
					row.entry = static_cast<int>(i);
			row.how = p.upstream.how;
			if (row.entry < 0 && subject_match >= 0) {
				v.problems.push_back(
					who + ": wrong upstream SHA " +
					p.upstream.sha + " (" + p.upstream.how +
					"); the manifest has " +
					m.entries[subject_match].sha +
					" for this subject");
				row.entry = subject_match;
				row.how = "subject (SHA wrong)";
			} else if (row.entry < 0) {
				v.problems.push_back(
					who + ": upstream SHA " +
					p.upstream.sha +
					" is not in the manifest and the "
					"subject matches none of it: an extra "
					"or unknown patch");
			} else if (subject_match != row.entry) {
				v.notes.push_back(who +
						  ": subject differs from the "
						  "manifest's \"" +
						  m.entries[row.entry].subject +
						  "\" for " + p.upstream.sha);
			}
		} else if (subject_match >= 0) {
			row.entry = subject_match;
			row.how = "subject";
			v.notes.push_back(who +
					  ": no upstream reference (\"commit "
					  "<sha> upstream.\"); mapped by "
					  "subject to " +
					  m.entries[subject_match].sha);
		} else {
			v.problems.push_back(who +
					     ": no upstream reference and the "
					     "subject matches nothing in the "
					     "manifest: an extra patch");
		}
		if (row.entry >= 0) {
			const auto [it, fresh] =
				taken.emplace(row.entry, p.position);
			if (!fresh)
				v.problems.push_back(
					who + " and patch " +
					std::to_string(it->second) +
					" both map to " +
					m.entries[row.entry].label());
			const manifest_entry &e = m.entries[row.entry];
			if (e.posted_not_released())
				v.notes.push_back(
					who + " is " + e.sha +
					", posted with the series but not "
					"released (\"~\" in the manifest): "
					"allowed, not required");
			for (const file_diff &f : p.changes.files)
				if (std::find(e.files.begin(), e.files.end(),
					      f.path) == e.files.end())
					v.notes.push_back(
						who + " touches " + f.path +
						", which the manifest does not "
						"list for " +
						e.sha);
		}
		v.rows.push_back(row);
	}
	for (std::size_t i = 0; i < m.entries.size(); i++)
		if (m.entries[i].required() &&
		    !taken.count(static_cast<int>(i)))
			v.problems.push_back("missing: manifest patch " +
					     m.entries[i].label() + " \"" +
					     m.entries[i].subject +
					     "\" is not in the series");
	int last = 0;
	for (const mapping &r : v.rows) {
		if (r.entry < 0 || !m.entries[r.entry].required())
			continue;
		const int pos = m.entries[r.entry].position;
		if (pos < last)
			v.notes.push_back(
				"order: patch " + std::to_string(r.patch) +
				" is manifest position " + std::to_string(pos) +
				", after position " + std::to_string(last));
		last = std::max(last, pos);
	}
	return v;
}

std::string describe(const patch_series &s, const manifest &m,
		     const manifest_check &v)
{
	std::ostringstream o;
	o << "series: " << s.spec << " (" << s.kind << "), " << s.patches.size()
	  << " patch(es), id " << s.id << "\n";
	if (!s.cover.empty())
		o << "  cover letter: " << s.cover << "\n";
	for (const skipped &k : s.ignored)
		o << "  skipped " << k.source << ": "
		  << (k.subject.empty() ? "" : "\"" + k.subject + "\" ") << "("
		  << k.reason << ")\n";
	for (std::size_t i = 0; i < s.patches.size(); i++) {
		const patch &p = s.patches[i];
		o << "  " << p.position << ". " << p.tags.title;
		if (i < v.rows.size() && v.rows[i].entry >= 0)
			o << "  -> " << m.entries[v.rows[i].entry].label()
			  << " by " << v.rows[i].how;
		else
			o << "  -> (not in the manifest)";
		o << "\n";
	}
	o << "manifest: " << m.path << " (" << m.required_count()
	  << " patches required)\n";
	for (const std::string &n : v.notes)
		o << "  note: " << n << "\n";
	for (const std::string &p : v.problems)
		o << "  PROBLEM: " << p << "\n";
	if (v.ok())
		o << "verdict: the series carries every manifest patch\n";
	else
		o << "verdict: " << v.problems.size()
		  << " problem(s) against the manifest\n";
	return o.str();
}

} // namespace guardcheck::series
