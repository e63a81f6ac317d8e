// SPDX-License-Identifier: GPL-2.0
// `guardcheck validate`: the tree under test and the baseline, each booted
// on every arch (one `guardcheck boot` per cell, results cached), with time
// estimates from the last run of the same steps, then one differential
// verdict (verdict/matrix_run.h) over the run directory.
#ifndef GUARDCHECK_VALIDATE_H
#define GUARDCHECK_VALIDATE_H

#include "run/boot.h"

#include <string>
#include <vector>

namespace guardcheck::validate
{

struct options {
	std::vector<std::string> arches; // empty: every arch record
	std::string kdir, kver, series;	 // the tree under test
	std::string base;		 // a version or a tree's path
	bool bench = false, force = false, debug = false;
	std::string mutants; // ids, globs or "all"; empty: none
	// With a series: what each patch is against upstream (the posting's
	// mbox or a mainline git tree); empty: the mapping alone.
	std::string upstream;
	std::string run_dir, runs_base;
};

// The tree a role boots: KDIR=, KVER= and SERIES=, as `guardcheck tree`
// takes them.
struct tree_choice {
	std::string kdir, kver, series;
};

// The tree under test: KDIR or KVER (default facts::tree_version), SERIES.
// The baseline: BASE as a version (6.18.12) or a tree's path. Throws
// cli::usage_error naming the bad value and the fix.
tree_choice tree_under_test(const options &o);
tree_choice baseline(const std::string &base);

// A step's name in validate-times.tsv: its tree, arch and DEBUG.
std::string step_key(const std::string &role, const std::string &arch,
		     const std::string &tree_path, bool debug);
// The seconds the last run of a step took (0: none recorded).
long estimate(const std::string &times_tsv, const std::string &key);

// 0 PASS, 1 FAIL, 2 no verdict; the verdict's report path is printed last.
int validate(const run::project &p, const options &o);

} // namespace guardcheck::validate

#endif
