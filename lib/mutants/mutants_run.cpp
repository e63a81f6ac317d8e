// SPDX-License-Identifier: GPL-2.0
#include "mutants/mutants_run.h"

#include "arch/arch_record.h"
#include "run/result_key.h"
#include "run/stamp.h"

#include "mutants/catalogue.h"
#include "mutants/kill_matrix.h"
#include "process/process.h"
#include "protocol/protocol.h"
#include "report/results_reader.h"
#include "series/apply.h"
#include "series/bisect.h"
#include "text/text_file.h"

#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <stdexcept>

namespace guardcheck::mutants
{

namespace fs = std::filesystem;

namespace
{

void err(const std::string &s)
{
	std::fprintf(stderr, "%s\n", s.c_str());
}

struct step_outcome {
	bool ok = false;
	std::string last_line, cause;
};

// Runs one leaf step, its lines indented on stderr as they come.
step_outcome run_step(std::vector<std::string> argv,
		      std::vector<std::string> env, std::chrono::minutes bound)
{
	process::options p;
	p.argv = std::move(argv);
	p.env = std::move(env);
	p.bound = bound;
	p.merge_stderr = false;
	step_outcome s;
	p.on_line = [&s](std::string_view l) { s.last_line = std::string(l); };
	const process::outcome r = process::run(p);
	s.ok = r.started && !r.timed_out && WIFEXITED(r.status) &&
	       WEXITSTATUS(r.status) <= 1;
	if (!s.ok)
		s.cause = p.argv[0] + " " + process::describe(r);
	return s;
}

boot_result read_boot(const fs::path &dir, const std::string &why_missing)
{
	boot_result b;
	const fs::path file = dir / "results.json";
	if (!fs::exists(file)) {
		b.cause = why_missing.empty()
				  ? "no results.json in " + dir.string()
				  : why_missing;
		return b;
	}
	try {
		const report::run r = report::read_results(file);
		b.ran = true;
		std::vector<ktap::test> suite, upstream;
		for (const ktap::test &t : r.tests)
			(protocol::is_reference(t.name) ? upstream : suite)
				.push_back(t);
		b.checks = series::fold_checks(suite);
		b.upstream_checks = series::fold_checks(upstream);
		for (const console::splat &w : r.kernel_warnings)
			b.cell_warnings.push_back(w.title + " (" + w.where +
						  ")");
		if (r.outcome.kind != console::outcome::finished)
			b.cause = std::string(console::outcome_name(
					  r.outcome.kind)) +
				  ": " + r.outcome.cause;
	} catch (const std::exception &e) {
		b.cause = e.what();
	}
	return b;
}

// `guardcheck boot` of one cell: the tree, or a mutant's KERNEL_BUILD.
std::vector<std::string> boot_argv(const run_options &o,
				   const std::string &arch,
				   const fs::path &run_dir,
				   const std::string &kernel_build, bool force)
{
	std::vector<std::string> argv = {
		o.runner.empty() ? run::self_exe().string() : o.runner,
		"boot",
		"--arch",
		arch,
		"--kdir",
		o.tree,
		"--run-dir",
		run_dir.string(),
		"--result-cache",
		"1"};
	if (!kernel_build.empty())
		argv.insert(argv.end(), {"--kernel-build", kernel_build});
	if (force)
		argv.insert(argv.end(), {"--force", "1"});
	return argv;
}

} // namespace

int run(const run_options &o)
{
	const series::tree_info t = series::inspect_tree(o.tree);
	if (!t.error.empty()) {
		err("mutants: " + t.error);
		return 2;
	}
	const std::vector<std::string> arches_known =
		arch::known_arches(o.arch_records);
	std::vector<mutant> chosen;
	try {
		chosen = select(read_catalogue(o.catalogue, arches_known),
				o.wanted);
	} catch (const std::invalid_argument &e) {
		err(std::string("mutants: ") + e.what());
		return 2;
	}
	for (const std::string &a : o.arches)
		if (std::find(arches_known.begin(), arches_known.end(), a) ==
		    arches_known.end()) {
			err("mutants: ARCHES names " + a +
			    ", which has no record in " + o.arch_records);
			return 2;
		}
	const fs::path out =
		o.out.empty() ? fs::path(o.cache) / "runs" /
					(run::stamp() + "-mutants-" + t.id)
			      : fs::path(o.out);
	fs::create_directories(out);
	err("mutants: " + std::to_string(chosen.size()) + " mutant(s) of " +
	    o.catalogue + " on " + t.path + " (" + t.version + "), arches " +
	    std::to_string(o.arches.size()) + "; run directory " +
	    out.string());

	matrix m;
	m.mutants = chosen;
	m.arches = o.arches;
	for (const std::string &arch : o.arches) {
		const fs::path ref_dir = out / arch / "unmutated";
		err("mutants: " + arch + ": the unmutated tree (cached build)");
		const auto start = std::chrono::steady_clock::now();
		const step_outcome ref =
			run_step(boot_argv(o, arch, ref_dir, "", false), {},
				 std::chrono::minutes(120));
		const boot_result reference = read_boot(ref_dir, ref.cause);
		err("mutants: " + arch + ": unmutated tree " +
		    (reference.ran
			     ? "booted, " +
				       std::to_string(reference.checks.size()) +
				       " checks"
			     : "gave no results: " + reference.cause));
		for (const mutant &mu : chosen) {
			if (!mu.runs_on(arch)) {
				cell c;
				c.mutant = mu.id;
				c.arch = arch;
				c.result = fate::not_run;
				c.cause = arch + " cannot observe it";
				m.cells.push_back(c);
				continue;
			}
			const auto mstart = std::chrono::steady_clock::now();
			const std::string patch = mu.patch_for(t.version);
			err("mutants: " + arch + " " + mu.id + ": build (" +
			    fs::path(patch).filename().string() + ") and boot");
			const step_outcome built = run_step(
				{o.builder, arch, o.tree, patch},
				{"KCONFIG_ADD="}, std::chrono::minutes(90));
			boot_result mutated;
			const fs::path run_dir = out / arch / mu.id;
			if (!built.ok) {
				mutated.cause = "did not apply or build: " +
						built.cause + " (" +
						built.last_line + ")";
			} else {
				const step_outcome booted =
					run_step(boot_argv(o, arch, run_dir,
							   built.last_line,
							   o.reboot_mutants),
						 {}, std::chrono::minutes(60));
				mutated = read_boot(run_dir, booted.cause);
			}
			m.cells.push_back(judge(mu, arch, reference, mutated));
			const double secs =
				std::chrono::duration<double>(
					std::chrono::steady_clock::now() -
					mstart)
					.count();
			std::fprintf(stderr, "%s  (%.0f s)\n",
				     render_text(m.cells.back()).c_str(), secs);
		}
		err("mutants: " + arch + " took " +
		    std::to_string(static_cast<int>(
			    std::chrono::duration<double>(
				    std::chrono::steady_clock::now() - start)
				    .count())) +
		    " s");
	}

	text::write_file(out / "kill-matrix.txt", render_text(m));
	text::write_file(out / "kill-matrix.md", render_markdown(m));
	text::write_file(out / "kill-matrix.json", render_json(m));
	text::write_file(out / "kill-matrix.html",
			 "<!doctype html><meta charset=\"utf-8\"><title>"
			 "guardcheck mutants</title><style>.pass{background:"
			 "#dfd}.fail{background:#fdd}.skip{background:#eee}"
			 "td,th{border:1px solid #999;padding:2px 6px}"
			 "</style>\n" +
				 render_html_section(m));
	text::write_file(out / "kill-matrix.section.html",
			 render_html_section(m));
	std::fputs(render_text(m).c_str(), stdout);
	const std::vector<std::string> problems = m.problems();
	const std::vector<std::string> unjudged = m.unjudged();
	for (const std::string &p : problems)
		std::printf("PROBLEM: %s\n", p.c_str());
	for (const std::string &u : unjudged)
		std::printf("NO RESULT: %s\n", u.c_str());
	std::printf("%s\n", out.c_str());
	if (!unjudged.empty())
		return 2;
	return problems.empty() ? 0 : 1;
}

} // namespace guardcheck::mutants
