// SPDX-License-Identifier: GPL-2.0
// guardcheck-bench-compare: fork_bench results of two kernels (one console
// log per boot) -> compare.md, compare.json and latency plots (PNG, SVG) in
// the output directory. Exit 0 compared, 1 some benchmark failed or errored
// in a guest, 2 a boot left no benchmark JSON (or bad input).
#include "bench/compare_report.h"
#include "bench/comparison.h"
#include "bench/console_json.h"
#include "bench/results.h"
#include "cli/tool_main.h"
#include "process/process.h"
#include "text/text_file.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace guardcheck;

namespace
{

constexpr const char *usage =
	"usage: guardcheck-bench-compare --base-label L --new-label L --out "
	"DIR\n"
	"         --base CONSOLE.log [--base ...] --new CONSOLE.log [--new "
	"...]\n";

struct args {
	std::string base_label = "old", new_label = "new", out;
	std::vector<std::string> base, next;
};

args parse_args(int argc, char **argv)
{
	args a;
	for (int i = 1; i < argc; i++) {
		const std::string f = argv[i];
		if (f == "-h" || f == "--help") {
			std::fputs(usage, stdout);
			std::exit(0);
		}
		if (i + 1 >= argc)
			throw std::runtime_error(f + " needs a value\n" +
						 usage);
		const std::string v = argv[++i];
		if (f == "--base-label")
			a.base_label = v;
		else if (f == "--new-label")
			a.new_label = v;
		else if (f == "--out")
			a.out = v;
		else if (f == "--base")
			a.base.push_back(v);
		else if (f == "--new")
			a.next.push_back(v);
		else
			throw std::runtime_error("unknown argument " + f +
						 "\n" + usage);
	}
	if (a.out.empty() || a.base.empty() || a.next.empty())
		throw std::runtime_error(
			"--out and at least one --base and --new are "
			"required\n" +
			std::string(usage));
	return a;
}

struct loaded {
	std::vector<bench::run_results> boots;
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
		const auto frames = bench::extract_frames(text);
		const bench::framed_output *fork = nullptr;
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
			bench::run_results r = bench::parse_results(fork->json);
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

void plot(const bench::comparison &c, const fs::path &out)
{
	for (const std::string mode : {"fork", "fork_wait"}) {
		const fs::path stem = fs::absolute(out / (mode + "-latency"));
		text::write_file(stem.string() + ".dat",
				 bench::plot_data(c, mode));
		text::write_file(stem.string() + ".gp",
				 bench::plot_script(c, mode, stem.string()));
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

int run(const args &a)
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
		return 2;
	}
	const bench::comparison c = bench::compare_runs(
		base.boots, next.boots, a.base_label, a.new_label);
	const std::string table = bench::markdown_table(c);
	text::write_file(out / "compare.md", table);
	text::write_file(out / "compare.json", bench::comparison_json(c));
	plot(c, out);
	std::fputs(table.c_str(), stdout);
	std::printf("\nbench-compare: %zu points, %zu/%zu boots of %s/%s, "
		    "plots fork-latency.{png,svg} fork_wait-latency."
		    "{png,svg}\n",
		    c.points.size(), base.boots.size(), next.boots.size(),
		    a.base_label.c_str(), a.new_label.c_str());
	if (base.missing || next.missing)
		return 2;
	return base.failures + next.failures ? 1 : 0;
}

} // namespace

int main(int argc, char **argv)
{
	return cli::tool_main("bench-compare",
			      [&] { return run(parse_args(argc, argv)); });
}
