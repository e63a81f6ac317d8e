// SPDX-License-Identifier: GPL-2.0
// The verdict's files: summary.md, report.html (self-contained), junit.xml
// and results.json.
#ifndef GUARDCHECK_VERDICT_RENDER_H
#define GUARDCHECK_VERDICT_RENDER_H

#include "verdict/judge.h"

#include <filesystem>
#include <string>
#include <vector>

namespace guardcheck::verdict
{

// What the report shows beside the verdict, read from the runs directory.
struct extras {
	std::string title;   // e.g. "6.19.10 against baseline 6.18.12"
	std::string timings; // timings.tsv: what ran, how long, cached or not
	struct attachment {
		std::string name;
		std::string text;
	};
	std::vector<attachment> configs; // kernel .config per cell
	std::vector<attachment> bench;	 // compare.md tables per arch
	std::vector<attachment> plots;	 // SVG documents, inlined
	// The kill matrix of MUTANTS= (mutants/ of the runs directory).
	std::string mutants_html, mutants_md;
	// SERIES=: series-check's lines, one per patch (series/ of the runs).
	std::string series_check;
};

extras read_extras(const std::filesystem::path &runs, const matrix &m);

std::string summary_md(const matrix &m, const extras &x);
std::string report_html(const matrix &m, const extras &x);
std::string junit_xml(const matrix &m);
std::string results_json(const matrix &m);

// Writes all four, and kcidb.json (the runs' reports as one), into dir;
// throws std::runtime_error naming a file.
void write_verdict(const std::filesystem::path &dir, const matrix &m,
		   const extras &x);

} // namespace guardcheck::verdict

#endif
