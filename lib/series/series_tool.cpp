// SPDX-License-Identifier: GPL-2.0
// The series verbs of the driver (series-check, apply, bisect, mutants,
// series-table; also the alias guardcheck-series COMMAND): take in a backport
// series (mbox, *.patch directory or git range), check it against a manifest,
// apply it into a scratch tree in the cache, bisect it under QEMU patch by
// patch, or measure the suite's power on the mutants of patches/mutants. Exit 0
// as expected, 1 a negative verdict (manifest mismatch, conflict, unexpected
// flip), 2 no verdict (bad input, no results).
#include "series/series_tool.h"

#include "facts/defaults.h"
#include "ktap/ktap.h"
#include "mutants/mutants_run.h"
#include "process/process.h"
#include "run/result_key.h"
#include "series/apply.h"
#include "series/bisect.h"
#include "series/intake.h"
#include "series/manifest_choice.h"
#include "series/upstream_diff.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <sys/wait.h>

namespace fs = std::filesystem;
namespace guardcheck::series
{

namespace
{

constexpr const char *usage =
	"usage: guardcheck-series COMMAND --series SERIES [options]\n"
	"  check   verify SERIES against a manifest (prints the mapping)\n"
	"  apply   apply SERIES onto --tree in a scratch copy in the cache;\n"
	"          prints the applied tree's path last\n"
	"  bisect  apply SERIES patch by patch onto a copy of --tree, build "
	"and\n"
	"          boot each step with --runner, print the patch x check "
	"table\n"
	"  table   the bisect table from recorded run directories: "
	"RUN_DIR...\n"
	"          (base first, then one per patch)\n"
	"  mutants boot --tree, then each mutant of --catalogue built "
	"incrementally\n"
	"          from it, on every --arches; print the kill matrix (no "
	"--series)\n"
	"options:\n"
	"  --series S      mbox, directory of *.patch, or git range A..B\n"
	"  --tree T        kernel tree (only read); git ranges are read from "
	"it\n"
	"  --manifest M    manifest file (default by the tree's version: "
	"6.18.y ->\n"
	"                  stable-6.18.y.manifest, else "
	"upstream-v6.19.manifest;\n"
	"                  without --tree the one the series fits best)\n"
	"  --manifests D   where the manifests are (default patches)\n"
	"  --upstream U    check: compare every patch with its upstream patch: "
	"the\n"
	"                  commit it names in the mainline git tree U, or the "
	"patch\n"
	"                  of the upstream posting (mbox U) with its subject;\n"
	"                  same patch-id, else the range-diff of the two\n"
	"  --cache D       cache (default $GUARDCHECK_CACHE)\n"
	"  --arch A        bisect: the arch (passed to the runner as ARCH)\n"
	"  --runner R      bisect: the driver that boots a step (default "
	"this one)\n"
	"  --out D         bisect, mutants: where steps go (default "
	"in <cache>;\n"
	"                  guardcheck bisect --run-dir, RUN_DIR=)\n"
	"  --catalogue D   mutants: catalogue.tsv and patches (default "
	"patches/mutants)\n"
	"  --arches \"A B\" mutants: the arches (default x86_64)\n"
	"  --mutants L     mutants: ids or globs to run (default all)\n"
	"  --reboot-mutants mutants: boot each mutant even when its result "
	"is cached\n"
	"  --resume        bisect: keep the steps an interrupted bisect "
	"finished\n"
	"                  (their results.json); build and boot the rest\n";

struct args {
	std::string command, series, tree, manifest, manifests = "patches";
	std::string cache, arch, runner, out, upstream;
	std::string catalogue = "patches/mutants", arches = "x86_64", mutants;
	bool reboot_mutants = false, resume = false;
	std::vector<std::string> run_dirs;
};

args parse_args(const std::vector<std::string> &argv)
{
	args a;
	const std::size_t argc = argv.size();
	if (argc < 1)
		throw std::invalid_argument(usage);
	a.command = argv[0];
	if (a.command == "-h" || a.command == "--help") {
		std::fputs(usage, stdout);
		std::exit(0);
	}
	const std::map<std::string, std::string *> flags = {
		{"--series", &a.series},     {"--tree", &a.tree},
		{"--manifest", &a.manifest}, {"--manifests", &a.manifests},
		{"--cache", &a.cache},	     {"--arch", &a.arch},
		{"--runner", &a.runner},     {"--out", &a.out},
		{"--upstream", &a.upstream}, {"--catalogue", &a.catalogue},
		{"--arches", &a.arches},     {"--mutants", &a.mutants}};
	const std::map<std::string, bool *> switches = {
		{"--reboot-mutants", &a.reboot_mutants},
		{"--resume", &a.resume}};
	for (std::size_t i = 1; i < argc; i++) {
		const std::string &f = argv[i];
		if (f == "-h" || f == "--help") {
			std::fputs(usage, stdout);
			std::exit(0);
		}
		if (const auto on = switches.find(f); on != switches.end()) {
			*on->second = true;
			continue;
		}
		const auto it = flags.find(f);
		if (it == flags.end()) {
			if (a.command == "table" && f.rfind("--", 0) != 0) {
				a.run_dirs.push_back(f);
				continue;
			}
			throw std::invalid_argument("unknown argument " + f +
						    "\n" + usage);
		}
		if (i + 1 >= argc)
			throw std::invalid_argument(f + " needs a value");
		*it->second = argv[++i];
	}
	static const std::set<std::string> commands = {
		"check", "apply", "bisect", "table", "mutants"};
	if (!commands.count(a.command))
		throw std::invalid_argument("unknown command " + a.command +
					    "\n" + usage);
	if (a.command == "mutants" && a.tree.empty())
		throw std::invalid_argument(
			"mutants needs --tree (KDIR=, or KVER= with SERIES=)");
	if (a.series.empty() && a.command != "mutants")
		throw std::invalid_argument(
			"--series is required: an mbox, a directory of "
			"*.patch files or a git range A..B (make ... "
			"SERIES=...)");
	if ((a.command == "apply" || a.command == "bisect") && a.tree.empty())
		throw std::invalid_argument(a.command +
					    " needs --tree (KDIR= or KVER=)");
	if (a.command == "bisect" && a.arch.empty())
		throw std::invalid_argument("bisect needs --arch (ARCH=)");
	if (a.command == "table" && a.run_dirs.empty())
		throw std::invalid_argument(
			"table needs the run directories, base first");
	if (a.cache.empty())
		a.cache = facts::default_cache();
	return a;
}

void err(const std::string &text)
{
	std::fputs(text.c_str(), stderr);
	if (!text.empty() && text.back() != '\n')
		std::fputc('\n', stderr);
}

// Loads the series; prints why it cannot be used (returns false).
bool load_series(const args &a, patch_series &s)
{
	s = load(a.series, a.tree);
	if (s.errors.empty())
		return true;
	err("guardcheck-series: cannot use the series " + a.series + ":");
	for (const std::string &e : s.errors)
		err("  " + e);
	for (const skipped &k : s.ignored)
		err("  (skipped " + k.source + ": " + k.reason + ")");
	return false;
}

manifest choose_manifest(const args &a, const patch_series &s)
{
	if (!a.manifest.empty())
		return load_manifest(a.manifest);
	if (!a.tree.empty())
		return load_manifest(
			default_manifest(a.manifests, tree_version(a.tree)));
	const manifest_choice c = choose_manifest_by_fit(
		a.manifests, s, default_manifest(a.manifests, ""));
	std::printf("manifest choice: %s\n", c.why.c_str());
	return load_manifest(c.path);
}

step read_step(const std::string &label, const fs::path &dir,
	       const std::string &why_missing)
{
	step st;
	st.label = label;
	std::ifstream in(dir / "ktap.txt");
	std::ostringstream text;
	text << in.rdbuf();
	if (!in || text.str().empty()) {
		st.cause = why_missing.empty()
				   ? "no ktap.txt in " + dir.string()
				   : why_missing;
		return st;
	}
	st.ran = true;
	st.checks = fold_checks(ktap::parse(text.str()));
	return st;
}

int print_table(const std::vector<step> &steps, const manifest &m,
		const manifest_check &v)
{
	const bisect_table t = make_table(steps, m, v);
	std::fputs(t.text.c_str(), stdout);
	for (const std::string &n : t.notes)
		std::printf("note: %s\n", n.c_str());
	for (const std::string &u : t.unchecked)
		std::printf("not checked: %s\n", u.c_str());
	for (const std::string &p : t.problems)
		std::printf("PROBLEM: %s\n", p.c_str());
	const bool no_results =
		std::any_of(steps.begin(), steps.end(),
			    [](const step &s) { return !s.ran; });
	std::string verdict =
		t.ok() ? "every check that ran flips where the manifest says"
		       : std::to_string(t.problems.size()) + " problem(s)";
	if (!t.unchecked.empty())
		verdict += "; " + std::to_string(t.unchecked.size()) +
			   " expected flip(s) not checked (skipped)";
	std::printf("bisect: %s\n", verdict.c_str());
	if (no_results)
		return 2;
	return t.ok() ? 0 : 1;
}

int bisect(const args &a, const patch_series &s, const manifest &m,
	   const manifest_check &v)
{
	const tree_info t = inspect_tree(a.tree);
	if (!t.error.empty()) {
		err("guardcheck-series: " + t.error);
		return 2;
	}
	const fs::path out =
		a.out.empty() ? fs::path(a.cache) / "bisect" /
					(t.id + "-" + s.id + "-" + a.arch)
			      : fs::path(a.out);
	const fs::path scratch = out / "tree";
	const fs::path patches = out / "patches";
	fs::create_directories(patches);
	err("bisect: copying " + t.path + " to " + scratch.string());
	if (const std::string e = plain_copy(t, scratch.string()); !e.empty()) {
		err("guardcheck-series: " + e);
		return 2;
	}
	fs::remove_all(scratch / ".git");
	// One build directory follows the scratch tree. A fresh copy keeps
	// old modification times, older than objects a previous bisect left
	// there: every file the series touches is made new so that make
	// rebuilds what depends on it.
	const auto now = fs::file_time_type::clock::now();
	for (const patch &p : s.patches)
		for (const file_diff &f : p.changes.files)
			if (std::error_code ec;
			    fs::exists(scratch / f.path, ec))
				fs::last_write_time(scratch / f.path, now, ec);
	std::vector<step> steps;
	for (std::size_t i = 0; i <= s.patches.size(); i++) {
		const std::string label = i ? std::to_string(i) : "base";
		if (i) {
			conflict c;
			if (!apply_with_patch(s.patches[i - 1],
					      scratch.string(),
					      patches.string(), c)) {
				err("bisect: " + c.text());
				return 1;
			}
		}
		char name[32];
		std::snprintf(name, sizeof(name), "step-%02zu", i);
		const fs::path run_dir = out / name;
		// A boot writes results.json once it finished (after ktap.txt);
		// without it the step was cut short and runs again.
		if (a.resume && fs::exists(run_dir / "results.json")) {
			steps.push_back(read_step(label, run_dir, ""));
			err("bisect: step " + label +
			    ": kept from an earlier run (" + run_dir.string() +
			    "; --resume)");
			continue;
		}
		fs::remove_all(run_dir);
		err("bisect: step " + label + " of " +
		    std::to_string(s.patches.size()) + ": build and boot (" +
		    run_dir.string() + ")");
		// The runner's own words (build, boot, verdict) as they come.
		process::options run;
		const std::string runner =
			a.runner.empty() ? run::self_exe().string() : a.runner;
		run.argv = {runner,	     "boot",	       "--arch",
			    a.arch,	     "--kdir",	       scratch.string(),
			    "--series-id",   "bisect-" + s.id, "--run-dir",
			    run_dir.string()};
		run.bound = std::chrono::minutes(120);
		run.on_line = [](std::string_view l) {
			std::fprintf(stderr, "  %.*s\n",
				     static_cast<int>(l.size()), l.data());
		};
		const process::outcome r = process::run(run);
		const bool ran_ok = r.started && !r.timed_out &&
				    WIFEXITED(r.status) &&
				    WEXITSTATUS(r.status) <= 1;
		steps.push_back(read_step(
			label, run_dir,
			ran_ok ? "" : "boot " + process::describe(r)));
		err("bisect: step " + label + ": " +
		    (steps.back().ran ? "results read" : steps.back().cause));
	}
	const int rc = print_table(steps, m, v);
	std::printf("%s\n", out.c_str());
	return rc;
}

int run_mutants(const args &a, const series_paths &paths)
{
	mutants::run_options o;
	o.tree = a.tree;
	o.catalogue = a.catalogue;
	o.wanted = a.mutants;
	std::istringstream words(a.arches);
	for (std::string w; words >> w;)
		o.arches.push_back(w);
	o.cache = a.cache;
	o.out = a.out;
	o.reboot_mutants = a.reboot_mutants;
	o.builder = paths.mutant_builder;
	o.arch_records = paths.arch_records;
	return mutants::run(o);
}

int run_command(const args &a)
{
	if (!a.tree.empty() && !fs::is_directory(a.tree)) {
		err("guardcheck-series: tree " + a.tree + " does not exist");
		return 2;
	}
	patch_series s;
	if (!load_series(a, s))
		return 2;
	const manifest m = choose_manifest(a, s);
	const manifest_check v = verify(s, m);
	const std::string report = describe(s, m, v);
	if (a.command == "check") {
		std::fputs(report.c_str(), stdout);
		if (a.upstream.empty())
			return v.ok() ? 0 : 1;
		std::vector<std::string> problems;
		std::fputs(describe_comparisons(
				   compare_with_upstream(s, a.upstream, &m, &v),
				   problems)
				   .c_str(),
			   stdout);
		for (const std::string &p : problems)
			std::printf("PROBLEM: %s\n", p.c_str());
		return v.ok() && problems.empty() ? 0 : 1;
	}
	err(report);
	if (a.command == "table") {
		std::vector<step> steps;
		for (std::size_t i = 0; i < a.run_dirs.size(); i++)
			steps.push_back(
				read_step(i ? std::to_string(i) : "base",
					  a.run_dirs[i], ""));
		return print_table(steps, m, v);
	}
	if (a.command == "bisect")
		return bisect(a, s, m, v);
	apply_options o;
	o.cache = a.cache;
	o.say = [](const std::string &text) { err("apply: " + text); };
	const apply_result r = apply_series(s, a.tree, o);
	switch (r.result) {
	case apply_result::state::applied:
	case apply_result::state::reused:
		std::printf("%s\n", r.path.c_str());
		return 0;
	case apply_result::state::conflict:
		err("guardcheck-series: " + r.where.text());
		err("guardcheck-series: nothing was kept; " + a.tree +
		    " is untouched");
		return 1;
	case apply_result::state::error:
		break;
	}
	err("guardcheck-series: " + r.error);
	return 2;
}

} // namespace

int series_tool(const std::vector<std::string> &words,
		const series_paths &paths)
{
	args a = parse_args(words);
	if (a.catalogue == "patches/mutants")
		a.catalogue = paths.catalogue;
	if (a.manifests == "patches")
		a.manifests = paths.manifests;
	if (a.command == "mutants")
		return run_mutants(a, paths);
	return run_command(a);
}

} // namespace guardcheck::series
