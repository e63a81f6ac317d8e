// SPDX-License-Identifier: GPL-2.0
// Each backport patch against the upstream patch it names, like the stable
// bot's "the patch differs from the upstream commit": upstream is a mainline
// git tree (the commit its "commit <sha> upstream." names) or an mbox of the
// upstream posting (which carries no mainline SHA: the patch with the
// subject of the manifest entry the backport maps to, else its own). Same
// means `git patch-id --stable` equal; a difference is shown the way `git
// range-diff` shows one pair: a diff of the two diffs, with "## file ##"
// and "@@ file: function" in place of headers and line numbers.
#ifndef GUARDCHECK_SERIES_UPSTREAM_DIFF_H
#define GUARDCHECK_SERIES_UPSTREAM_DIFF_H

#include "series/intake.h"
#include "series/manifest.h"

#include <string>
#include <string_view>
#include <vector>

namespace guardcheck::series
{

enum class likeness { same, differs, no_sha, not_upstream, not_posted };

struct upstream_comparison {
	int position = 0;
	std::string title;
	std::string sha;      // the upstream SHA compared with ("" none)
	std::string upstream; // what it is: the SHA, or "[PATCH v4 3/9]"
	std::string how;      // how it was found ("commit <sha> upstream.")
	likeness result = likeness::no_sha;
	std::string patch_id;	 // of the backport (git patch-id --stable)
	std::string upstream_id; // of the upstream patch
	std::vector<std::string> differing; // "mm/vma.c (2 of 5 hunks)"
	int changed_lines = 0;		    // +/- lines of the range-diff
	std::string interdiff;		    // range-diff form, unindented
	std::string explanation;	    // for not_upstream, not_posted
};

// A diff (git or quilt form, alone or in a mail or `git show`) the way
// range-diff compares it: "## path ##" per file, "@@ path: function" per
// hunk (function context cut to 40 characters, as diff -p does), no index
// lines, line numbers, diffstat or signature.
std::string range_diff_form(std::string_view text);

// The diff with a "diff --git" line before every file that lacks one
// (quilt patches), for `git patch-id`.
std::string git_form(std::string_view text);

// upstream: a mainline git tree, or an mbox file of the upstream posting.
// m and v (the series' manifest and the series checked against it) map
// patches by subject when the series names no SHA or upstream is an mbox.
// Throws std::runtime_error when upstream is neither, or the mbox is
// unusable.
std::vector<upstream_comparison>
compare_with_upstream(const patch_series &s, const std::string &upstream,
		      const manifest *m = nullptr,
		      const manifest_check *v = nullptr);

// One line per patch, the range-diff indented under those that differ;
// SHAs the upstream tree does not have are also returned as problems.
std::string describe_comparisons(const std::vector<upstream_comparison> &c,
				 std::vector<std::string> &problems);

} // namespace guardcheck::series

#endif
