// SPDX-License-Identifier: GPL-2.0
// fork_bench: what fork() costs with N mappings of one backing, with and
// without a guard page in each, and the anon_vma/anon_vma_chain objects the
// fork allocates. Before the VM_MAYBE_GUARD series a guarded file VMA carries
// an anon_vma only so that fork copies its page tables; after it none.
//
// Benchmarks are named <mode>/<backing>/<guard>/<vmas>; select with
// --benchmark_filter and repeat with --benchmark_repetitions.
#include "fork_probe.h"
#include "vma_layout.h"

#include "backing.h"
#include "kernel_facts.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include <sys/utsname.h>

using namespace guardcheck::bench;

namespace
{

constexpr std::size_t vma_counts[] = {1, 64, 1024, 8192};
// A repetition is one iteration: the median of this many forks. Enough
// for a stable median, few enough that 8192 mappings stay quick under
// emulation. One median rather than the mean of several small ones: a host
// stall that slows a few consecutive forks cannot move it.
int forks_per_repetition(std::size_t vmas)
{
	if (vmas <= 64)
		return 101;
	return vmas <= 1024 ? 21 : 11;
}
constexpr backing_kind backings[] = {backing_kind::anon, backing_kind::shmem,
				     backing_kind::file_shared,
				     backing_kind::file_private};

// The layout is kept across benchmarks with the same key, so the two modes
// and every repetition share one setup (8192 mappings are slow to build
// under emulation).
struct current_layout {
	std::unique_ptr<vma_layout> layout;
	std::size_t vmas = 0;
	std::optional<slab_growth> growth;
};
current_layout current;

const std::string &slab_gap()
{
	static const std::string gap = slab_probe_gap();
	return gap;
}

void use_layout(const layout_key &key)
{
	if (current.layout && current.layout->key() == key)
		return;
	current = {};
	current.layout = std::make_unique<vma_layout>(key);
	if (!current.layout->error().empty())
		return;
	current.vmas = current.layout->count_vmas();
	if (slab_gap().empty())
		current.growth = slab_growth_of_fork(3);
	// Under emulation the first forks of a new shape also translate
	// kernel code; keep that out of the timed repetitions.
	for (int i = 0; i < 2; i++)
		for (fork_mode m :
		     {fork_mode::parent_only, fork_mode::until_reaped})
			time_fork(m);
}

void fork_benchmark(benchmark::State &state, layout_key key, fork_mode mode)
{
	use_layout(key);
	if (const std::string &e = current.layout->error(); !e.empty()) {
		state.SkipWithError(e.c_str());
		return;
	}
	if (current.vmas != key.mappings) {
		const std::string e =
			"the layout has " + std::to_string(current.vmas) +
			" VMAs, not " + std::to_string(key.mappings) +
			": the kernel merged mappings";
		state.SkipWithError(e.c_str());
		return;
	}
	// The loop variable only drives Google Benchmark's iteration count.
	for (auto _ : state) { // NOLINT(clang-analyzer-deadcode.DeadStores)
		const double seconds = median_fork_time(
			mode, forks_per_repetition(key.mappings));
		if (seconds < 0) {
			state.SkipWithError("fork() failed");
			break;
		}
		state.SetIterationTime(seconds);
	}
	state.counters["vmas"] = static_cast<double>(current.vmas);
	if (current.growth) {
		state.counters["anon_vma_added"] =
			static_cast<double>(current.growth->anon_vma);
		state.counters["anon_vma_chain_added"] =
			static_cast<double>(current.growth->anon_vma_chain);
	} else {
		state.SetLabel("no slab counters: " +
			       (slab_gap().empty() ? "the probe fork failed"
						   : slab_gap()));
	}
}

void register_all()
{
	for (std::size_t n : vma_counts)
		for (backing_kind b : backings)
			for (bool guarded : {false, true})
				for (fork_mode m : {fork_mode::parent_only,
						    fork_mode::until_reaped}) {
					const std::string name =
						std::string(
							m == fork_mode::parent_only
								? "fork"
								: "fork_wait") +
						"/" + backing_name(b) + "/" +
						(guarded ? "guard" : "none") +
						"/" + std::to_string(n);
					benchmark::RegisterBenchmark(
						name.c_str(), fork_benchmark,
						layout_key{b, guarded, n}, m)
						->Iterations(1)
						->UseManualTime()
						->Unit(benchmark::kMicrosecond);
				}
}

void add_context()
{
	utsname uts = {};
	uname(&uts);
	benchmark::AddCustomContext("kernel_release", uts.release);
	const std::string dir = file_backing_dir();
	std::string fs = filesystem_name(dir);
	if (fs == "tmpfs")
		fs += " (file backings on tmpfs are shmem; set GUARD_FILE_DIR "
		      "to a disk filesystem)";
	else if (fs == "ramfs")
		fs += " (the only non-shmem filesystem of the guest)";
	benchmark::AddCustomContext(
		"repetition",
		"one iteration, the median of " +
			std::to_string(forks_per_repetition(1)) +
			" (1, 64 VMAs), " +
			std::to_string(forks_per_repetition(1024)) +
			" (1024) or " +
			std::to_string(forks_per_repetition(8192)) +
			" (8192) forks, CLOCK_MONOTONIC");
	benchmark::AddCustomContext("file_backing_dir", dir);
	benchmark::AddCustomContext("file_backing_fs", fs);
	const std::string rt = realtime_gap();
	benchmark::AddCustomContext(
		"parent_priority",
		rt.empty() ? "SCHED_FIFO while timed, the child SCHED_OTHER"
			   : "SCHED_OTHER: " + rt);
	if (!rt.empty())
		std::fprintf(stderr, "fork_bench: %s\n", rt.c_str());
	const std::string &gap = slab_gap();
	benchmark::AddCustomContext(
		"slab_counters",
		gap.empty() ? "anon_vma, anon_vma_chain objects added while "
			      "a forked child lives (median of 3)"
			    : "absent: " + gap);
	if (!gap.empty())
		std::fprintf(stderr, "fork_bench: no slab counters: %s\n",
			     gap.c_str());
}

constexpr std::string_view hold_report_flag = "--hold_report";

// Removes --hold_report from argv; true when it was there.
bool take_hold_report(int &argc, char **argv)
{
	bool found = false;
	int kept = 1;
	for (int i = 1; i < argc; i++) {
		if (argv[i] == hold_report_flag)
			found = true;
		else
			argv[kept++] = argv[i];
	}
	argc = kept;
	return found;
}

} // namespace

// --hold_report: keep the report in memory and print it once every
// benchmark has run. A guest's serial console costs the one vCPU, and lines
// written as each benchmark ends would be sent while the next one is timed.
int main(int argc, char **argv)
{
	const bool hold = take_hold_report(argc, argv);
	benchmark::Initialize(&argc, argv);
	if (benchmark::ReportUnrecognizedArguments(argc, argv))
		return 1;
	std::ostringstream held;
	std::streambuf *const console = std::cout.rdbuf();
	if (hold)
		std::cout.rdbuf(held.rdbuf());
	add_context();
	register_all();
	benchmark::RunSpecifiedBenchmarks();
	current = {};
	benchmark::Shutdown();
	std::cout.rdbuf(console);
	std::cout << held.str() << std::flush;
	return 0;
}
