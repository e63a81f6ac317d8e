// SPDX-License-Identifier: GPL-2.0
#include "report/report.h"

#include "text/text_file.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace guardcheck::report
{

namespace
{

using ktap::status;
using ktap::test;

void json_lines(std::ostringstream &o, std::string_view key,
		const std::vector<std::string> &lines)
{
	o << ", \"" << key << "\": [";
	for (std::size_t i = 0; i < lines.size(); i++)
		o << (i ? ", " : "") << '"' << json_escape(lines[i]) << '"';
	o << "]";
}

void json_test(std::ostringstream &o, const test &t, int indent)
{
	const std::string pad(indent, ' ');
	o << pad << "{\"name\": \"" << json_escape(t.name)
	  << "\", \"number\": " << t.number << ", \"status\": \""
	  << ktap::status_name(t.result) << "\"";
	if (!t.directive.empty())
		o << ", \"directive\": \"" << json_escape(t.directive) << "\"";
	if (!t.log.empty()) {
		o << ", \"log\": [";
		for (std::size_t i = 0; i < t.log.size(); i++)
			o << (i ? ", " : "") << '"' << json_escape(t.log[i])
			  << '"';
		o << "]";
	}
	if (!t.kernel_warnings.empty())
		json_lines(o, "kernel_warnings", t.kernel_warnings);
	if (!t.subtests.empty()) {
		o << ",\n" << pad << " \"subtests\": [\n";
		for (std::size_t i = 0; i < t.subtests.size(); i++) {
			json_test(o, t.subtests[i], indent + 2);
			o << (i + 1 < t.subtests.size() ? ",\n" : "\n");
		}
		o << pad << " ]";
	}
	o << "}";
}

std::string json(const run &r)
{
	const ktap::totals &n = r.verdict.counts;
	std::ostringstream o;
	o << "{\n  \"arch\": \"" << json_escape(r.arch) << "\",\n"
	  << "  \"tree\": \"" << json_escape(r.tree) << "\",\n"
	  << "  \"kernel\": \"" << json_escape(r.kernel) << "\",\n"
	  << "  \"outcome\": \"" << ktap::outcome_name(r.verdict.kind)
	  << "\",\n  \"exit_code\": " << r.verdict.exit_code << ",\n"
	  << "  \"cause\": \"" << json_escape(r.verdict.cause) << "\",\n"
	  << "  \"seconds\": " << r.seconds << ",\n"
	  << "  \"totals\": {\"passed\": " << n.passed
	  << ", \"failed\": " << n.failed << ", \"skipped\": " << n.skipped
	  << ", \"crashed\": " << n.crashed << "},\n  \"facts\": [";
	for (std::size_t i = 0; i < r.facts.size(); i++)
		o << (i ? ", " : "") << '"' << json_escape(r.facts[i]) << '"';
	o << "],\n  \"kernel_warnings\": [";
	for (std::size_t i = 0; i < r.kernel_warnings.size(); i++) {
		const ktap::splat &w = r.kernel_warnings[i];
		o << (i ? "," : "") << "\n    {\"kind\": \""
		  << json_escape(w.kind) << "\", \"title\": \""
		  << json_escape(w.title) << "\", \"task\": \""
		  << json_escape(w.task) << "\", \"where\": \""
		  << json_escape(w.where)
		  << "\", \"ended\": " << (w.ended ? "true" : "false");
		json_lines(o, "lines", w.lines);
		o << "}";
	}
	o << (r.kernel_warnings.empty() ? "" : "\n  ")
	  << "],\n  \"tests\": [\n";
	for (std::size_t i = 0; i < r.tests.size(); i++) {
		json_test(o, r.tests[i], 4);
		o << (i + 1 < r.tests.size() ? ",\n" : "\n");
	}
	o << "  ]\n}\n";
	return o.str();
}

// One <testsuite> per binary, one <testcase> per leaf.
void junit_cases(std::ostringstream &o, const test &t, const std::string &cls)
{
	if (!t.subtests.empty()) {
		for (const test &s : t.subtests)
			junit_cases(o, s, cls);
		return;
	}
	o << "    <testcase classname=\"" << xml_escape(cls) << "\" name=\""
	  << xml_escape(t.name) << "\">";
	// A splat first: it is why the case failed.
	std::string log;
	for (const std::string &l : t.kernel_warnings)
		log += l + "\n";
	if (!t.kernel_warnings.empty() && !t.log.empty())
		log += "\n";
	for (const std::string &l : t.log)
		log += l + "\n";
	switch (t.result) {
	case status::pass:
		break;
	case status::skip:
		o << "<skipped message=\"" << xml_escape(t.directive) << "\"/>";
		break;
	case status::fail:
		o << "<failure message=\"" << xml_escape(t.directive) << "\">"
		  << xml_escape(log) << "</failure>";
		break;
	case status::crashed:
		o << "<error message=\"" << xml_escape(t.directive) << "\">"
		  << xml_escape(log) << "</error>";
		break;
	}
	o << "</testcase>\n";
}

std::string junit(const run &r)
{
	std::ostringstream o;
	const ktap::totals all = ktap::count_cases(r.tests);
	const bool outside = !r.kernel_warnings.empty();
	o << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	  << "<testsuites name=\"guardcheck " << xml_escape(r.arch)
	  << "\" tests=\""
	  << all.passed + all.failed + all.skipped + all.crashed + outside
	  << "\" failures=\"" << all.failed + outside << "\" errors=\""
	  << all.crashed << "\" skipped=\"" << all.skipped << "\">\n";
	for (const test &bin : r.tests) {
		const ktap::totals n = ktap::count_cases({bin});
		o << "  <testsuite name=\""
		  << xml_escape(r.arch + ": " + bin.name) << "\" tests=\""
		  << n.passed + n.failed + n.skipped + n.crashed
		  << "\" failures=\"" << n.failed << "\" errors=\"" << n.crashed
		  << "\" skipped=\"" << n.skipped << "\">\n";
		junit_cases(o, bin, r.arch + "." + bin.name);
		o << "  </testsuite>\n";
	}
	if (outside) {
		// Splats outside every test fail the run: one case for them.
		std::string text;
		for (const ktap::splat &w : r.kernel_warnings) {
			text += "# " + w.where + "\n";
			for (const std::string &l : w.lines)
				text += l + "\n";
		}
		const ktap::splat &first = r.kernel_warnings.front();
		o << "  <testsuite name=\"" << xml_escape(r.arch)
		  << ": kernel\" tests=\"1\" failures=\"1\" errors=\"0\">\n"
		  << "    <testcase classname=\"" << xml_escape(r.arch)
		  << ".kernel\" name=\"kernel splats outside every test\">"
		  << "<failure message=\""
		  << xml_escape(std::to_string(r.kernel_warnings.size()) +
				" kernel splat(s) outside every test, first " +
				first.where + ": " + first.title)
		  << "\">" << xml_escape(text) << "</failure></testcase>\n"
		  << "  </testsuite>\n";
	}
	if (r.verdict.kind != ktap::outcome::finished) {
		// A run without a verdict must not look green in CI.
		o << "  <testsuite name=\"" << xml_escape(r.arch)
		  << ": guest\" tests=\"1\" failures=\"0\" errors=\"1\">\n"
		  << "    <testcase classname=\"" << xml_escape(r.arch)
		  << "\" name=\"guest\"><error message=\""
		  << xml_escape(
			     std::string(ktap::outcome_name(r.verdict.kind)) +
			     ": " + r.verdict.cause)
		  << "\"/></testcase>\n  </testsuite>\n";
	}
	o << "</testsuites>\n";
	return o.str();
}

void md_bad(std::ostringstream &o, const test &t, const std::string &path)
{
	const std::string name = path.empty() ? t.name : path + " / " + t.name;
	if (!t.subtests.empty()) {
		for (const test &s : t.subtests)
			md_bad(o, s, name);
		return;
	}
	if (t.result != status::fail && t.result != status::crashed)
		return;
	o << "- **" << ktap::status_name(t.result) << "** `" << name << "`";
	if (!t.directive.empty())
		o << " (" << t.directive << ")";
	o << "\n";
}

void md_block(std::ostringstream &o, const std::string &label,
	      const std::vector<std::string> &lines)
{
	o << "- " << label << "\n\n  ```\n";
	for (const std::string &l : lines)
		o << "  " << l << "\n";
	o << "  ```\n\n";
}

void md_splats(std::ostringstream &o, const test &t, const std::string &path)
{
	const std::string name = path.empty() ? t.name : path + " / " + t.name;
	if (!t.kernel_warnings.empty())
		md_block(o, "`" + name + "` (" + t.directive + ")",
			 t.kernel_warnings);
	for (const test &s : t.subtests)
		md_splats(o, s, name);
}

std::string summary(const run &r)
{
	const ktap::totals &n = r.verdict.counts;
	std::ostringstream o;
	o << "# guardcheck: " << r.arch << "\n\n"
	  << "| | |\n|---|---|\n"
	  << "| tree | `" << r.tree << "` |\n"
	  << "| kernel | `" << r.kernel << "` |\n"
	  << "| outcome | " << ktap::outcome_name(r.verdict.kind) << " |\n"
	  << "| exit | " << r.verdict.exit_code << " |\n"
	  << "| cause | " << r.verdict.cause << " |\n"
	  << "| boot to verdict | " << std::lround(r.seconds) << " s |\n"
	  << "| cases | " << n.passed << " passed, " << n.failed << " failed, "
	  << n.skipped << " skipped, " << n.crashed << " crashed |\n\n";
	for (const std::string &f : r.facts)
		o << "- " << f << "\n";
	o << "\n## Per binary\n\n| binary | pass | fail | skip | crashed |\n"
	  << "|---|---|---|---|---|\n";
	for (const test &bin : r.tests) {
		const ktap::totals b = ktap::count_cases({bin});
		o << "| " << bin.name << " | " << b.passed << " | " << b.failed
		  << " | " << b.skipped << " | " << b.crashed << " |\n";
	}
	std::ostringstream bad;
	for (const test &bin : r.tests)
		md_bad(bad, bin, "");
	if (!bad.str().empty())
		o << "\n## Failed or crashed\n\n" << bad.str();
	std::ostringstream splats;
	for (const test &bin : r.tests)
		md_splats(splats, bin, "");
	for (const ktap::splat &w : r.kernel_warnings)
		md_block(splats, "outside every test: " + w.where, w.lines);
	if (!splats.str().empty())
		o << "\n## Kernel warnings\n\n" << splats.str();
	return o.str();
}

} // namespace

std::string json_escape(std::string_view s)
{
	std::string out;
	for (const char c : s) {
		switch (c) {
		case '"':
			out += "\\\"";
			break;
		case '\\':
			out += "\\\\";
			break;
		case '\n':
			out += "\\n";
			break;
		case '\t':
			out += "\\t";
			break;
		default:
			if (static_cast<unsigned char>(c) < 0x20) {
				char buf[8];
				std::snprintf(buf, sizeof(buf), "\\u%04x", c);
				out += buf;
			} else {
				out += c;
			}
		}
	}
	return out;
}

std::string xml_escape(std::string_view s)
{
	std::string out;
	for (const char c : s) {
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
			if (static_cast<unsigned char>(c) >= 0x20 ||
			    c == '\n' || c == '\t')
				out += c;
		}
	}
	return out;
}

void write_all(const std::filesystem::path &dir, const run &r)
{
	text::write_file(dir / "results.json", json(r));
	text::write_file(dir / "junit.xml", junit(r));
	text::write_file(dir / "summary.md", summary(r));
}

} // namespace guardcheck::report
