// SPDX-License-Identifier: GPL-2.0
// The series commands: check a series against its manifest (with
// --upstream, patch by patch against upstream), apply it into a scratch
// tree, bisect it under QEMU, print the bisect table of recorded runs, and
// run the mutants' kill matrix. The driver's verbs series-check, apply,
// bisect, series-table and mutants hand off here (guardcheck-series
// COMMAND is the same). Exit 0 as expected, 1 a negative verdict, 2 no
// verdict.
#ifndef GUARDCHECK_SERIES_TOOL_H
#define GUARDCHECK_SERIES_TOOL_H

#include <string>
#include <vector>

namespace guardcheck::series
{

// The project's files the commands read by default.
struct series_paths {
	std::string manifests = "patches";
	std::string catalogue = "patches/mutants";
	std::string mutant_builder = "qemu/kbuild-mutant.sh";
	std::string arch_records = "qemu/arch";
};

// words: COMMAND (check, apply, bisect, table, mutants) and its options.
// Throws std::invalid_argument on bad input.
int series_tool(const std::vector<std::string> &words,
		const series_paths &paths);

} // namespace guardcheck::series

#endif
