// SPDX-License-Identifier: GPL-2.0
// Each backport patch against the upstream commit it names, in a mainline
// git tree the user gives (UPSTREAM=): the diffs are compared with line
// numbers, index lines and signatures set aside, so what is left is what the
// backport changed (a range-diff of one patch each).
#ifndef GUARDCHECK_SERIES_UPSTREAM_DIFF_H
#define GUARDCHECK_SERIES_UPSTREAM_DIFF_H

#include "series/intake.h"

#include <string>
#include <string_view>
#include <vector>

namespace guardcheck::series
{

enum class likeness { same, differs, no_sha, not_upstream };

struct upstream_comparison {
	int position = 0;
	std::string sha;
	likeness result = likeness::no_sha;
	int changed_lines = 0;	 // +/- lines of the interdiff
	std::string interdiff;	 // unified diff: upstream -> backport
	std::string explanation; // for not_upstream: what git said
};

// Only the diff of a patch or `git show`: from the first "diff --git" on,
// without index lines, hunk line numbers or the "-- " signature.
std::string normalized_diff(std::string_view text);

// Throws std::runtime_error when upstream_git is not a git repository.
std::vector<upstream_comparison>
compare_with_upstream(const patch_series &s, const std::string &upstream_git);

// One line per patch, the interdiff indented under those that differ;
// unknown SHAs are also returned as problems.
std::string describe_comparisons(const std::vector<upstream_comparison> &c,
				 std::vector<std::string> &problems);

} // namespace guardcheck::series

#endif
