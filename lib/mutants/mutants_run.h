// SPDX-License-Identifier: GPL-2.0
// `guardcheck-series mutants`: boot the tree, then each mutant of the
// catalogue built incrementally from it, on every arch asked for, and print
// the kill matrix.
#ifndef GUARDCHECK_MUTANTS_RUN_H
#define GUARDCHECK_MUTANTS_RUN_H

#include <string>
#include <vector>

namespace guardcheck::mutants
{

struct run_options {
	std::string tree;      // the series tree (applied), only read
	std::string catalogue; // directory of catalogue.tsv and the patches
	std::string wanted;    // MUTANTS= (ids or globs; empty: all)
	std::vector<std::string> arches;
	std::string cache, out;
	std::string runner; // the driver that boots a cell; "": this program
	std::string builder = "qemu/kbuild-mutant.sh";
	std::string arch_records = "qemu/arch";
	bool reboot_mutants =
		false; // boot each mutant even when its result is cached
};

// 0 every non-equivalent mutant killed, 1 one survived (or an equivalent
// one was killed), 2 some mutant could not be judged (it did not apply,
// build or boot) or the input is bad. The run directory is printed last.
int run(const run_options &o);

} // namespace guardcheck::mutants

#endif
