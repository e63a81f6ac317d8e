// SPDX-License-Identifier: GPL-2.0
// guardcheck validate: options to validate::options, then lib/validate.
#include "driver.h"

#include "facts/defaults.h"
#include "validate/validate.h"

#include <sstream>

namespace guardcheck::driver
{

int validate_verb(const words &w)
{
	common c;
	validate::options o;
	std::string arches, bench, force, debug;
	cli::verb_options opts(
		"validate",
		std::string("the tree under test (KDIR/KVER, default ") +
			facts::tree_version +
			"; SERIES) against BASE on ARCHES, one verdict");
	opts.value("--arches", "ARCHES", "the arches (default every record)",
		   arches)
		.value("--kdir", "KDIR", "the tree under test (only read)",
		       o.kdir)
		.value("--kver", "KVER", "or its version, fetched from Debian",
		       o.kver)
		.value("--series", "SERIES", "mbox, *.patch dir or A..B on it",
		       o.series)
		.value("--base", "BASE",
		       std::string("the baseline: a version (default ") +
			       facts::base_version + ") or a tree's path",
		       o.base)
		.value("--bench", "BENCH", "1: add the fork comparison", bench)
		.value("--force", "FORCE", "1: boot again even when cached",
		       force)
		.value("--debug", "DEBUG",
		       "1: both kernels with qemu/config/debug.config", debug)
		.value("--mutants", "MUTANTS",
		       "ids, globs or all: add the kill matrix", o.mutants)
		.value("--upstream", "UPSTREAM",
		       "with SERIES: compare each patch with its upstream one "
		       "(the posting's mbox or a mainline git tree)",
		       o.upstream)
		.value("--run-dir", "RUN_DIR", "the run directory", o.run_dir)
		.value("--runs-base", "RUNS_BASE",
		       "where a new run directory goes (default <cache>/runs)",
		       o.runs_base);
	c.add_to(opts);
	if (!opts.parse(w))
		return 0;
	std::istringstream words(arches);
	for (std::string a; words >> a;)
		o.arches.push_back(a);
	for (const auto &[name, value, into] :
	     {std::tuple{"BENCH", bench, &o.bench},
	      {"FORCE", force, &o.force},
	      {"DEBUG", debug, &o.debug}}) {
		if (value != "" && value != "0" && value != "1")
			throw cli::usage_error(std::string("validate: ") +
					       name + "=" + value + ": give " +
					       name + "=1 or leave it out");
		*into = value == "1";
	}
	return validate::validate(c.project(), o);
}

} // namespace guardcheck::driver
