// SPDX-License-Identifier: GPL-2.0
// The verbs of `guardcheck`: each one parses its options and hands off to
// its module in lib/. A verb returns the exit status: 0 PASS, 1 FAIL, 2 no
// verdict (bad input included).
#ifndef GUARDCHECK_DRIVER_H
#define GUARDCHECK_DRIVER_H

#include "cli/options.h"
#include "run/boot.h"

#include <string>
#include <vector>

namespace guardcheck::driver
{

using words = std::vector<std::string>;

// The options every verb takes (O=, V=, MAKE=), added to its own.
struct common {
	std::string out, make = "make";
	bool verbose = false;
	void add_to(cli::verb_options &o);
	// The project with these settings; the checkout is
	// $GUARDCHECK_REPO or the one the program was built from.
	run::project project() const;
};

struct verb {
	const char *name;
	const char *summary;
	int (*run)(const words &w);
};

const std::vector<verb> &verbs();

int boot_verb(const words &w);
int status_verb(const words &w);
int validate_verb(const words &w);
int verdict_verb(const words &w);
int tree_verb(const words &w);
int kernel_verb(const words &w);
int series_check_verb(const words &w);
int apply_verb(const words &w);
int bisect_verb(const words &w);
int series_table_verb(const words &w);
int mutants_verb(const words &w);
int bench_compare_verb(const words &w);
// `guardcheck-series COMMAND ...`: the old program's name, for the callers
// that still use it.
int series_alias(const words &w);

} // namespace guardcheck::driver

#endif
