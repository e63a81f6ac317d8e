// SPDX-License-Identifier: GPL-2.0
#include "series/manifest.h"

#include "text/text_file.h"

#include "series/mbox.h"

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace guardcheck::series
{

namespace
{

std::vector<std::string> split(const std::string &s, char sep)
{
	std::vector<std::string> out;
	std::size_t start = 0;
	for (;;) {
		const std::size_t at = s.find(sep, start);
		out.push_back(s.substr(start, at - start));
		if (at == std::string::npos)
			return out;
		start = at + 1;
	}
}

std::vector<std::string> list(const std::string &field)
{
	std::vector<std::string> out;
	if (field == "-" || field.empty())
		return out;
	for (const std::string &item : split(field, ','))
		if (!item.empty())
			out.push_back(item);
	return out;
}

} // namespace

std::string manifest_entry::label() const
{
	return (position > 0 ? std::to_string(position)
			     : std::string(1, optional)) +
	       " " + sha;
}

int manifest::required_count() const
{
	return static_cast<int>(std::count_if(
		entries.begin(), entries.end(),
		[](const manifest_entry &e) { return e.required(); }));
}

manifest parse_manifest(std::string_view text, const std::string &path)
{
	static const std::regex sha_re("^[0-9a-f]{12}$");
	manifest m;
	m.path = path;
	int line_no = 0;
	for (const std::string &line : split_lines(text)) {
		line_no++;
		if (line.empty() || line[0] == '#')
			continue;
		const std::string where = path + ":" + std::to_string(line_no);
		const std::vector<std::string> f = split(line, '\t');
		if (f.size() != 5)
			throw std::runtime_error(
				where +
				": expected 5 tab-separated fields "
				"(position, sha, subject, files, "
				"checks), got " +
				std::to_string(f.size()));
		manifest_entry e;
		if (f[0] == "+" || f[0] == "~") {
			e.optional = f[0][0];
		} else {
			try {
				e.position = std::stoi(f[0]);
			} catch (const std::exception &) {
				e.position = -1;
			}
			if (e.position <= 0)
				throw std::runtime_error(
					where + ": position \"" + f[0] +
					"\" is neither a number >= 1 nor "
					"\"+\" or \"~\"");
		}
		if (!std::regex_match(f[1], sha_re))
			throw std::runtime_error(where + ": \"" + f[1] +
						 "\" is not a 12-digit "
						 "lowercase SHA");
		e.sha = f[1];
		e.subject = f[2];
		e.files = list(f[3]);
		for (std::string &c : list(f[4])) {
			if (c.starts_with('!'))
				e.breaks.push_back(c.substr(1));
			else
				e.checks.push_back(std::move(c));
		}
		m.entries.push_back(std::move(e));
	}
	int expect = 1;
	for (const manifest_entry &e : m.entries)
		if (e.required() && e.position != expect++)
			throw std::runtime_error(
				path +
				": positions must run 1, 2, 3, ... in "
				"order; " +
				e.sha + " has " + std::to_string(e.position));
	if (m.entries.empty())
		throw std::runtime_error(path + ": no patches listed");
	return m;
}

manifest load_manifest(const std::string &path)
{
	try {
		return parse_manifest(text::read_file(path), path);
	} catch (const std::runtime_error &e) {
		if (std::filesystem::is_regular_file(path))
			throw;
		throw std::runtime_error(
			"cannot read manifest " + path +
			"; give MANIFEST=patches/<name>.manifest");
	}
}

std::string default_manifest(const std::string &dir,
			     const std::string &kernel_version)
{
	if (kernel_version.rfind("6.18.", 0) == 0 || kernel_version == "6.18")
		return dir + "/stable-6.18.y.manifest";
	return dir + "/upstream-v6.19.manifest";
}

std::string tree_version(const std::string &tree)
{
	std::ifstream in(tree + "/Makefile");
	std::string line, version, patchlevel, sublevel;
	auto value = [](const std::string &l) {
		std::string v = l.substr(l.find('=') + 1);
		v.erase(0, v.find_first_not_of(" \t"));
		v.erase(v.find_last_not_of(" \t") + 1);
		return v;
	};
	for (int n = 0; n < 10 && std::getline(in, line); n++) {
		if (line.rfind("VERSION =", 0) == 0)
			version = value(line);
		else if (line.rfind("PATCHLEVEL =", 0) == 0)
			patchlevel = value(line);
		else if (line.rfind("SUBLEVEL =", 0) == 0)
			sublevel = value(line);
	}
	if (version.empty())
		return "";
	return version + "." + patchlevel + "." + sublevel;
}

bool same_sha(std::string_view a, std::string_view b)
{
	const std::size_t n = std::min(a.size(), b.size());
	return n >= 7 && a.substr(0, n) == b.substr(0, n);
}

} // namespace guardcheck::series
