// SPDX-License-Identifier: GPL-2.0
// The verbs that boot and judge: boot, status, verdict (validate is in
// validate_verb.cpp). Each parses its options and hands off to lib/.
#include "driver.h"

#include "arch/arch_record.h"
#include "bench/bench_compare.h"
#include "facts/defaults.h"
#include "run/result_cache.h"
#include "verdict/matrix_run.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#ifndef GUARDCHECK_REPO_DIR
#define GUARDCHECK_REPO_DIR "."
#endif

namespace fs = std::filesystem;

namespace guardcheck::driver
{

void common::add_to(cli::verb_options &o)
{
	o.value("--out", "O", "build output (default build/ of the checkout)",
		out)
		.value("--make", "MAKE", "the make to build programs with",
		       make)
		.toggle("--verbose", "V=1",
			"show full commands and the console", verbose);
}

run::project common::project() const
{
	run::project p;
	const char *repo = std::getenv("GUARDCHECK_REPO");
	p.repo = fs::absolute(repo && *repo ? repo : GUARDCHECK_REPO_DIR)
			 .lexically_normal();
	p.out = out.empty() ? p.repo / "build" : fs::absolute(out);
	p.cache = facts::default_cache();
	p.make = make.empty() ? "make" : make;
	p.verbose = verbose;
	return p;
}

namespace
{

std::vector<std::string> split_words(const std::string &text)
{
	std::vector<std::string> out;
	std::istringstream in(text);
	for (std::string w; in >> w;)
		out.push_back(w);
	return out;
}

bool on_off(const std::string &name, const std::string &value)
{
	if (value.empty() || value == "0")
		return false;
	if (value == "1")
		return true;
	throw cli::usage_error(name + "=" + value + ": give " + name +
			       "=1 or leave it out");
}

} // namespace

int boot_verb(const words &w)
{
	common c;
	run::boot_options o;
	o.arch = "x86_64";
	std::string debug, result_cache, force;
	cli::verb_options opts("boot",
			       "build KDIR/KVER for ARCH (cached), boot it "
			       "under QEMU, run the suite: one cell");
	opts.value("--arch", "ARCH", "the arch record qemu/arch/ARCH.conf",
		   o.arch)
		.value("--kdir", "KDIR", "kernel tree (only read)", o.kdir)
		.value("--kver", "KVER", "version fetched from Debian", o.kver)
		.value("--series", "SERIES", "mbox, *.patch dir or A..B first",
		       o.series)
		.value("--series-id", "SERIES_ID",
		       "identity of a series already in the tree", o.series_id)
		.value("--append", "QEMU_APPEND", "more kernel command line",
		       o.append)
		.value("--qemu-timeout", "QEMU_TIMEOUT",
		       "seconds for the whole boot before the arch's factor "
		       "(300)",
		       o.qemu_timeout)
		.value("--test-timeout", "TEST_TIMEOUT",
		       "seconds per test binary before the factor (240)",
		       o.test_timeout)
		.value("--run-dir", "RUN_DIR", "the run directory", o.run_dir)
		.value("--runs-base", "RUNS_BASE",
		       "where a new run directory goes (default <cache>/runs)",
		       o.runs_base)
		.value("--kconfig-add", "KCONFIG_ADD",
		       "more CONFIG_X=y options for the kernel", o.kconfig_add)
		.value("--debug", "DEBUG", "1: add qemu/config/debug.config",
		       debug)
		.value("--guest-programs", "GUEST_PROGRAMS",
		       "boot the programs copied there instead of building "
		       "them",
		       o.guest_programs)
		.value("--kernel-build", "KERNEL_BUILD",
		       "boot the image built there from this tree (mutants)",
		       o.kernel_build)
		.value("--result-cache", "RESULT_CACHE",
		       "1: reuse the result of the same inputs", result_cache)
		.value("--force", "FORCE", "1: boot even when cached", force)
		.value("--accel", "ACCEL",
		       "tcg or kvm (default KVM when /dev/kvm is usable and "
		       "the guest is native)",
		       o.accel)
		.value("--bench-clock", "BENCH_CLOCK",
		       "icount (default under TCG) or wall, for a benchmark "
		       "guest",
		       o.bench_clock)
		.value("--kbuild", "",
		       "the kernel step, called CMD ARCH TREE (default "
		       "qemu/kbuild.sh)",
		       o.kbuild)
		.value("--arch-records", "",
		       "directory of the arch records (default qemu/arch)",
		       o.arch_records);
	c.add_to(opts);
	if (!opts.parse(w))
		return 0;
	o.debug = on_off("DEBUG", debug);
	o.result_cache = on_off("RESULT_CACHE", result_cache);
	o.force = on_off("FORCE", force);
	if (!o.kdir.empty() && !o.kver.empty())
		throw cli::usage_error("both KDIR=" + o.kdir + " and KVER=" +
				       o.kver + " are set; give one of them");
	return run::boot(c.project(), o);
}

int status_verb(const words &w)
{
	std::vector<std::string> dirs;
	cli::verb_options opts("status", "the exit status a run directory's "
					 "results.json records (0, 1, 2)");
	opts.operands("RUN_DIR", "a run directory", dirs);
	if (!opts.parse(w))
		return 0;
	if (dirs.size() != 1)
		throw cli::usage_error("status takes one run directory");
	const int rc = run::run_status(dirs.front());
	std::printf("%d\n", rc);
	return rc;
}

int verdict_verb(const words &w)
{
	common c;
	std::string runs, out, arches, expectations;
	cli::verb_options opts(
		"verdict",
		"judge RUNS holding tree-<arch> (judged as the series class) "
		"and base-<arch> (the pre-series class) run directories");
	opts.value("--runs", "RUNS", "the directory of the run directories",
		   runs)
		.value("--arches", "ARCHES",
		       "the arches (default: every qemu/arch record)", arches)
		.value("--expectations", "",
		       "default selftests/expectations.tsv of the checkout",
		       expectations)
		.value("--out", "",
		       "the report directory (default RUNS/verdict)", out);
	if (!opts.parse(w))
		return 0;
	if (runs.empty())
		throw cli::usage_error("verdict: give RUNS=<dir> (--runs) "
				       "holding tree-<arch> and base-<arch> "
				       "run directories");
	if (!fs::is_directory(runs))
		throw cli::usage_error(
			runs +
			" is not a directory; give the directory that holds "
			"tree-<arch> and base-<arch> run directories");
	verdict::matrix_request r;
	r.runs = runs;
	r.out = out.empty() ? r.runs / "verdict" : fs::path(out);
	const run::project p = c.project();
	r.expectations = expectations.empty()
				 ? p.repo / "selftests" / "expectations.tsv"
				 : fs::path(expectations);
	r.arches = arches.empty() ? arch::known_arches(
					    (p.repo / "qemu" / "arch").string())
				  : split_words(arches);
	if (r.arches.empty())
		throw cli::usage_error("ARCHES names no architecture");
	return verdict::judge_matrix(r);
}

int bench_compare_verb(const words &w)
{
	common c;
	bench::bench_compare_options o;
	cli::verb_options opts("bench-compare",
			       "boot BASE and NEW alternately ROUNDS times "
			       "each on ARCH, compare fork latency");
	opts.value("--arch", "ARCH", "the arch record", o.arch)
		.value("--base", "BASE", "a version or a tree's path", o.base)
		.value("--from", "FROM",
		       "a finished run's directory: compare its consoles "
		       "again, boot nothing",
		       o.from)
		.value("--new", "NEW", "a version or a tree's path", o.next)
		.value("--base-series", "BASE_SERIES", "a series on BASE",
		       o.base_series)
		.value("--new-series", "NEW_SERIES", "a series on NEW",
		       o.new_series)
		.value("--rounds", "ROUNDS", "boots per kernel (3)", o.rounds)
		.value("--qemu-timeout", "QEMU_TIMEOUT",
		       "seconds per boot before the arch's factor (600)",
		       o.qemu_timeout)
		.value("--test-timeout", "TEST_TIMEOUT",
		       "seconds for fork_bench before the factor (900)",
		       o.test_timeout)
		.value("--run-dir", "RUN_DIR", "the run directory", o.run_dir)
		.value("--runs-base", "RUNS_BASE",
		       "where a new run directory goes", o.runs_base)
		.value("--accel", "ACCEL",
		       "tcg or kvm (default: KVM when usable)", o.accel)
		.value("--bench-clock", "BENCH_CLOCK",
		       "icount (counted instructions, the default under TCG), "
		       "wall, or both (interleaved boots, clocks.md side by "
		       "side)",
		       o.bench_clock);
	c.add_to(opts);
	if (!opts.parse(w))
		return 0;
	if (o.rounds.empty())
		o.rounds = "3";
	if (o.qemu_timeout.empty())
		o.qemu_timeout = "600";
	if (o.test_timeout.empty())
		o.test_timeout = "900";
	return bench::bench_compare(c.project(), o);
}

const std::vector<verb> &verbs()
{
	static const std::vector<verb> all = {
		{"tree", "fetch or resolve the kernel tree; prints its path",
		 tree_verb},
		{"apply", "apply SERIES onto the tree in a scratch copy",
		 apply_verb},
		{"kernel", "configure and build the tree for one arch",
		 kernel_verb},
		{"boot", "build and boot one tree on one arch (one cell)",
		 boot_verb},
		{"validate",
		 "tree under test and baseline on every arch, one verdict",
		 validate_verb},
		{"verdict", "judge a directory of tree-/base- runs",
		 verdict_verb},
		{"status", "the exit status a run directory records",
		 status_verb},
		{"bench-compare",
		 "fork latency of two kernels booted alternately",
		 bench_compare_verb},
		{"bisect", "build and boot after each patch of SERIES",
		 bisect_verb},
		{"series-check", "check SERIES against its manifest",
		 series_check_verb},
		{"series-table", "the bisect table of recorded run directories",
		 series_table_verb},
		{"mutants", "boot each mutant of patches/mutants: kill matrix",
		 mutants_verb},
	};
	return all;
}

} // namespace guardcheck::driver
