// SPDX-License-Identifier: GPL-2.0
#include "bench/compare_run.h"

#include "bench/clock_report.h"
#include "bench/compare_report.h"
#include "bench/comparison.h"
#include "bench/console_json.h"
#include "bench/results.h"
#include "process/process.h"
#include "text/text_file.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace guardcheck::bench
{

namespace
{

struct loaded {
	std::vector<run_results> boots;
	int failures = 0; // frames with rc != 0, benchmarks with errors
	bool missing = false;
};

// One boot's console: the fork_bench frame's JSON, also saved as
// <out>/<side>-<n>.json.
loaded load(const std::vector<std::string> &consoles, const fs::path &out,
	    const std::string &side)
{
	loaded l;
	int n = 0;
	for (const std::string &path : consoles) {
		n++;
		std::string text;
		try {
			text = text::read_file(path);
		} catch (const std::exception &e) {
			std::fprintf(stderr,
				     "bench-compare: %s (the boot "
				     "left no console)\n",
				     e.what());
			l.missing = true;
			continue;
		}
		const auto frames = extract_frames(text);
		const framed_output *fork = nullptr;
		for (const auto &f : frames)
			if (f.name == "fork_bench")
				fork = &f;
		if (!fork || fork->json.empty()) {
			std::fprintf(stderr,
				     "bench-compare: %s: no fork_bench JSON "
				     "between GUARDCHECK-BENCH frames (%s)\n",
				     path.c_str(),
				     frames.empty()
					     ? "no frame at all: was the "
					       "guest booted with "
					       "guardcheck.run=bench?"
					     : "the frame is empty");
			l.missing = true;
			continue;
		}
		if (fork->rc.value_or(-1) != 0) {
			std::fprintf(stderr,
				     "bench-compare: %s: fork_bench %s\n",
				     path.c_str(),
				     fork->rc ? ("exited " +
						 std::to_string(*fork->rc))
							.c_str()
					      : "never ended (no END line)");
			l.failures++;
		}
		text::write_file(
			out / (side + "-" + std::to_string(n) + ".json"),
			fork->json);
		try {
			run_results r = parse_results(fork->json);
			for (const std::string &e : r.errors)
				std::fprintf(stderr,
					     "bench-compare: %s: benchmark "
					     "error %s\n",
					     path.c_str(), e.c_str());
			l.failures += static_cast<int>(r.errors.size());
			l.boots.push_back(std::move(r));
		} catch (const std::exception &e) {
			std::fprintf(stderr,
				     "bench-compare: %s: the fork_bench "
				     "output is not usable JSON: %s\n",
				     path.c_str(), e.what());
			l.missing = true;
		}
	}
	return l;
}

void plot(const comparison &c, const fs::path &out)
{
	for (const std::string mode : {"fork", "fork_wait"}) {
		const fs::path stem = fs::absolute(out / (mode + "-latency"));
		text::write_file(stem.string() + ".dat", plot_data(c, mode));
		text::write_file(stem.string() + ".gp",
				 plot_script(c, mode, stem.string()));
		process::options opts;
		opts.argv = {"gnuplot", stem.string() + ".gp"};
		opts.bound = std::chrono::seconds(60);
		opts.on_line = [](std::string_view line) {
			std::fprintf(stderr, "gnuplot: %.*s\n",
				     static_cast<int>(line.size()),
				     line.data());
		};
		const process::outcome o = process::run(opts);
		if (!o.started || o.timed_out || o.status != 0)
			std::fprintf(stderr,
				     "bench-compare: gnuplot %s.gp: %s "
				     "(install gnuplot-nox)\n",
				     stem.c_str(),
				     process::describe(o).c_str());
	}
}

} // namespace

compared_consoles compare_consoles(const compare_request &a)
{
	const fs::path out = a.out;
	fs::create_directories(out);
	const loaded base = load(a.base, out, "base");
	const loaded next = load(a.next, out, "new");
	if (base.boots.empty() || next.boots.empty()) {
		std::fprintf(stderr,
			     "bench-compare: no comparison: %s has "
			     "no benchmark results\n",
			     base.boots.empty() ? a.base_label.c_str()
						: a.new_label.c_str());
		return {};
	}
	comparison c =
		compare_runs(base.boots, next.boots, a.base_label, a.new_label);
	c.unit = a.unit;
	const std::string table = markdown_table(c);
	text::write_file(out / "compare.md", table);
	text::write_file(out / "compare.json", comparison_json(c));
	plot(c, out);
	std::fputs(table.c_str(), stdout);
	std::printf("\nbench-compare: %zu points, %zu/%zu boots of %s/%s, "
		    "plots fork-latency.{png,svg} fork_wait-latency."
		    "{png,svg}\n",
		    c.points.size(), base.boots.size(), next.boots.size(),
		    a.base_label.c_str(), a.new_label.c_str());
	compared_consoles r;
	r.exit_code = base.missing || next.missing    ? 2
		      : base.failures + next.failures ? 1
						      : 0;
	r.result = std::move(c);
	return r;
}

int compare_clocks(const std::vector<compare_request> &halves,
		   const fs::path &dir)
{
	int rc = 0;
	std::vector<compared_consoles> results;
	for (const compare_request &r : halves) {
		results.push_back(compare_consoles(r));
		rc = std::max(rc, results.back().exit_code);
	}
	if (results.size() == 2 && results[0].result && results[1].result) {
		const std::string table =
			clocks_table(*results[0].result, *results[1].result);
		text::write_file(dir / "clocks.md", table);
		std::printf("\n%s", table.c_str());
	}
	return rc;
}

} // namespace guardcheck::bench
