// SPDX-License-Identifier: GPL-2.0
#include "validate/validate.h"

#include "arch/arch_record.h"
#include "cli/options.h"
#include "facts/defaults.h"
#include "process/process.h"
#include "run/leaf.h"
#include "run/result_key.h"
#include "run/stamp.h"
#include "run/tree.h"
#include "series/sha256.h"
#include "verdict/matrix_run.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <deque>
#include <fstream>
#include <regex>
#include <sstream>

#include <sys/wait.h>

namespace fs = std::filesystem;

namespace guardcheck::validate
{

namespace
{

void say(const std::string &text)
{
	std::printf("validate: %s\n", text.c_str());
	std::fflush(stdout);
}

[[noreturn]] void refuse(const std::string &text)
{
	throw cli::usage_error("validate: " + text);
}

std::string resolve(const run::project &p, const tree_choice &t,
		    const std::string &what)
{
	int rc = 0;
	std::string path =
		run::resolve_tree(p, {t.kdir, t.kver, t.series, ""}, rc);
	if (path.empty())
		refuse(what + " cannot be had (see above)");
	return path;
}

std::string kernel_version(const std::string &tree)
{
	run::leaf l;
	l.argv = {"make", "-s", "-C", tree, "kernelversion"};
	l.env = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"};
	return run::run_leaf(l).last_line;
}

long seconds_since(std::chrono::steady_clock::time_point t)
{
	return static_cast<long>(
		std::chrono::duration_cast<std::chrono::seconds>(
			std::chrono::steady_clock::now() - t)
			.count());
}

struct cell_run {
	int rc = 2;
	bool reused = false;
	std::deque<std::string> tail; // the last lines of the log
};

// One `guardcheck boot` for a cell, its output into <log>.
cell_run boot_cell(const run::project &p, const tree_choice &t,
		   const std::string &arch, const fs::path &run_dir,
		   const options &o, const fs::path &log_path)
{
	std::vector<std::string> argv = {run::self_exe().string(),
					 "boot",
					 "--arch",
					 arch,
					 "--run-dir",
					 run_dir.string(),
					 "--result-cache",
					 "1",
					 "--force",
					 o.force ? "1" : "0",
					 "--debug",
					 o.debug ? "1" : "0",
					 "--out",
					 p.out.string(),
					 "--make",
					 p.make};
	for (const auto &[flag, value] : {std::pair{"--kdir", t.kdir},
					  {"--kver", t.kver},
					  {"--series", t.series}})
		if (!value.empty())
			argv.insert(argv.end(), {flag, value});
	if (p.verbose)
		argv.push_back("--verbose");
	cell_run c;
	std::ofstream log(log_path);
	static const std::regex said(
		"^(guardcheck|boot|kbuild|qemu|tree|kernel-src):.*");
	process::options run;
	run.argv = argv;
	run.on_line = [&](std::string_view raw) {
		const std::string line(raw);
		log << line << '\n';
		// As they come: a kernel build's heartbeat and the boot's
		// progress must not wait for the cell to end.
		if (std::regex_match(line, said))
			say("  " + line);
		if (line.find("reusing the result of") != std::string::npos)
			c.reused = true;
		c.tail.push_back(line);
		if (c.tail.size() > 8)
			c.tail.pop_front();
	};
	const process::outcome out = process::run(run);
	if (out.started && WIFEXITED(out.status))
		c.rc = WEXITSTATUS(out.status);
	return c;
}

// SERIES=: each patch mapped onto its manifest and, with UPSTREAM=, set
// against its upstream patch; the report shows it beside the verdict.
void check_series(const options &o, const tree_choice &tree,
		  const fs::path &run)
{
	const fs::path out = run / "series" / "series-check.txt";
	fs::create_directories(out.parent_path());
	process::options c;
	c.argv = {run::self_exe().string(), "series-check", "--series",
		  o.series};
	for (const auto &[flag, value] : {std::pair{"--kdir", tree.kdir},
					  {"--kver", tree.kver},
					  {"--upstream", o.upstream}})
		if (!value.empty())
			c.argv.insert(c.argv.end(), {flag, value});
	std::ofstream text(out);
	c.on_line = [&](std::string_view l) { text << l << '\n'; };
	const process::outcome r = process::run(c);
	say("series check " + process::describe(r) + " (" + out.string() + ")" +
	    (o.upstream.empty() ? "; UPSTREAM= compares each patch with its "
				  "upstream one"
				: ""));
}

} // namespace

tree_choice tree_under_test(const options &o)
{
	if (!o.kdir.empty() && !o.kver.empty())
		refuse("both KDIR=" + o.kdir + " and KVER=" + o.kver +
		       " are set; give one of them");
	if (o.kdir.empty() && o.kver.empty())
		return {"", facts::tree_version, o.series};
	return {o.kdir, o.kver, o.series};
}

tree_choice baseline(const std::string &base)
{
	if (base.find('/') != std::string::npos) {
		if (!fs::is_directory(base))
			refuse("BASE=" + base +
			       " does not exist; give a version (BASE=" +
			       facts::base_version +
			       ") or a kernel tree's path");
		return {base, "", ""};
	}
	static const std::regex version("^[0-9]+\\.[0-9]+(\\.[0-9]+)?$");
	if (!std::regex_match(base, version))
		refuse("BASE=" + base + " is neither a version like " +
		       facts::base_version + " nor a path");
	return {"", base, ""};
}

std::string step_key(const std::string &role, const std::string &arch,
		     const std::string &tree_path, bool debug)
{
	const std::string ident = fs::path(tree_path).filename().string() +
				  "-" +
				  series::sha256_hex(tree_path).substr(0, 8);
	return role + "-" + arch + "-" + ident + (debug ? "-debug" : "");
}

long estimate(const std::string &times_tsv, const std::string &key)
{
	std::ifstream in(times_tsv);
	long last = 0;
	for (std::string line; std::getline(in, line);) {
		const auto tab = line.find('\t');
		if (tab != std::string::npos && line.substr(0, tab) == key)
			last = std::atol(line.c_str() + tab + 1);
	}
	return last;
}

int validate(const run::project &p, const options &o_in)
{
	options o = o_in;
	const std::vector<std::string> known =
		arch::known_arches((p.repo / "qemu" / "arch").string());
	if (o.arches.empty())
		o.arches = known;
	for (const std::string &a : o.arches)
		if (std::find(known.begin(), known.end(), a) == known.end())
			refuse("ARCHES names '" + a +
			       "', which has no record; known: " +
			       arch::joined(known));
	const tree_choice tree = tree_under_test(o);
	const std::string base_text =
		o.base.empty() ? facts::base_version : o.base;
	const tree_choice base = baseline(base_text);

	run::leaf deps;
	deps.argv = {(p.repo / "scripts" / "ensure-deps.sh").string(), "base",
		     "qemu", "cross"};
	deps.stdout_to_stderr = true;
	if (run::run_leaf(deps).exit_code != 0)
		refuse("the packages are not there (see above)");
	// Both trees first, so that a bad input fails before any build.
	const std::string tree_path = resolve(p, tree, "the tree under test");
	const std::string base_path =
		resolve(p, base, "the baseline BASE=" + base_text);
	const std::string tree_ver = kernel_version(tree_path);
	const std::string base_ver = kernel_version(base_path);

	const fs::path run =
		!o.run_dir.empty()
			? fs::path(o.run_dir)
			: (o.runs_base.empty() ? p.cache / "runs"
					       : fs::path(o.runs_base)) /
				  (run::stamp() + "-validate");
	fs::create_directories(run);
	const std::string title =
		"tree under test " + tree_ver + " (" + tree_path +
		(o.series.empty() ? "" : ", series " + o.series) +
		") against baseline " + base_ver + " (" + base_path +
		"); arches: " + arch::joined(o.arches) +
		(o.debug ? "; DEBUG=1 (qemu/config/debug.config)" : "");
	std::ofstream(run / "title.txt") << title << '\n';
	say(title);
	say("run directory " + run.string());

	// Estimates come from the last validate's times for the same step.
	const std::string times = (p.cache / "validate-times.tsv").string();
	fs::create_directories(p.cache);
	struct role_step {
		std::string role;
		const tree_choice *choice;
		std::string path, version;
	};
	const role_step roles[] = {{"tree", &tree, tree_path, tree_ver},
				   {"base", &base, base_path, base_ver}};
	long total = 0;
	for (const std::string &a : o.arches)
		for (const role_step &r : roles)
			total += estimate(times,
					  step_key(r.role, a, r.path, o.debug));
	if (total > 0)
		say("the last run of these steps took " +
		    std::to_string(total / 60) + " min " +
		    std::to_string(total % 60) + " s");
	std::ofstream timings(run / "timings.tsv");
	timings << "step\tkernel\tseconds\texit\tresult\n";

	const auto start_all = std::chrono::steady_clock::now();
	const std::size_t steps = o.arches.size() * 2;
	std::size_t step = 0;
	for (const std::string &a : o.arches)
		for (const role_step &r : roles) {
			step++;
			const std::string key =
				step_key(r.role, a, r.path, o.debug);
			const long est = estimate(times, key);
			say("[" + std::to_string(step) + "/" +
			    std::to_string(steps) + "] " + a + " " + r.role +
			    " " + r.version +
			    ": build (cached when unchanged) and boot; "
			    "elapsed " +
			    std::to_string(seconds_since(start_all)) + " s" +
			    (est > 0 ? ", last time " + std::to_string(est) +
					       " s"
				     : ""));
			const std::string name = r.role + "-" + a;
			const auto s = std::chrono::steady_clock::now();
			const cell_run c =
				boot_cell(p, *r.choice, a, run / name, o,
					  run / (name + ".log"));
			const long secs = seconds_since(s);
			if (c.rc >= 2) {
				say("  no verdict for " + a + " " + r.role +
				    " (exit " + std::to_string(c.rc) +
				    "); last lines of " +
				    (run / (name + ".log")).string() + ":");
				for (const std::string &l : c.tail)
					say("    " + l);
			}
			timings << name << '\t' << r.version << '\t' << secs
				<< '\t' << c.rc << '\t'
				<< (c.reused ? "reused" : "booted") << '\n'
				<< std::flush;
			if (!c.reused && c.rc <= 1)
				std::ofstream(times, std::ios::app)
					<< key << '\t' << secs << '\n';
		}

	if (o.bench)
		for (const std::string &a : o.arches) {
			say("benchmark comparison on " + a + ": " +
			    std::string(base_ver)
				    .append(" against ")
				    .append(tree_ver));
			process::options b;
			b.argv = {run::self_exe().string(),
				  "bench-compare",
				  "--arch",
				  a,
				  "--base",
				  base_text,
				  "--new",
				  tree.kdir.empty() ? tree.kver : tree.kdir,
				  "--new-series",
				  tree.series,
				  "--run-dir",
				  (run / ("bench-" + a)).string(),
				  "--out",
				  p.out.string(),
				  "--make",
				  p.make};
			std::ofstream blog(run / ("bench-" + a + ".log"));
			b.on_line = [&](std::string_view l) {
				blog << l << '\n';
			};
			const process::outcome out = process::run(b);
			if (!out.started || !WIFEXITED(out.status) ||
			    WEXITSTATUS(out.status) >= 2)
				say("  the comparison on " + a +
				    " did not finish; see " +
				    (run / ("bench-" + a + ".log")).string());
		}

	// MUTANTS=: the suite's power on this tree, beside the verdict.
	if (!o.mutants.empty()) {
		const fs::path mlog = run / "mutants.log";
		say("mutants " + o.mutants + " of patches/mutants on " +
		    arch::joined(o.arches) + " (log " + mlog.string() + ")");
		process::options m;
		m.argv = {run::self_exe().string(),
			  "mutants",
			  "--tree",
			  tree_path,
			  "--arches",
			  arch::joined(o.arches),
			  "--out",
			  (run / "mutants").string()};
		if (o.mutants != "all")
			m.argv.insert(m.argv.end(), {"--mutants", o.mutants});
		std::ofstream log(mlog);
		std::string score;
		std::vector<std::string> problems;
		m.on_line = [&](std::string_view raw) {
			const std::string l(raw);
			log << l << '\n';
			if (score.empty() && l.rfind("score:", 0) == 0)
				score = l;
			if (l.rfind("PROBLEM:", 0) == 0 ||
			    l.rfind("NO RESULT:", 0) == 0)
				problems.push_back(l);
		};
		const process::outcome out = process::run(m);
		say("  mutants " + process::describe(out) + ": " + score);
		for (const std::string &l : problems)
			say("  " + l);
	}

	if (!o.series.empty())
		check_series(o, tree, run);

	say("all steps took " + std::to_string(seconds_since(start_all)) +
	    " s");
	verdict::matrix_request v;
	v.runs = run;
	v.out = run / "verdict";
	v.arches = o.arches;
	v.expectations = p.repo / "selftests" / "expectations.tsv";
	return verdict::judge_matrix(v);
}

} // namespace guardcheck::validate
