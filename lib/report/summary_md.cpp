// SPDX-License-Identifier: GPL-2.0
// summary.md: the run at a glance, for people and CI job pages.
#include "report/report.h"

#include "text/markup.h"

#include <cmath>
#include <sstream>

namespace guardcheck::report
{

namespace
{

using ktap::status;
using ktap::test;
using text::md_code;
using text::md_code_cell;
using text::md_text;

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
	o << "- **" << ktap::status_name(t.result) << "** " << md_code(name);
	if (!t.directive.empty())
		o << " (" << md_text(t.directive) << ")";
	o << "\n";
}

void md_block(std::ostringstream &o, const std::string &label,
	      const std::vector<std::string> &lines)
{
	const std::string fence = text::md_fence(lines);
	o << "- " << label << "\n\n  " << fence << "\n";
	for (const std::string &l : lines)
		o << "  " << l << "\n";
	o << "  " << fence << "\n\n";
}

void md_splats(std::ostringstream &o, const test &t, const std::string &path)
{
	const std::string name = path.empty() ? t.name : path + " / " + t.name;
	if (!t.kernel_warnings.empty())
		md_block(o, md_code(name) + " (" + md_text(t.directive) + ")",
			 t.kernel_warnings);
	for (const test &s : t.subtests)
		md_splats(o, s, name);
}

} // namespace

std::string summary_md(const run &r)
{
	const ktap::totals &n = r.outcome.counts;
	std::ostringstream o;
	o << "# guardcheck: " << md_text(r.arch) << "\n\n"
	  << "| | |\n|---|---|\n"
	  << "| tree | " << md_code_cell(r.tree) << " |\n"
	  << "| kernel | " << md_code_cell(r.kernel) << " |\n"
	  << "| outcome | " << console::outcome_name(r.outcome.kind) << " |\n"
	  << "| exit | " << r.outcome.exit_code << " |\n"
	  << "| cause | " << md_text(r.outcome.cause) << " |\n"
	  << "| boot to verdict | " << std::lround(r.seconds) << " s |\n"
	  << "| cases | " << n.passed << " passed, " << n.failed << " failed, "
	  << n.skipped << " skipped, " << n.crashed << " crashed |\n\n";
	for (const std::string &f : r.facts)
		o << "- " << md_text(f) << "\n";
	o << "\n## Per binary\n\n| binary | pass | fail | skip | crashed |\n"
	  << "|---|---|---|---|---|\n";
	for (const test &bin : r.tests) {
		const ktap::totals b = ktap::count_cases({bin});
		o << "| " << md_text(bin.name) << " | " << b.passed << " | "
		  << b.failed << " | " << b.skipped << " | " << b.crashed
		  << " |\n";
	}
	std::ostringstream bad;
	for (const test &bin : r.tests)
		md_bad(bad, bin, "");
	if (!bad.str().empty())
		o << "\n## Failed or crashed\n\n" << bad.str();
	std::ostringstream splats;
	for (const test &bin : r.tests)
		md_splats(splats, bin, "");
	for (const console::splat &w : r.kernel_warnings)
		md_block(splats, "outside every test: " + md_text(w.where),
			 w.lines);
	if (!splats.str().empty())
		o << "\n## Kernel warnings\n\n" << splats.str();
	return o.str();
}

} // namespace guardcheck::report
