// SPDX-License-Identifier: GPL-2.0
// junit.xml: one <testsuite> per binary, one <testcase> per KTAP case;
// a run without a verdict or with splats outside every test is never green.
#include "report/report.h"

#include "text/markup.h"

#include <sstream>

namespace guardcheck::report
{

namespace
{

using ktap::status;
using ktap::test;
using text::xml_escape;

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

} // namespace

std::string junit_xml(const run &r)
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
		for (const console::splat &w : r.kernel_warnings) {
			text += "# " + w.where + "\n";
			for (const std::string &l : w.lines)
				text += l + "\n";
		}
		const console::splat &first = r.kernel_warnings.front();
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
	if (r.outcome.kind != console::outcome::finished) {
		// A run without a verdict must not look green in CI.
		o << "  <testsuite name=\"" << xml_escape(r.arch)
		  << ": guest\" tests=\"1\" failures=\"0\" errors=\"1\">\n"
		  << "    <testcase classname=\"" << xml_escape(r.arch)
		  << "\" name=\"guest\"><error message=\""
		  << xml_escape(std::string(
					console::outcome_name(r.outcome.kind)) +
				": " + r.outcome.cause)
		  << "\"/></testcase>\n  </testsuite>\n";
	}
	o << "</testsuites>\n";
	return o.str();
}

} // namespace guardcheck::report
