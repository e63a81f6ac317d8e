// SPDX-License-Identifier: GPL-2.0
// The differential verdict: the tree under test must behave as the series
// class on every arch and the baseline as the pre-series class. Every
// disagreement is named with its check, arch and both outcomes.
#ifndef GUARDCHECK_JUDGE_H
#define GUARDCHECK_JUDGE_H

#include "report/report.h"
#include "verdict/expectations.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace guardcheck::verdict
{

enum class role { tree, base };
std::string_view role_name(role r); // "tree", "base"

// One (role, arch) run as found on disk.
struct cell_input {
	role who = role::tree;
	std::string arch;
	std::filesystem::path dir;
	std::optional<report::run> run; // absent: see problem
	std::string problem;
};

struct case_result {
	std::string name; // "<area>.<backing>.<behaviour>"
	std::string check;
	std::string backing;
	std::string area;
	ktap::status actual = ktap::status::crashed;
	std::optional<bool> expected_pass; // absent: no expectation
	std::string directive;
	std::vector<std::string> log;
	// A kernel splat while it ran: never agrees, whatever was expected.
	std::vector<std::string> kernel_warnings;

	bool agrees() const;
};

struct cell {
	role who = role::tree;
	std::string arch;
	std::string kernel; // "6.19.10" from the guest's facts
	std::filesystem::path dir;
	kernel_class expected_class = kernel_class::series;
	std::string problem; // non-empty: no verdict for this cell
	std::vector<case_result> cases;
	std::vector<std::string> absent_checks; // expected, never reported
	// Splats outside every test: each is a disagreement of the cell.
	std::vector<console::splat> kernel_warnings;
	int disagreements = 0;
	// Upstream's guard-regions selftest ("selftests: upstream:"), run in
	// the same guest as a reference: counted, not judged (a splat in it
	// still is).
	ktap::totals reference;
	std::vector<std::string> reference_failed;
};

enum class overall { pass, fail, no_verdict };
std::string_view overall_name(overall o); // PASS, FAIL, NO VERDICT

struct matrix {
	std::vector<cell> cells;
	std::vector<std::string> disagreements; // one sentence each
	std::vector<std::string> problems;	// cells without a verdict
	overall result = overall::no_verdict;

	int exit_code() const;
	const cell *find(role who, const std::string &arch) const;
};

matrix judge(const std::vector<cell_input> &inputs, const expectations &e);

// Reads RUNS/<role>-<arch>/results.json for every role and arch given.
std::vector<cell_input> collect(const std::filesystem::path &runs,
				const std::vector<std::string> &arches);

} // namespace guardcheck::verdict

#endif
