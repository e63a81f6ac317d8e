// SPDX-License-Identifier: GPL-2.0
// Which checks kill a mutant: a check killed it when it fails (or crashes)
// on the mutant kernel but not on the unmutated tree booted the same way.
// The suite's checks and upstream's guard-regions selftest (the runner's
// reference collection) are counted apart, so the two can be compared.
#ifndef GUARDCHECK_MUTANTS_KILL_MATRIX_H
#define GUARDCHECK_MUTANTS_KILL_MATRIX_H

#include "ktap/ktap.h"
#include "mutants/catalogue.h"

#include <map>
#include <string>
#include <vector>

namespace guardcheck::mutants
{

// One boot's results, checks folded over backings (area.behaviour).
struct boot_result {
	bool ran = false;  // false: no results
	std::string cause; // why not, or what ended the guest early
	std::map<std::string, ktap::status> checks;
	std::map<std::string, ktap::status> upstream_checks; // the reference
	// Kernel splats outside any test (they fail the cell).
	std::vector<std::string> cell_warnings;
};

enum class fate {
	killed,
	survived,
	not_run,   // the arch cannot observe it (catalogue's arches)
	no_result, // did not apply, build or boot: no judgement
};

struct cell {
	std::string mutant, arch;
	fate result = fate::no_result;
	std::vector<std::string> suite_killers;	   // "check (fail)"
	std::vector<std::string> upstream_killers; // the same for upstream
	bool upstream_ran = false;	 // the boot had upstream's results
	std::vector<std::string> missed; // kills globs that matched no killer
	std::string cause;		 // for no_result / not_run
};

cell judge(const mutant &m, const std::string &arch,
	   const boot_result &reference, const boot_result &mutated);

struct matrix {
	std::vector<mutant> mutants;
	std::vector<std::string> arches;
	std::vector<cell> cells; // every (mutant, arch) judged or skipped

	const cell *find(const std::string &mutant,
			 const std::string &arch) const;
	// Problems that make the run negative: a non-equivalent mutant that
	// survived, an "equivalent" one that was killed.
	std::vector<std::string> problems() const;
	// Cells that could not be judged (exit 2 when there are any).
	std::vector<std::string> unjudged() const;
	std::string score_line() const;
};

// Text table for the terminal, Markdown and JSON for the run directory, an
// HTML section for report.html.
std::string render_text(const cell &c); // one cell, as in the table
std::string render_text(const matrix &m);
std::string render_markdown(const matrix &m);
std::string render_json(const matrix &m);
std::string render_html_section(const matrix &m);

std::string_view fate_name(fate f);

} // namespace guardcheck::mutants

#endif
