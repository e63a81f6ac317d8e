// SPDX-License-Identifier: GPL-2.0
// Apply a series into a scratch copy of a tree in the cache, never into the
// tree itself: a clone and `git am -3` for a git tree, else a copy and
// `git apply` after a `git apply --check` of each patch. A conflict names the
// patch, file and hunk and leaves nothing behind; a success is cached by tree
// identity and series content.
#ifndef GUARDCHECK_SERIES_APPLY_H
#define GUARDCHECK_SERIES_APPLY_H

#include "series/intake.h"

#include <functional>
#include <string>
#include <vector>

namespace guardcheck::series
{

struct tree_info {
	std::string path;    // absolute
	bool git = false;    // the top of a git work tree
	std::string head;    // HEAD's SHA for a git tree
	std::string id;	     // "git-<12>" or "<name>-<8 hex of path>"
	std::string version; // from the Makefile, may be empty
	std::string error;   // why the tree cannot be used
};

tree_info inspect_tree(const std::string &tree);

struct conflict {
	int patch = 0; // series position
	std::string subject;
	std::string file;
	int hunk = 0;	    // 1-based hunk of that file in the patch; 0 unknown
	int line = 0;	    // where the tool looked for it; 0 unknown
	std::string detail; // the tool's own words
	std::string text() const;
};

struct apply_result {
	enum class state { applied, reused, conflict, error };
	state result = state::error;
	std::string path; // the applied tree (applied, reused)
	conflict where;	  // (conflict)
	std::string error;
	std::vector<std::string> notes; // patches that needed fuzz
};

struct apply_options {
	std::string cache; // $GUARDCHECK_CACHE
	std::function<void(const std::string &)> say;
};

// The marker a finished applied tree carries (also read by qemu/kbuild.sh
// for the build cache key: its "id=" line).
constexpr const char *marker_name = ".guardcheck-series";

apply_result apply_series(const patch_series &s, const std::string &tree,
			  const apply_options &o);

// For bisect: a plain copy of the tree's content (a git tree's HEAD, else the
// files) at dest, without .git, so that one build directory follows it.
std::string plain_copy(const tree_info &t, const std::string &dest);

// `git apply` of the patch's diff in dir after a `git apply --check`; when
// the exact context is not found, with one line of context each side (as
// patch(1)'s fuzz), said in note. False with where filled on a conflict.
bool apply_with_patch(const patch &p, const std::string &dir,
		      const std::string &scratch, conflict &where,
		      std::string *note = nullptr);

} // namespace guardcheck::series

#endif
