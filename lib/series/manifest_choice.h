// SPDX-License-Identifier: GPL-2.0
// Which manifest a series is checked against when no tree says so: the one
// of a directory's manifests that the series fits with the fewest problems.
// A 6.18.y backport checked without KDIR/KVER then meets the stable
// manifest, not mainline's.
#ifndef GUARDCHECK_SERIES_MANIFEST_CHOICE_H
#define GUARDCHECK_SERIES_MANIFEST_CHOICE_H

#include <string>

#include "series/intake.h"

namespace guardcheck::series
{

struct manifest_choice {
	std::string path;
	std::string why; // one line: every candidate with its problem count
};

// Throws std::runtime_error when dir holds no *.manifest. A tie between
// the best goes to fallback (a path), and why says so.
manifest_choice choose_manifest_by_fit(const std::string &dir,
				       const patch_series &s,
				       const std::string &fallback);

} // namespace guardcheck::series

#endif
