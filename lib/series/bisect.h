// SPDX-License-Identifier: GPL-2.0
// The table of a bisect run: the suite's checks after each patch of a
// series, which patch flips which check, and whether that is the patch the
// manifest names.
#ifndef GUARDCHECK_SERIES_BISECT_H
#define GUARDCHECK_SERIES_BISECT_H

#include "ktap/ktap.h"
#include "series/intake.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace guardcheck::series
{

// One boot: the base tree (step 0) or the tree after patch n (step n).
struct step {
	std::string label; // "base", "1", "2", ...
	bool ran = false;  // false: no results (build or boot failed)
	std::string cause; // why not
	// check (area.behaviour, backings folded) -> worst outcome
	std::map<std::string, ktap::status> checks;
};

// "smaps.anon.install_sets_gu" -> "smaps.install_sets_gu"; other names as
// they are.
std::string check_name(std::string_view test_name);

// Folds the leaves of a KTAP run into checks: crashed beats fail beats
// pass beats skip, over every backing.
std::map<std::string, ktap::status>
fold_checks(const std::vector<ktap::test> &tests);

struct flip {
	std::string check;
	int step = 0; // first step whose outcome differs from the one before
	ktap::status from = ktap::status::skip, to = ktap::status::skip;
	int expected = -1; // step the manifest names (-1: none)
};

struct bisect_table {
	std::vector<flip> flips;	   // observed, in check order
	std::vector<std::string> problems; // mismatches with the manifest
	std::vector<std::string> notes;	   // known breaks, as the manifest says
	// Expected flips that could not be seen: the check skipped at every
	// step (its feature is not in this arch's kernel).
	std::vector<std::string> unchecked;
	std::string text; // the rendered table
	bool ok() const
	{
		return problems.empty();
	}
};

// steps[0] is the base, steps[i] the tree after series patch i. rows maps
// series patches to manifest entries (from verify()).
bisect_table make_table(const std::vector<step> &steps, const manifest &m,
			const manifest_check &rows);

} // namespace guardcheck::series

#endif
