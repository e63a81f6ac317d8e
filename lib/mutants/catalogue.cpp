// SPDX-License-Identifier: GPL-2.0
#include "mutants/catalogue.h"

#include "text/text_file.h"

#include <fnmatch.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>
#include <stdexcept>

namespace guardcheck::mutants
{

namespace fs = std::filesystem;

namespace
{

constexpr std::size_t column_count = 7;

std::vector<std::string> split(std::string_view s, std::string_view seps)
{
	std::vector<std::string> out;
	std::size_t at = 0;
	while (at <= s.size()) {
		const std::size_t end = s.find_first_of(seps, at);
		const std::string_view word = s.substr(
			at, end == std::string_view::npos ? end : end - at);
		if (!word.empty())
			out.emplace_back(word);
		if (end == std::string_view::npos)
			break;
		at = end + 1;
	}
	return out;
}

std::vector<std::string> columns(const std::string &line)
{
	std::vector<std::string> out;
	std::size_t at = 0;
	for (;;) {
		const std::size_t tab = line.find('\t', at);
		out.push_back(line.substr(at, tab == std::string::npos
						      ? std::string::npos
						      : tab - at));
		if (tab == std::string::npos)
			return out;
		at = tab + 1;
	}
}

std::vector<std::string> list_or_none(const std::string &field)
{
	if (field == "-" || field == "all")
		return {};
	return split(field, ", ");
}

} // namespace

bool mutant::runs_on(std::string_view arch) const
{
	return arches.empty() ||
	       std::find(arches.begin(), arches.end(), arch) != arches.end();
}

const std::string &mutant::patch_for(std::string_view version) const
{
	for (const auto &[prefix, path] : variants)
		if (version.substr(0, prefix.size() + 1) == prefix + ".")
			return path;
	return patch;
}

bool glob_match(std::string_view pattern, std::string_view name)
{
	return fnmatch(std::string(pattern).c_str(), std::string(name).c_str(),
		       0) == 0;
}

std::vector<mutant> read_catalogue(const std::string &dir,
				   const std::vector<std::string> &known_arches)
{
	const fs::path file = fs::path(dir) / "catalogue.tsv";
	if (!fs::is_regular_file(file))
		throw std::invalid_argument(
			"no mutant catalogue " + file.string() +
			"; give the directory that holds catalogue.tsv");
	const std::string text = text::read_file(file);
	std::vector<mutant> out;
	std::set<std::string> ids;
	std::istringstream in(text);
	int number = 0;
	for (std::string line; std::getline(in, line);) {
		number++;
		if (line.empty() || line[0] == '#')
			continue;
		const std::string where =
			file.string() + ":" + std::to_string(number) + ": ";
		const std::vector<std::string> c = columns(line);
		if (c.size() != column_count)
			throw std::invalid_argument(
				where + "expected " +
				std::to_string(column_count) +
				" tab-separated columns (id upstream hunk "
				"arches kills equivalent what), found " +
				std::to_string(c.size()));
		mutant m;
		m.id = c[0];
		m.upstream = c[1];
		m.hunk = c[2];
		m.arches = list_or_none(c[3]);
		m.kills = list_or_none(c[4]);
		m.equivalent = c[5] == "-" ? "" : c[5];
		m.what = c[6];
		if (m.id.empty() ||
		    m.id.find_first_of("/@ ") != std::string::npos)
			throw std::invalid_argument(
				where + "the id \"" + m.id +
				"\" must be a file name without '/', '@' or "
				"spaces");
		if (!ids.insert(m.id).second)
			throw std::invalid_argument(where + "duplicate id " +
						    m.id);
		for (const std::string &a : m.arches)
			if (std::find(known_arches.begin(), known_arches.end(),
				      a) == known_arches.end())
				throw std::invalid_argument(
					where +
					(m.id + " names arch ").append(a) +
					", which has no record in qemu/arch");
		if (m.equivalent.empty() && m.kills.empty())
			throw std::invalid_argument(
				where + m.id +
				" is neither equivalent nor names the checks "
				"that should kill it");
		m.patch = (fs::path(dir) / (m.id + ".patch")).string();
		if (!fs::is_regular_file(m.patch))
			throw std::invalid_argument(where + "no patch " +
						    m.patch + " for " + m.id);
		out.push_back(std::move(m));
	}
	// Every patch belongs to a row; variants attach to theirs.
	std::vector<fs::path> patches;
	for (const fs::directory_entry &e : fs::directory_iterator(dir))
		if (e.path().extension() == ".patch")
			patches.push_back(e.path());
	std::sort(patches.begin(), patches.end());
	for (const fs::path &p : patches) {
		const std::string stem = p.stem().string();
		const std::size_t at = stem.find('@');
		const std::string id = stem.substr(0, at);
		const auto it = std::find_if(
			out.begin(), out.end(),
			[&](const mutant &m) { return m.id == id; });
		if (it == out.end())
			throw std::invalid_argument(
				p.string() + " has no row in " + file.string() +
				"; add one or remove the patch");
		if (at != std::string::npos)
			it->variants.emplace_back(stem.substr(at + 1),
						  p.string());
	}
	if (out.empty())
		throw std::invalid_argument(file.string() + " lists no mutant");
	return out;
}

std::vector<mutant> select(const std::vector<mutant> &all,
			   std::string_view wanted)
{
	const std::vector<std::string> names = split(wanted, ", ");
	if (names.empty())
		return all;
	std::vector<mutant> out;
	for (const std::string &n : names) {
		bool any = false;
		for (const mutant &m : all) {
			if (!glob_match(n, m.id))
				continue;
			any = true;
			if (std::none_of(out.begin(), out.end(),
					 [&](const mutant &o) {
						 return o.id == m.id;
					 }))
				out.push_back(m);
		}
		if (!any)
			throw std::invalid_argument(
				"MUTANTS names " + n +
				", which matches no mutant of the catalogue");
	}
	return out;
}

} // namespace guardcheck::mutants
