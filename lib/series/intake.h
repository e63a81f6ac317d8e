// SPDX-License-Identifier: GPL-2.0
// Series intake like b4 and the stable process: an mbox, a directory of
// *.patch files or a git range, turned into an ordered list of patches with
// everything that is wrong with it; then the patches mapped onto a manifest.
#ifndef GUARDCHECK_SERIES_INTAKE_H
#define GUARDCHECK_SERIES_INTAKE_H

#include "series/manifest.h"
#include "series/mbox.h"

#include <string>
#include <vector>

namespace guardcheck::series
{

struct patch {
	int position = 0; // 1..N in application order
	subject_tags tags;
	std::string source;    // file:line
	std::string raw;       // the message as mailed, fit for `git am`
	std::string diff_text; // its diff part decoded, fit for `git apply`
	diff changes;
	upstream_ref upstream;
};

struct skipped {
	std::string source;
	std::string subject;
	std::string reason; // "cover letter", "reply", "no diff", ...
};

struct patch_series {
	std::string spec; // what the user gave (path or range)
	std::string kind; // "mbox", "directory", "git range"
	std::vector<patch> patches;
	std::vector<skipped> ignored;
	std::vector<std::string> errors; // any: no verdict (exit 2)
	std::string id;			 // 16 hex digits of the content hash
	std::string cover;		 // cover letter subject, if any
};

// spec: an mbox file, a directory of *.patch (ordered by its `series` file
// when present, else by name), or a git range A..B evaluated in tree (or in
// the current directory when tree is not a git repository).
patch_series load(const std::string &spec, const std::string &tree);

// The same checks on mbox text already in memory (tests, git ranges).
patch_series from_mbox_text(const std::string &text, const std::string &source);

struct mapping {
	int patch = 0;	 // series position
	int entry = -1;	 // index into manifest::entries; -1 none
	std::string how; // "commit <sha> upstream.", "subject", ...
};

// The series held against its manifest: which entry each patch is.
struct manifest_check {
	std::vector<mapping> rows;	   // one per series patch
	std::vector<std::string> problems; // the series is not the manifest's
	std::vector<std::string> notes;	   // worth reading, not failures
	bool ok() const
	{
		return problems.empty();
	}
};

manifest_check verify(const patch_series &s, const manifest &m);

// Human-readable report of both, one finding per line.
std::string describe(const patch_series &s, const manifest &m,
		     const manifest_check &v);

} // namespace guardcheck::series

#endif
