// SPDX-License-Identifier: GPL-2.0
// The mutant catalogue (patches/mutants/catalogue.tsv): kernel patches that
// each break one hunk of the series, what they break and which checks should
// notice.
#ifndef GUARDCHECK_MUTANTS_CATALOGUE_H
#define GUARDCHECK_MUTANTS_CATALOGUE_H

#include <string>
#include <string_view>
#include <vector>

namespace guardcheck::mutants
{

struct mutant {
	std::string id;
	std::string upstream;		 // the commit whose hunk it breaks
	std::string hunk;		 // "file function"
	std::vector<std::string> arches; // empty: every arch
	std::vector<std::string> kills;	 // globs over check names
	std::string equivalent; // why nothing visible changes; "" if not
	std::string what;	// how a backport gets it wrong
	std::string patch;	// <dir>/<id>.patch
	// Spellings for other trees: "6.18" -> <dir>/<id>@6.18.patch
	std::vector<std::pair<std::string, std::string>> variants;

	bool runs_on(std::string_view arch) const;
	// The patch for a tree of this kernel version ("6.18.12").
	const std::string &patch_for(std::string_view version) const;
};

// Reads <dir>/catalogue.tsv and checks it against the patches in <dir>: a
// row without its patch, a patch without a row, a duplicate id, a malformed
// row or an arch outside `known_arches` throws std::invalid_argument naming
// the line and the fix.
std::vector<mutant>
read_catalogue(const std::string &dir,
	       const std::vector<std::string> &known_arches);

// Keeps the mutants named in `wanted` (ids or globs, comma- or
// space-separated; empty keeps all). A name matching nothing throws.
std::vector<mutant> select(const std::vector<mutant> &all,
			   std::string_view wanted);

// fnmatch-style '*' and '?' over a whole name.
bool glob_match(std::string_view pattern, std::string_view name);

} // namespace guardcheck::mutants

#endif
