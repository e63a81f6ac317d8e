// SPDX-License-Identifier: GPL-2.0
// fork_bench JSON out of guest consoles recorded under QEMU
// (tests/fixtures/bench: x86_64 guests, 6.18.12 and 6.19.10, anon and
// file_shared at 1024 VMAs; re-recorded by record.sh there).
#include "bench/console_json.h"
#include "bench/results.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

using namespace guardcheck::bench;

namespace
{

std::string fixture(const std::string &name)
{
	std::ifstream in(std::string(FIXTURE_DIR) + "/bench/" + name);
	EXPECT_TRUE(in.is_open()) << name;
	std::ostringstream s;
	s << in.rdbuf();
	return s.str();
}

const repetition *find(const run_results &r, const std::string &point)
{
	for (const repetition &rep : r.repetitions)
		if (rep.key.name() == point)
			return &rep;
	return nullptr;
}

} // namespace

TEST(BenchConsoleJson, RecordedGuestRunYieldsOneFrameOfResults)
{
	const auto frames =
		extract_frames(fixture("x86_64-6.19.10-fork_bench.log"));
	ASSERT_EQ(frames.size(), 1u);
	EXPECT_EQ(frames[0].name, "fork_bench");
	EXPECT_EQ(frames[0].rc, 0);
	const run_results r = parse_results(frames[0].json);
	EXPECT_TRUE(r.errors.empty());
	EXPECT_EQ(r.repetitions.size(), 20u); // 4 points x 5, no aggregates
	EXPECT_EQ(r.context.at("file_backing_dir"), "/mnt/ramfs");
	EXPECT_EQ(r.context.at("parent_priority"),
		  "SCHED_FIFO while timed, the child SCHED_OTHER");

	// The benchmark's own anon VMAs (heap, stack, data) are in every
	// count; the unguarded file point shows how many.
	const repetition *own = find(r, "fork/file_shared/none/1024");
	ASSERT_NE(own, nullptr);
	EXPECT_LT(*own->anon_vma_added, 16);

	const repetition *anon = find(r, "fork/anon/guard/1024");
	ASSERT_NE(anon, nullptr);
	EXPECT_EQ(anon->vmas_seen, 1024);
	// One per written anon VMA, exactly: the counts are taken after the
	// per-CPU slabs are flushed.
	EXPECT_EQ(*anon->anon_vma_added - *own->anon_vma_added, 1024);
	EXPECT_GT(anon->time_us, 100);

	// The series kernel: guarded file VMAs carry no anon_vma to copy.
	const repetition *file = find(r, "fork/file_shared/guard/1024");
	ASSERT_NE(file, nullptr);
	EXPECT_EQ(file->anon_vma_added, own->anon_vma_added);
	EXPECT_EQ(file->anon_vma_chain_added, own->anon_vma_chain_added);
}

TEST(BenchConsoleJson, OldHackKernelAddsAnAnonVmaPerGuardedFileVma)
{
	const auto frames =
		extract_frames(fixture("x86_64-6.18.12-fork_bench.log"));
	ASSERT_EQ(frames.size(), 1u);
	const run_results r = parse_results(frames[0].json);
	const repetition *guarded = find(r, "fork/file_shared/guard/1024");
	ASSERT_NE(guarded, nullptr);
	const repetition *plain = find(r, "fork/file_shared/none/1024");
	ASSERT_NE(plain, nullptr);
	EXPECT_EQ(*guarded->anon_vma_added - *plain->anon_vma_added, 1024);
	// The child's anon_vma and the chain links to its own and the
	// parent's: two per VMA.
	EXPECT_EQ(*guarded->anon_vma_chain_added - *plain->anon_vma_chain_added,
		  2048);
}

TEST(BenchConsoleJson, KernelMessagesInsideTheFrameAreSetAside)
{
	const std::string text = "boot noise\n"
				 "GUARDCHECK-BENCH-BEGIN fork_bench\n"
				 "{\n"
				 "  \"context\": {},\n"
				 "random: crng init done\n"
				 "  \"benchmarks\": []\n"
				 "}\n"
				 "GUARDCHECK-BENCH-END fork_bench rc=0\n";
	const auto frames = extract_frames(text);
	ASSERT_EQ(frames.size(), 1u);
	ASSERT_EQ(frames[0].notes.size(), 1u);
	EXPECT_EQ(frames[0].notes[0], "random: crng init done");
	EXPECT_NO_THROW(parse_results(frames[0].json));
}

TEST(BenchConsoleJson, FrameWithoutEndHasNoExitCode)
{
	const auto frames = extract_frames("GUARDCHECK-BENCH-BEGIN fork_bench\n"
					   "{\n");
	ASSERT_EQ(frames.size(), 1u);
	EXPECT_FALSE(frames[0].rc.has_value());
	EXPECT_THROW(parse_results(frames[0].json), std::runtime_error);
}

TEST(BenchConsoleJson, ErroredBenchmarksAreReportedNotCounted)
{
	const run_results r = parse_results(R"({"benchmarks": [
	  {"name": "fork/file_shared/guard/64/iterations:100/manual_time",
	   "run_name": "fork/file_shared/guard/64/iterations:100/manual_time",
	   "run_type": "iteration", "error_occurred": true,
	   "error_message": "MADV_GUARD_INSTALL: EINVAL"},
	  {"name": "fork/anon/none/64/iterations:100/manual_time_median",
	   "run_name": "fork/anon/none/64/iterations:100/manual_time",
	   "run_type": "aggregate", "real_time": 5, "time_unit": "us"},
	  {"name": "fork/anon/none/64/iterations:100/manual_time",
	   "run_name": "fork/anon/none/64/iterations:100/manual_time",
	   "run_type": "iteration", "real_time": 2.5, "time_unit": "ms"}]})");
	ASSERT_EQ(r.errors.size(), 1u);
	EXPECT_NE(r.errors[0].find("EINVAL"), std::string::npos);
	ASSERT_EQ(r.repetitions.size(), 1u);
	EXPECT_DOUBLE_EQ(r.repetitions[0].time_us, 2500);
	EXPECT_FALSE(r.repetitions[0].anon_vma_added.has_value());
}

TEST(BenchConsoleJson, PointNames)
{
	const auto key = parse_point_name(
		"fork_wait/file_private/none/8192/iterations:6/manual_time");
	ASSERT_TRUE(key.has_value());
	EXPECT_EQ(key->mode, "fork_wait");
	EXPECT_EQ(key->backing, "file_private");
	EXPECT_EQ(key->guard, "none");
	EXPECT_EQ(key->vmas, 8192);
	EXPECT_FALSE(parse_point_name("BM_other/8").has_value());
	EXPECT_FALSE(parse_point_name("a/b/c/d").has_value());
}
