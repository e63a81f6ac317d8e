// SPDX-License-Identifier: GPL-2.0
#include "verdict/render.h"

#include "report/kcidb.h"
#include "report/report.h"
#include "text/json_dump.h"
#include "text/markup.h"
#include "text/text_file.h"
#include "text/utf8.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace guardcheck::verdict
{

namespace fs = std::filesystem;

namespace
{

using ktap::status;
using text::md_code;
using text::md_text;
using text::xml_escape;

std::string cell_label(const cell &c)
{
	return std::string(role_name(c.who)) + " " +
	       (c.kernel.empty() ? "?" : c.kernel) + " / " + c.arch;
}

std::string area_of(const case_result &cr)
{
	return cr.area.empty() ? "unexpected" : cr.area;
}

std::vector<std::string> areas(const matrix &m)
{
	std::vector<std::string> out;
	for (const cell &c : m.cells)
		for (const case_result &cr : c.cases) {
			const std::string a = area_of(cr);
			if (std::find(out.begin(), out.end(), a) == out.end())
				out.push_back(a);
		}
	return out;
}

struct counts {
	int pass = 0, fail = 0, skip = 0, crashed = 0, disagree = 0;
};

counts count(const cell &c, const std::string &area)
{
	counts n;
	for (const case_result &cr : c.cases) {
		if (!area.empty() && area_of(cr) != area)
			continue;
		n.pass += cr.actual == status::pass;
		n.fail += cr.actual == status::fail;
		n.skip += cr.actual == status::skip;
		n.crashed += cr.actual == status::crashed;
		n.disagree += !cr.agrees();
	}
	return n;
}

std::string counts_text(const counts &n)
{
	return std::to_string(n.pass) + " pass, " + std::to_string(n.fail) +
	       " fail, " + std::to_string(n.skip) + " skip" +
	       (n.crashed ? ", " + std::to_string(n.crashed) + " crashed" : "");
}

// Skip reasons, each once, with where they were seen.
std::map<std::string, std::vector<std::string>> skip_reasons(const matrix &m)
{
	std::map<std::string, std::vector<std::string>> out;
	for (const cell &c : m.cells)
		for (const case_result &cr : c.cases)
			if (cr.actual == status::skip)
				out[cr.directive].push_back(cell_label(c) +
							    ": " + cr.name);
	return out;
}

// Upstream's guard-regions selftest in this cell: counts and what failed.
std::string reference_text(const cell &c)
{
	const ktap::totals &r = c.reference;
	if (r.passed + r.failed + r.skipped + r.crashed == 0)
		return "not run";
	std::string out = std::to_string(r.passed) + " pass, " +
			  std::to_string(r.failed + r.crashed) + " fail, " +
			  std::to_string(r.skipped) + " skip";
	for (const std::string &f : c.reference_failed)
		out += "; " + f;
	return out;
}

const char *css =
	R"(body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
h1 span{padding:.1em .5em;border-radius:4px;color:#fff}
.PASS{background:#2a7d2a}.FAIL{background:#b3261e}.NOVERDICT{background:#8a6d00}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
td.ok{background:#e6f4e6}td.bad{background:#fbe3e1}td.none{background:#f5ecd0}
pre{background:#f6f6f6;padding:.5em;overflow:auto;max-height:30em;font-size:12px}
pre.splat{background:#fbe3e1}
details{margin:.2em 0}summary{cursor:pointer}.agree{color:#2a7d2a}.disagree{color:#b3261e;font-weight:bold}
)";

void html_matrix(std::ostringstream &o, const matrix &m)
{
	const std::vector<std::string> as = areas(m);
	o << "<h2>Matrix</h2>\n<table><tr><th>tree</th><th>arch</th>"
	     "<th>judged as</th><th>all</th>";
	for (const std::string &a : as)
		o << "<th>" << xml_escape(a) << "</th>";
	o << "<th>upstream selftest (reference, not judged)</th></tr>\n";
	for (const cell &c : m.cells) {
		o << "<tr><td>" << role_name(c.who) << " "
		  << xml_escape(c.kernel) << "</td><td>" << xml_escape(c.arch)
		  << "</td><td>" << class_name(c.expected_class) << "</td>";
		if (!c.problem.empty()) {
			o << "<td class=\"none\" colspan=\"" << as.size() + 1
			  << "\">no verdict: " << xml_escape(c.problem)
			  << "</td></tr>\n";
			continue;
		}
		for (std::size_t i = 0; i <= as.size(); i++) {
			const counts n = count(c, i ? as[i - 1] : "");
			const std::size_t outside =
				i ? 0 : c.kernel_warnings.size();
			o << "<td class=\""
			  << (n.disagree || outside ? "bad" : "ok") << "\">"
			  << counts_text(n);
			if (n.disagree)
				o << "<br><b>" << n.disagree << " disagree</b>";
			if (outside)
				o << "<br><b>" << outside
				  << " kernel splat(s) outside every "
				     "test</b>";
			o << "</td>";
		}
		o << "<td>" << xml_escape(reference_text(c)) << "</td></tr>\n";
	}
	o << "</table>\n";
}

void html_checks(std::ostringstream &o, const matrix &m)
{
	// check -> cell -> cases (one per backing)
	std::map<std::string,
		 std::vector<std::pair<const cell *, const case_result *>>>
		by_check;
	for (const cell &c : m.cells)
		for (const case_result &cr : c.cases)
			by_check[cr.check].emplace_back(&c, &cr);
	o << "<h2>Checks</h2>\n";
	for (const auto &[check, rows] : by_check) {
		int bad = 0;
		for (const auto &[c, cr] : rows)
			bad += !cr->agrees();
		o << "<details" << (bad ? " open" : "") << "><summary><code>"
		  << xml_escape(check) << "</code> <span class=\""
		  << (bad ? "disagree\">" + std::to_string(bad) + " disagree"
			  : std::string("agree\">as expected"))
		  << "</span></summary>\n<table><tr><th>tree / arch</th>"
		     "<th>backing</th><th>expected</th><th>got</th>"
		     "<th>console</th></tr>\n";
		for (const auto &[c, cr] : rows) {
			o << "<tr><td>" << xml_escape(cell_label(*c))
			  << "</td><td>" << xml_escape(cr->backing)
			  << "</td><td>"
			  << (cr->expected_pass
				      ? (*cr->expected_pass ? "pass" : "fail")
				      : "none")
			  << "</td><td class=\""
			  << (cr->agrees() ? "ok" : "bad") << "\">"
			  << ktap::status_name(cr->actual);
			if (!cr->directive.empty())
				o << " <small>" << xml_escape(cr->directive)
				  << "</small>";
			o << "</td><td>";
			if (!cr->kernel_warnings.empty()) {
				o << "<details open><summary "
				     "class=\"disagree\">kernel splat, "
				  << cr->kernel_warnings.size()
				  << " lines</summary><pre class=\"splat\">";
				for (const std::string &l : cr->kernel_warnings)
					o << xml_escape(l) << "\n";
				o << "</pre></details>";
			}
			if (!cr->log.empty()) {
				o << "<details><summary>" << cr->log.size()
				  << " lines</summary><pre>";
				for (const std::string &l : cr->log)
					o << xml_escape(l) << "\n";
				o << "</pre></details>";
			}
			o << "</td></tr>\n";
		}
		o << "</table></details>\n";
	}
}

void html_outside_splats(std::ostringstream &o, const matrix &m)
{
	bool any = false;
	for (const cell &c : m.cells)
		any |= !c.kernel_warnings.empty();
	if (!any)
		return;
	o << "<h2>Kernel splats outside every test</h2>\n";
	for (const cell &c : m.cells)
		for (const console::splat &w : c.kernel_warnings) {
			o << "<details open><summary class=\"disagree\">"
			  << xml_escape(cell_label(c)) << ": "
			  << xml_escape(console::splat_noun(w)) << " "
			  << xml_escape(w.where) << "</summary><pre "
			  << "class=\"splat\">";
			for (const std::string &l : w.lines)
				o << xml_escape(l) << "\n";
			o << "</pre></details>\n";
		}
}

void html_attachments(std::ostringstream &o, const std::string &heading,
		      const std::vector<extras::attachment> &list, bool raw)
{
	if (list.empty())
		return;
	o << "<h2>" << heading << "</h2>\n";
	for (const extras::attachment &a : list) {
		o << "<details" << (raw ? " open" : "") << "><summary>"
		  << xml_escape(a.name) << "</summary>";
		if (raw)
			o << text::valid_utf8(a.text);
		else
			o << "<pre>" << xml_escape(a.text) << "</pre>";
		o << "</details>\n";
	}
}

std::string strip_xml_prolog(const std::string &svg)
{
	const auto at = svg.find("<svg");
	return at == std::string::npos ? svg : svg.substr(at);
}

} // namespace

extras read_extras(const fs::path &runs, const matrix &m)
{
	extras x;
	if (fs::exists(runs / "title.txt"))
		x.title = text::read_file(runs / "title.txt");
	if (fs::exists(runs / "timings.tsv"))
		x.timings = text::read_file(runs / "timings.tsv");
	for (const cell &c : m.cells)
		if (fs::exists(c.dir / "kernel.config"))
			x.configs.push_back(
				{cell_label(c),
				 text::read_file(c.dir / "kernel.config")});
	if (fs::exists(runs / "mutants" / "kill-matrix.section.html"))
		x.mutants_html = text::read_file(runs / "mutants" /
						 "kill-matrix.section.html");
	if (fs::exists(runs / "series" / "series-check.txt"))
		x.series_check =
			text::read_file(runs / "series" / "series-check.txt");
	if (fs::exists(runs / "mutants" / "kill-matrix.md"))
		x.mutants_md =
			text::read_file(runs / "mutants" / "kill-matrix.md");
	if (!fs::is_directory(runs))
		return x;
	for (const auto &entry : fs::directory_iterator(runs)) {
		const std::string name = entry.path().filename().string();
		if (!entry.is_directory() || name.rfind("bench-", 0) != 0)
			continue;
		for (const auto &f : fs::directory_iterator(entry.path())) {
			const std::string label =
				name + "/" + f.path().filename().string();
			if (f.path().extension() == ".svg")
				x.plots.push_back(
					{label,
					 strip_xml_prolog(
						 text::read_file(f.path()))});
			else if (f.path().filename() == "compare.md")
				x.bench.push_back(
					{label, text::read_file(f.path())});
		}
	}
	return x;
}

std::string summary_md(const matrix &m, const extras &x)
{
	std::ostringstream o;
	o << "# guardcheck verdict: " << overall_name(m.result) << "\n\n";
	if (!x.title.empty())
		o << md_text(x.title) << "\n\n";
	o << "The tree under test must behave as the series class on every "
	     "arch, the baseline as the pre-series class "
	     "(selftests/expectations.tsv).\n\n"
	  << "| tree | arch | judged as | cases | disagree |\n"
	  << "|---|---|---|---|---|\n";
	for (const cell &c : m.cells) {
		o << "| " << role_name(c.who) << " " << md_text(c.kernel)
		  << " | " << md_text(c.arch) << " | "
		  << class_name(c.expected_class) << " | ";
		if (!c.problem.empty()) {
			o << "no verdict: " << md_text(c.problem) << " | - |\n";
			continue;
		}
		const counts n = count(c, "");
		o << counts_text(n) << " | " << n.disagree;
		if (!c.kernel_warnings.empty())
			o << " + " << c.kernel_warnings.size()
			  << " kernel splat(s) outside every test";
		o << " |\n";
	}
	if (!m.problems.empty()) {
		o << "\n## No verdict\n\n";
		for (const std::string &p : m.problems)
			o << "- " << md_text(p) << "\n";
	}
	if (!m.disagreements.empty()) {
		o << "\n## Disagreements (" << m.disagreements.size()
		  << ")\n\n";
		for (const std::string &d : m.disagreements)
			o << "- " << md_text(d) << "\n";
	}
	const auto skips = skip_reasons(m);
	if (!skips.empty()) {
		o << "\n## Skips and their reasons\n\n";
		for (const auto &[reason, where] : skips)
			o << "- " << where.size() << " x " << md_code(reason)
			  << " (e.g. " << md_text(where.front()) << ")\n";
	}
	for (const cell &c : m.cells)
		if (!c.absent_checks.empty() && c.problem.empty()) {
			o << "\n"
			  << md_text(cell_label(c))
			  << ": checks never reported:";
			for (const std::string &a : c.absent_checks)
				o << " " << md_code(a);
			o << "\n";
		}
	if (!x.timings.empty())
		o << "\n## Timings\n\n"
		  << text::md_fence({x.timings}) << "\n"
		  << text::valid_utf8(x.timings) << text::md_fence({x.timings})
		  << "\n";
	for (const cell &c : m.cells)
		o << "\n"
		  << md_text(cell_label(c))
		  << ": upstream selftest (reference, not judged): "
		  << md_text(reference_text(c)) << "\n";
	for (const extras::attachment &b : x.bench)
		o << "\n## Benchmark " << md_text(b.name) << "\n\n"
		  << text::valid_utf8(b.text) << "\n";
	if (!x.series_check.empty()) {
		const std::string body = text::valid_utf8(x.series_check);
		const std::string fence = text::md_fence({body});
		o << "\n## The series against its manifest and upstream\n\n"
		  << fence << "\n"
		  << body << (body.ends_with('\n') ? "" : "\n") << fence
		  << "\n";
	}
	if (!x.mutants_md.empty())
		o << "\n" << text::valid_utf8(x.mutants_md);
	return o.str();
}

std::string report_html(const matrix &m, const extras &x)
{
	std::ostringstream o;
	const std::string verdict(overall_name(m.result));
	std::string badge = verdict;
	badge.erase(std::remove(badge.begin(), badge.end(), ' '), badge.end());
	o << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
	     "charset=\"utf-8\"><title>guardcheck: "
	  << verdict << "</title><style>" << css
	  << "</style></head><body>\n<h1>guardcheck verdict <span class=\""
	  << badge << "\">" << verdict << "</span></h1>\n";
	if (!x.title.empty())
		o << "<p>" << xml_escape(x.title) << "</p>\n";
	o << "<p>The tree under test must behave as the <b>series</b> class "
	     "on every arch and the baseline as the <b>pre-series</b> "
	     "class.</p>\n";
	if (!m.problems.empty()) {
		o << "<h2>No verdict</h2><ul>";
		for (const std::string &p : m.problems)
			o << "<li>" << xml_escape(p) << "</li>";
		o << "</ul>\n";
	}
	html_matrix(o, m);
	if (!m.disagreements.empty()) {
		o << "<h2>Disagreements (" << m.disagreements.size()
		  << ")</h2><ul>";
		for (const std::string &d : m.disagreements)
			o << "<li>" << xml_escape(d) << "</li>";
		o << "</ul>\n";
	}
	const auto skips = skip_reasons(m);
	if (!skips.empty()) {
		o << "<h2>Skips</h2><ul>";
		for (const auto &[reason, where] : skips)
			o << "<li>" << where.size() << " &times; <code>"
			  << xml_escape(reason) << "</code></li>";
		o << "</ul>\n";
	}
	html_outside_splats(o, m);
	if (!x.series_check.empty())
		o << "<h2>The series against its manifest and "
		     "upstream</h2><pre>"
		  << xml_escape(x.series_check) << "</pre>\n";
	o << text::valid_utf8(x.mutants_html);
	html_checks(o, m);
	if (!x.timings.empty())
		o << "<h2>Timings</h2><pre>" << xml_escape(x.timings)
		  << "</pre>\n";
	html_attachments(o, "Benchmarks", x.bench, false);
	html_attachments(o, "Benchmark plots", x.plots, true);
	html_attachments(o, "Kernel configs", x.configs, false);
	o << "</body></html>\n";
	return o.str();
}

namespace
{

// The splat's lines as a <failure>'s text, or a closed empty element.
std::string splat_body(const case_result &cr)
{
	if (cr.kernel_warnings.empty())
		return "/>";
	std::string text;
	for (const std::string &l : cr.kernel_warnings)
		text += l + "\n";
	return ">" + xml_escape(text) + "</failure>";
}

} // namespace

std::string junit_xml(const matrix &m)
{
	std::ostringstream o;
	o << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "
	     "name=\"guardcheck verdict\">\n";
	for (const cell &c : m.cells) {
		const counts n = count(c, "");
		const std::string suite =
			std::string(role_name(c.who)) + "-" + c.arch;
		const bool outside = !c.kernel_warnings.empty();
		o << "  <testsuite name=\"" << xml_escape(cell_label(c))
		  << "\" tests=\""
		  << c.cases.size() + !c.problem.empty() + outside
		  << "\" failures=\"" << n.disagree + outside << "\" errors=\""
		  << !c.problem.empty() << "\" skipped=\"" << n.skip << "\">\n";
		if (!c.problem.empty())
			o << "    <testcase classname=\"" << xml_escape(suite)
			  << "\" name=\"guest\"><error message=\""
			  << xml_escape(c.problem) << "\"/></testcase>\n";
		if (outside) {
			std::string text;
			for (const console::splat &w : c.kernel_warnings) {
				text += "# " + w.where + "\n";
				for (const std::string &l : w.lines)
					text += l + "\n";
			}
			o << "    <testcase classname=\"" << xml_escape(suite)
			  << "\" name=\"kernel splats outside every "
			     "test\"><failure message=\""
			  << xml_escape(c.kernel_warnings.front().where + ": " +
					c.kernel_warnings.front().title)
			  << "\">" << xml_escape(text)
			  << "</failure></testcase>\n";
		}
		for (const case_result &cr : c.cases) {
			o << "    <testcase classname=\"" << xml_escape(suite)
			  << "\" name=\"" << xml_escape(cr.name) << "\">";
			if (cr.actual == status::skip)
				o << "<skipped message=\""
				  << xml_escape(cr.directive) << "\"/>";
			else if (!cr.agrees())
				o << "<failure message=\"expected "
				  << (cr.expected_pass
					      ? (*cr.expected_pass ? "pass"
								   : "fail")
					      : "no expectation")
				  << " (" << class_name(c.expected_class)
				  << "), got " << ktap::status_name(cr.actual)
				  << (cr.kernel_warnings.empty()
					      ? ""
					      : ": " + xml_escape(cr.directive))
				  << "\"" << splat_body(cr);
			o << "</testcase>\n";
		}
		o << "  </testsuite>\n";
	}
	o << "</testsuites>\n";
	return o.str();
}

std::string results_json(const matrix &m)
{
	using json = nlohmann::ordered_json;
	json cells = json::array();
	for (const cell &c : m.cells) {
		const counts n = count(c, "");
		cells.push_back({{"role", role_name(c.who)},
				 {"arch", c.arch},
				 {"kernel", c.kernel},
				 {"judged_as", class_name(c.expected_class)},
				 {"problem", c.problem},
				 {"passed", n.pass},
				 {"failed", n.fail},
				 {"skipped", n.skip},
				 {"crashed", n.crashed},
				 {"disagreements", n.disagree},
				 {"kernel_splats_outside_tests",
				  c.kernel_warnings.size()},
				 {"run", c.dir.string()}});
	}
	return text::json_document(json{{"verdict", overall_name(m.result)},
					{"exit_code", m.exit_code()},
					{"cells", cells},
					{"disagreements", m.disagreements},
					{"problems", m.problems}});
}

void write_verdict(const fs::path &dir, const matrix &m, const extras &x)
{
	fs::create_directories(dir);
	text::write_file(dir / "summary.md", summary_md(m, x));
	text::write_file(dir / "report.html", report_html(m, x));
	text::write_file(dir / "junit.xml", junit_xml(m));
	text::write_file(dir / "results.json", results_json(m));
	std::vector<fs::path> runs;
	for (const cell &c : m.cells)
		if (!c.dir.empty())
			runs.push_back(c.dir);
	text::write_file(dir / "kcidb.json", report::kcidb_combined(runs));
}

} // namespace guardcheck::verdict
