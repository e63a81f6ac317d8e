// SPDX-License-Identifier: GPL-2.0
#include "mutants/kill_matrix.h"

#include "text/json_dump.h"
#include "text/markup.h"

#include <algorithm>
#include <sstream>

namespace guardcheck::mutants
{

namespace
{

bool is_failure(ktap::status s)
{
	return s == ktap::status::fail || s == ktap::status::crashed;
}

// "check (FAIL)" for each check that fails on the mutant but not before.
std::vector<std::string>
killers(const std::map<std::string, ktap::status> &reference,
	const std::map<std::string, ktap::status> &mutated)
{
	std::vector<std::string> out;
	for (const auto &[check, st] : mutated) {
		const auto ref = reference.find(check);
		if (is_failure(st) &&
		    (ref == reference.end() || !is_failure(ref->second)))
			out.push_back(check + " (" +
				      std::string(ktap::status_name(st)) + ")");
	}
	return out;
}

std::string joined(const std::vector<std::string> &words, std::string_view sep)
{
	std::string out;
	for (const std::string &w : words)
		out += (out.empty() ? "" : std::string(sep)) + w;
	return out;
}

std::string suite_column(const cell &c)
{
	switch (c.result) {
	case fate::not_run:
		return "n/a (" + c.cause + ")";
	case fate::no_result:
		return "NO RESULT: " + c.cause;
	case fate::survived:
		return "SURVIVED";
	case fate::killed:
		break;
	}
	return c.suite_killers.empty() ? "-" : joined(c.suite_killers, ", ");
}

std::string upstream_column(const cell &c)
{
	if (c.result != fate::killed && c.result != fate::survived)
		return "";
	if (!c.upstream_ran)
		return "not run";
	return c.upstream_killers.empty() ? "survived"
					  : joined(c.upstream_killers, ", ");
}

struct tally {
	int judged = 0, killed = 0, upstream = 0;
	int equivalent = 0, equivalent_killed = 0;
};

tally count(const matrix &m, const std::string &arch)
{
	tally t;
	for (const cell &c : m.cells) {
		if (c.arch != arch ||
		    (c.result != fate::killed && c.result != fate::survived))
			continue;
		const auto it = std::find_if(
			m.mutants.begin(), m.mutants.end(),
			[&](const mutant &x) { return x.id == c.mutant; });
		const bool equivalent =
			it != m.mutants.end() && !it->equivalent.empty();
		if (equivalent) {
			t.equivalent++;
			t.equivalent_killed += c.result == fate::killed;
			continue;
		}
		t.judged++;
		t.killed +=
			c.result == fate::killed && !c.suite_killers.empty();
		t.upstream += !c.upstream_killers.empty();
	}
	return t;
}

} // namespace

std::string_view fate_name(fate f)
{
	switch (f) {
	case fate::killed:
		return "killed";
	case fate::survived:
		return "survived";
	case fate::not_run:
		return "not run";
	case fate::no_result:
		return "no result";
	}
	return "?";
}

cell judge(const mutant &m, const std::string &arch,
	   const boot_result &reference, const boot_result &mutated)
{
	cell c;
	c.mutant = m.id;
	c.arch = arch;
	if (!reference.ran) {
		c.cause = "the unmutated tree gave no results: " +
			  reference.cause;
		return c;
	}
	if (!mutated.ran) {
		c.cause = mutated.cause;
		return c;
	}
	c.suite_killers = killers(reference.checks, mutated.checks);
	c.upstream_killers =
		killers(reference.upstream_checks, mutated.upstream_checks);
	c.upstream_ran = !mutated.upstream_checks.empty();
	// A splat outside every test kills the cell, so the suite's run.
	for (const std::string &w : mutated.cell_warnings)
		c.suite_killers.push_back("kernel warning between tests: " + w);
	if (!mutated.cause.empty())
		c.suite_killers.push_back("guest: " + mutated.cause);
	c.result = c.suite_killers.empty() ? fate::survived : fate::killed;
	for (const std::string &glob : m.kills) {
		const bool hit = std::any_of(
			c.suite_killers.begin(), c.suite_killers.end(),
			[&](const std::string &k) {
				return glob_match(glob,
						  k.substr(0, k.find(' ')));
			});
		if (!hit)
			c.missed.push_back(glob);
	}
	return c;
}

const cell *matrix::find(const std::string &mutant,
			 const std::string &arch) const
{
	for (const cell &c : cells)
		if (c.mutant == mutant && c.arch == arch)
			return &c;
	return nullptr;
}

std::vector<std::string> matrix::problems() const
{
	std::vector<std::string> out;
	for (const mutant &m : mutants) {
		for (const std::string &a : arches) {
			const cell *c = find(m.id, a);
			if (!c)
				continue;
			if (m.equivalent.empty() && c->result == fate::survived)
				out.push_back(m.id + " survived on " + a +
					      ": no check noticed " + m.what);
			if (!m.equivalent.empty() && c->result == fate::killed)
				out.push_back(m.id + " is marked equivalent (" +
					      m.equivalent +
					      ") but was killed on " + a +
					      " by " +
					      joined(c->suite_killers, ", "));
		}
	}
	return out;
}

std::vector<std::string> matrix::unjudged() const
{
	std::vector<std::string> out;
	for (const cell &c : cells)
		if (c.result == fate::no_result)
			out.push_back(c.mutant + " on " + c.arch + ": " +
				      c.cause);
	return out;
}

std::string matrix::score_line() const
{
	std::string out;
	for (const std::string &a : arches) {
		const tally t = count(*this, a);
		out += (out.empty() ? "" : "; ") + a + ": suite kills " +
		       std::to_string(t.killed) + "/" +
		       std::to_string(t.judged) + " non-equivalent, upstream " +
		       std::to_string(t.upstream) + "/" +
		       std::to_string(t.judged) + "; " +
		       std::to_string(t.equivalent) + " equivalent (" +
		       std::to_string(t.equivalent_killed) + " killed)";
	}
	return "score: " + out;
}

std::string render_text(const cell &c)
{
	std::string out = c.mutant + " " + c.arch + ": " + suite_column(c);
	if (const std::string u = upstream_column(c); !u.empty())
		out += "\n    upstream: " + u;
	if (!c.missed.empty())
		out += "\n    expected but did not fail: " +
		       joined(c.missed, ", ");
	return out + "\n";
}

std::string render_text(const matrix &m)
{
	std::string out;
	for (const cell &c : m.cells)
		out += render_text(c);
	return out + m.score_line() + "\n";
}

std::string render_markdown(const matrix &m)
{
	using text::md_text;
	std::ostringstream o;
	o << "# Mutant kill matrix\n\n" << md_text(m.score_line()) << "\n\n";
	o << "| mutant | upstream commit | arch | suite | upstream selftest "
	     "|\n|---|---|---|---|---|\n";
	for (const cell &c : m.cells) {
		const auto it = std::find_if(
			m.mutants.begin(), m.mutants.end(),
			[&](const mutant &x) { return x.id == c.mutant; });
		std::string name = c.mutant;
		if (it != m.mutants.end() && !it->equivalent.empty())
			name += " (equivalent)";
		o << "| " << md_text(name) << " | "
		  << md_text(it != m.mutants.end() ? it->upstream : "") << " | "
		  << md_text(c.arch) << " | " << md_text(suite_column(c))
		  << " | " << md_text(upstream_column(c)) << " |\n";
	}
	o << "\nA check kills a mutant when it fails on the mutant kernel and "
	     "not on the unmutated tree booted the same way.\n";
	return o.str();
}

std::string render_json(const matrix &m)
{
	nlohmann::json j;
	j["score"] = m.score_line();
	j["arches"] = m.arches;
	for (const mutant &x : m.mutants)
		j["mutants"].push_back({{"id", x.id},
					{"upstream", x.upstream},
					{"hunk", x.hunk},
					{"equivalent", x.equivalent},
					{"what", x.what},
					{"kills", x.kills}});
	for (const cell &c : m.cells)
		j["cells"].push_back(
			{{"mutant", c.mutant},
			 {"arch", c.arch},
			 {"fate", std::string(fate_name(c.result))},
			 {"suite_killers", c.suite_killers},
			 {"upstream_ran", c.upstream_ran},
			 {"upstream_killers", c.upstream_killers},
			 {"missed", c.missed},
			 {"cause", c.cause}});
	j["problems"] = m.problems();
	return text::json_document(j);
}

std::string render_html_section(const matrix &m)
{
	using text::xml_escape;
	std::ostringstream o;
	o << "<section id=\"mutants\"><h2>Mutants: the suite's power</h2>\n<p>"
	  << xml_escape(m.score_line()) << "</p>\n<table>\n<tr><th>mutant</th>"
	  << "<th>breaks</th><th>arch</th><th>suite</th>"
	  << "<th>upstream selftest</th></tr>\n";
	for (const cell &c : m.cells) {
		const auto it = std::find_if(
			m.mutants.begin(), m.mutants.end(),
			[&](const mutant &x) { return x.id == c.mutant; });
		const bool equivalent =
			it != m.mutants.end() && !it->equivalent.empty();
		const std::string css = c.result == fate::survived
						? (equivalent ? "skip" : "fail")
					: c.result == fate::killed ? "pass"
								   : "skip";
		o << "<tr class=\"" << css << "\"><td>" << xml_escape(c.mutant)
		  << (equivalent ? " (equivalent: " +
					   xml_escape(it->equivalent) + ")"
				 : "")
		  << "</td><td>"
		  << (it != m.mutants.end()
			      ? xml_escape(it->upstream + " " + it->hunk)
			      : "")
		  << "</td><td>" << xml_escape(c.arch) << "</td><td>"
		  << xml_escape(suite_column(c)) << "</td><td>"
		  << xml_escape(upstream_column(c)) << "</td></tr>\n";
	}
	o << "</table></section>\n";
	return o.str();
}

} // namespace guardcheck::mutants
