// SPDX-License-Identifier: GPL-2.0
// The project's defaults, defined once. The Makefile reads the three
// quoted values below with sed (keep each on one line of this form), the
// driver includes them.
#ifndef GUARDCHECK_FACTS_DEFAULTS_H
#define GUARDCHECK_FACTS_DEFAULTS_H

#include <cstdlib>
#include <string>

namespace guardcheck::facts
{

// The tree under test when neither KDIR= nor KVER= is given (make validate,
// make mutants): mainline with the VM_MAYBE_GUARD series.
inline constexpr const char *tree_version = "6.19.10";
// The baseline (BASE=): the stable tree before the series.
inline constexpr const char *base_version = "6.18.12";
// The cache below $XDG_CACHE_HOME (else ~/.cache), unless GUARDCHECK_CACHE.
inline constexpr const char *cache_name = "guardcheck";

// $GUARDCHECK_CACHE, else $XDG_CACHE_HOME/guardcheck, else
// ~/.cache/guardcheck.
inline std::string default_cache()
{
	if (const char *c = std::getenv("GUARDCHECK_CACHE"); c && *c)
		return c;
	if (const char *x = std::getenv("XDG_CACHE_HOME"); x && *x)
		return std::string(x) + "/" + cache_name;
	const char *home = std::getenv("HOME");
	return std::string(home ? home : "/tmp") + "/.cache/" + cache_name;
}

} // namespace guardcheck::facts

#endif
