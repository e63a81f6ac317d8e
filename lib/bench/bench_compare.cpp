// SPDX-License-Identifier: GPL-2.0
#include "bench/bench_compare.h"

#include "arch/arch_record.h"
#include "bench/compare_run.h"
#include "cli/options.h"
#include "lock/entry_lock.h"
#include "process/process.h"
#include "protocol/protocol.h"
#include "run/emulation.h"
#include "run/leaf.h"
#include "run/result_key.h"
#include "run/stamp.h"
#include "run/tree.h"
#include "text/text_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <deque>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>

#include <sys/wait.h>

namespace fs = std::filesystem;

namespace guardcheck::bench
{

namespace
{

void say(const std::string &text)
{
	std::fprintf(stderr, "bench-compare: %s\n", text.c_str());
}

struct side {
	run::tree_request tree;
	std::string label;
};

side side_of(const std::string &value, const std::string &series)
{
	side s;
	if (value.find('/') != std::string::npos || fs::is_directory(value))
		s.tree.kdir = value;
	else
		s.tree.kver = value;
	s.tree.series = series;
	s.label = fs::path(value).filename().string();
	if (!series.empty())
		s.label += "+" + fs::path(series).filename().string();
	return s;
}

// nice -n -10 when we may raise the emulator's priority: its one vCPU
// thread is the measurement.
std::vector<std::string> priority_prefix()
{
	process::options o;
	o.argv = {"nice", "-n", "-10", "true"};
	const process::outcome r = process::run(o);
	if (r.started && WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0)
		return {"nice", "-n", "-10"};
	say("cannot raise the emulator's priority (not root); background "
	    "load will show in the spread");
	return {};
}

// One clock's boots (BENCH_CLOCK=both runs two, interleaved).
struct clock_run {
	std::string word; // icount, wall, or "" for the default
	accel::run_mode mode;
	std::string append_words; // a wall-clock x86 guest's TSC rate
	compare_request cmp;
	std::string last_outcome;
};

void boot_one(const run::project &p, const bench_compare_options &o,
	      const side &s, clock_run &c, const std::vector<std::string> &prio,
	      const fs::path &programs, const fs::path &run)
{
	std::vector<std::string> argv = prio;
	argv.insert(
		argv.end(),
		{run::self_exe().string(),
		 "boot",
		 "--arch",
		 o.arch,
		 "--kdir",
		 s.tree.kdir,
		 "--kver",
		 s.tree.kver,
		 "--series",
		 s.tree.series,
		 "--run-dir",
		 run.string(),
		 "--guest-programs",
		 programs.string(),
		 "--append",
		 protocol::param(protocol::param_run, protocol::run_bench) +
			 (c.append_words.empty() ? "" : " " + c.append_words),
		 "--accel",
		 o.accel,
		 "--bench-clock",
		 c.word,
		 "--qemu-timeout",
		 o.qemu_timeout,
		 "--test-timeout",
		 o.test_timeout,
		 "--out",
		 p.out.string(),
		 "--make",
		 p.make});
	fs::create_directories(run.parent_path());
	std::ofstream log(run.string() + ".log");
	std::deque<std::string> tail;
	process::options b;
	b.argv = argv;
	b.on_line = [&](std::string_view l) {
		log << l << '\n';
		tail.emplace_back(l);
		if (tail.size() > 3)
			tail.pop_front();
	};
	const process::outcome out = process::run(b);
	const int rc = out.started && WIFEXITED(out.status)
			       ? WEXITSTATUS(out.status)
			       : 2;
	c.last_outcome = "exit " + std::to_string(rc) + " after " +
			 std::to_string(std::lround(out.seconds)) + " s (" +
			 run.string() + ")";
	if (rc > 1)
		for (const std::string &l : tail)
			c.last_outcome += "\n  " + l;
}

} // namespace

std::string guest_clock(const std::string &bench_clock,
			const std::string &cpuinfo_text)
{
	if (bench_clock != "tsc")
		return "";
	static const std::regex constant("\\bconstant_tsc\\b");
	static const std::regex mhz("cpu MHz\\s*:\\s*([0-9.]+)");
	std::smatch m;
	if (!std::regex_search(cpuinfo_text, constant) ||
	    !std::regex_search(cpuinfo_text, m, mhz)) {
		say("the host TSC is not constant; the x86 guest clock falls "
		    "back to jiffies (4 ms steps)");
		return "";
	}
	const long khz = static_cast<long>(std::stod(m[1].str()) * 1000);
	std::string words =
		"tsc_early_khz=" + std::to_string(khz) + " tsc=reliable";
	say("guest clock: TSC at the host's " + m[1].str() + " MHz (" + words +
	    ")");
	return words;
}

int compare_again(const std::string &run_dir)
{
	const fs::path dir(run_dir);
	if (!fs::is_directory(dir))
		throw cli::usage_error("bench-compare: FROM=" + run_dir +
				       " is not a directory; give the run "
				       "directory bench-compare printed last");
	std::vector<fs::path> halves;
	for (const char *clock : {"icount", "wall"})
		if (fs::is_directory(dir / clock))
			halves.push_back(dir / clock);
	if (halves.empty())
		halves.push_back(dir);
	std::vector<compare_request> requests;
	for (const fs::path &half : halves) {
		compare_request r;
		r.out = half.string();
		r.unit = half.filename() == "wall" ? "µs" : "virtual µs";
		for (int n = 1;; n++) {
			const fs::path b =
				half / ("round" + std::to_string(n) + "-base");
			const fs::path x =
				half / ("round" + std::to_string(n) + "-new");
			if (!fs::is_directory(b) && !fs::is_directory(x))
				break;
			r.base.push_back((b / "console.log").string());
			r.next.push_back((x / "console.log").string());
		}
		if (r.base.empty())
			throw cli::usage_error(
				"bench-compare: FROM=" + half.string() +
				" holds no round1-base or round1-new; give "
				"the run directory bench-compare printed last");
		// The kernels' names, as the first comparison wrote them.
		r.base_label = "old";
		r.new_label = "new";
		try {
			const nlohmann::json j = nlohmann::json::parse(
				text::read_file(half / "compare.json"));
			r.base_label = j.value("base", r.base_label);
			r.new_label = j.value("new", r.new_label);
			r.unit = j.value("unit", r.unit);
		} catch (const std::exception &) {
			// none yet (the run stopped before it): old and new
		}
		requests.push_back(std::move(r));
	}
	return compare_clocks(requests, dir);
}

int bench_compare(const run::project &p, const bench_compare_options &o)
{
	if (!o.from.empty())
		return compare_again(o.from);
	if (o.base.empty() || o.next.empty())
		throw cli::usage_error(
			"bench-compare: give both kernels: BASE= and NEW= (a "
			"version such as 6.18.12, or the path of a tree), e.g. "
			"make bench-compare ARCH=" +
			o.arch + " BASE=6.18.12 NEW=6.19.10");
	static const std::regex positive("^[1-9][0-9]*$");
	if (!std::regex_match(o.rounds, positive))
		throw cli::usage_error("bench-compare: ROUNDS=" + o.rounds +
				       ": give a positive number of boots per "
				       "kernel");
	const int rounds = std::stoi(o.rounds);
	const fs::path record = p.repo / "qemu" / "arch" / (o.arch + ".conf");
	const arch::arch_record rec = arch::load_record(record.string());
	const side base = side_of(o.base, o.base_series);
	side next = side_of(o.next, o.new_series);
	if (next.label == base.label)
		next.label += " (new)";
	// Bad versions or trees fail here, before a build.
	for (const side *s : {&base, static_cast<const side *>(&next)}) {
		int rc = 0;
		if (run::resolve_tree(p, s->tree, rc).empty())
			return 2;
	}
	std::ifstream cpuinfo("/proc/cpuinfo");
	std::ostringstream cpu;
	cpu << cpuinfo.rdbuf();
	const std::vector<std::string> clocks =
		o.bench_clock == "both"
			? std::vector<std::string>{"icount", "wall"}
			: std::vector<std::string>{o.bench_clock};
	std::vector<clock_run> runs;
	for (const std::string &word : clocks) {
		clock_run c;
		c.word = word;
		c.mode = run::emulation_for(rec, o.accel, word, true);
		say("emulation: " + c.mode.reason + "; figures in " +
		    accel::time_unit(c.mode.clock));
		// Counted instructions (the default under TCG) bind the
		// guest's clock in `guardcheck boot`; only a wall-clock guest
		// needs the host's TSC rate.
		const auto clock_it = rec.values.find("GUEST_CLOCK");
		if (c.mode.clock == accel::bench_clock::wall)
			c.append_words = guest_clock(
				clock_it == rec.values.end() ? ""
							     : clock_it->second,
				cpu.str());
		runs.push_back(std::move(c));
	}
	const std::vector<std::string> prio = priority_prefix();

	std::string dir_name = run::stamp() + "-bench-compare-" + o.arch + "-" +
			       base.label + "-" + next.label;
	std::replace(dir_name.begin(), dir_name.end(), ' ', '_');
	const fs::path dir = !o.run_dir.empty() ? fs::path(o.run_dir)
			     : o.runs_base.empty()
				     ? p.cache / "runs" / dir_name
				     : fs::path(o.runs_base) / dir_name;
	fs::create_directories(dir);

	// The guest's programs, built once and copied: every boot runs these,
	// whatever is rebuilt meanwhile, and the run keeps its fork_bench.
	run::leaf build;
	build.argv = {p.make,
		      "-C",
		      p.repo.string(),
		      "--no-print-directory",
		      "-s",
		      "ARCH=" + o.arch,
		      "guest-init",
		      "benchmarks"};
	build.env = {"O=" + p.out_for_make(), "MAKEFLAGS", "MFLAGS",
		     "MAKELEVEL"};
	build.stdout_to_stderr = true;
	// Held until the programs are copied: another run in this checkout
	// may rebuild them afterwards, the copies stay.
	std::optional<lock::entry_lock> building;
	building.emplace(p.out / o.arch / "programs",
			 "build " + o.arch + " programs", say);
	if (run::run_leaf(build).exit_code != 0) {
		say("building the guest's programs for " + o.arch + " failed");
		return 2;
	}
	const fs::path programs = dir / "programs";
	const fs::path arch_out = p.out / o.arch;
	fs::create_directories(programs / "selftests");
	fs::create_directories(programs / "benchmarks");
	const auto copy = [](const fs::path &from, const fs::path &to) {
		fs::copy_file(from, to, fs::copy_options::overwrite_existing);
	};
	copy(arch_out / "qemu" / "guardcheck-init",
	     programs / "guardcheck-init");
	for (const char *f : {"fork_bench", "bench.list"})
		copy(arch_out / "benchmarks" / f, programs / "benchmarks" / f);
	building.reset();
	std::ofstream(programs / "selftests" / "tests.list").close();

	const auto started = std::chrono::steady_clock::now();
	const bool several = runs.size() > 1;
	for (clock_run &c : runs) {
		c.cmp.base_label = base.label;
		c.cmp.new_label = next.label;
		c.cmp.out = (several ? dir / c.word : dir).string();
		c.cmp.unit = c.mode.clock == accel::bench_clock::icount
				     ? "virtual µs"
				     : "µs";
	}
	for (int r = 1; r <= rounds; r++)
		for (clock_run &c : runs)
			for (const side *s :
			     {&base, static_cast<const side *>(&next)}) {
				const bool is_base = s == &base;
				const fs::path run =
					fs::path(c.cmp.out) /
					("round" + std::to_string(r) +
					 (is_base ? "-base" : "-new"));
				boot_one(p, o, *s, c, prio, programs, run);
				say("round " + std::to_string(r) + " " +
				    s->label + (several ? " " + c.word : "") +
				    ": " + c.last_outcome);
				(is_base ? c.cmp.base : c.cmp.next)
					.push_back(
						(run / "console.log").string());
			}
	say(std::to_string(2 * rounds * static_cast<int>(runs.size())) +
	    " boots in " +
	    std::to_string(std::lround(
		    std::chrono::duration<double>(
			    std::chrono::steady_clock::now() - started)
			    .count())) +
	    " s");
	std::vector<compare_request> requests;
	requests.reserve(runs.size());
	for (const clock_run &c : runs)
		requests.push_back(c.cmp);
	const int rc = compare_clocks(requests, dir);
	std::printf("%s\n", dir.c_str());
	return rc;
}

} // namespace guardcheck::bench
