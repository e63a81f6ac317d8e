// SPDX-License-Identifier: GPL-2.0
// The stage verbs around a boot: tree, kernel, and the series verbs
// (series-check, apply, bisect, series-table, mutants), which hand off to
// lib/series/series_tool.
#include "driver.h"

#include "facts/defaults.h"
#include "run/tree.h"
#include "series/series_tool.h"

#include <cstdio>

namespace guardcheck::driver
{

namespace
{

struct tree_options {
	run::tree_request t;
	void add_to(cli::verb_options &o, bool with_series)
	{
		o.value("--kdir", "KDIR", "kernel tree (only read)", t.kdir)
			.value("--kver", "KVER",
			       "version fetched from Debian (default the "
			       "newest 6.19.y)",
			       t.kver);
		if (with_series)
			o.value("--series", "SERIES",
				"mbox, *.patch dir or A..B, applied first",
				t.series)
				.value("--manifest", "MANIFEST",
				       "the manifest to check it against",
				       t.manifest);
	}
};

series::series_paths paths_of(const run::project &p)
{
	series::series_paths s;
	s.manifests = (p.repo / "patches").string();
	s.catalogue = (p.repo / "patches" / "mutants").string();
	s.mutant_builder = (p.repo / "qemu" / "kbuild-mutant.sh").string();
	s.arch_records = (p.repo / "qemu" / "arch").string();
	return s;
}

// A series verb: resolve --kdir/--kver (never with the series: the series
// command applies it itself) into --tree, then the series command.
int series_verb(const char *command, const words &w)
{
	std::vector<std::string> pass = {command};
	tree_options t;
	common c;
	bool with_tree = false;
	for (std::size_t i = 0; i < w.size(); i++) {
		if (w[i] == "--help" || w[i] == "-h") {
			pass.push_back("--help");
			break;
		}
		if ((w[i] == "--kdir" || w[i] == "--kver" || w[i] == "--out") &&
		    i + 1 < w.size()) {
			std::string &into = w[i] == "--kdir"   ? t.t.kdir
					    : w[i] == "--kver" ? t.t.kver
							       : c.out;
			into = w[++i];
			continue;
		}
		with_tree = with_tree || w[i] == "--tree";
		// --out is O= for every verb; the series command's own output
		// directory (bisect's steps, RUN_DIR=) comes as --run-dir.
		pass.push_back(w[i] == "--run-dir" ? "--out" : w[i]);
	}
	const run::project p = c.project();
	if (!with_tree && !(t.t.kdir.empty() && t.t.kver.empty())) {
		int rc = 0;
		const std::string tree = run::resolve_tree(p, t.t, rc);
		if (tree.empty())
			return rc ? rc : 2;
		pass.insert(pass.end(), {"--tree", tree});
	}
	return series::series_tool(pass, paths_of(p));
}

} // namespace

int tree_verb(const words &w)
{
	common c;
	tree_options t;
	cli::verb_options opts("tree",
			       "fetch or resolve the kernel tree (and apply "
			       "SERIES into a scratch copy); prints its path");
	t.add_to(opts, true);
	c.add_to(opts);
	if (!opts.parse(w))
		return 0;
	int rc = 0;
	const std::string tree = run::resolve_tree(c.project(), t.t, rc);
	if (!tree.empty())
		std::printf("%s\n", tree.c_str());
	return rc;
}

int kernel_verb(const words &w)
{
	common c;
	tree_options t;
	run::kernel_request k;
	k.arch = "x86_64";
	std::string debug;
	cli::verb_options opts("kernel",
			       "configure and build the tree for ARCH into "
			       "the cache; prints the build directory");
	opts.value("--arch", "ARCH", "the arch record", k.arch)
		.value("--kconfig-add", "KCONFIG_ADD",
		       "more CONFIG_X=y options", k.kconfig_add)
		.value("--debug", "DEBUG", "1: add qemu/config/debug.config",
		       debug);
	t.add_to(opts, true);
	c.add_to(opts);
	if (!opts.parse(w))
		return 0;
	if (debug != "" && debug != "0" && debug != "1")
		throw cli::usage_error("DEBUG=" + debug +
				       ": give DEBUG=1 or leave it out");
	k.debug = debug == "1";
	const run::project p = c.project();
	int rc = 0;
	k.tree = run::resolve_tree(p, t.t, rc);
	if (k.tree.empty())
		return rc ? rc : 2;
	k.series = t.t.series;
	const std::string kb = run::build_kernel(p, k, rc);
	if (!kb.empty())
		std::printf("%s\n", kb.c_str());
	return rc ? 2 : 0;
}

int series_check_verb(const words &w)
{
	return series_verb("check", w);
}
int apply_verb(const words &w)
{
	return series_verb("apply", w);
}
int bisect_verb(const words &w)
{
	return series_verb("bisect", w);
}
int series_table_verb(const words &w)
{
	return series_verb("table", w);
}
int mutants_verb(const words &w)
{
	return series_verb("mutants", w);
}

int series_alias(const words &w)
{
	common c;
	return series::series_tool(w, paths_of(c.project()));
}

} // namespace guardcheck::driver
