// SPDX-License-Identifier: GPL-2.0
// What one fork() costs the parent, and what it allocates in the kernel.
#ifndef GUARDCHECK_FORK_PROBE_H
#define GUARDCHECK_FORK_PROBE_H

#include <optional>
#include <string>

namespace guardcheck::bench
{

enum class fork_mode {
	parent_only, // fork() as the parent sees it; the reap is not timed
	until_reaped // fork(), the child's _exit(0) and waitpid()
};

// Seconds on CLOCK_MONOTONIC; the child exits at once. < 0: fork failed.
double time_fork(fork_mode mode);

// The median of `forks` such times; < 0 when a fork failed. The forks run
// with the parent at real-time priority when that is allowed (see
// realtime_gap), so that neither the child nor other tasks run before the
// parent has read its clock.
double median_fork_time(fork_mode mode, int forks);

// "" when the parent may switch to SCHED_FIFO, else why not.
std::string realtime_gap();

struct slab_growth {
	long anon_vma = 0;
	long anon_vma_chain = 0;
};

// "" when slab object counts can be read, else why not.
std::string slab_probe_gap();

// Objects added while a forked child is alive (it waits on a pipe), the
// median of `samples` forks. Empty when the counts cannot be read.
std::optional<slab_growth> slab_growth_of_fork(int samples);

} // namespace guardcheck::bench

#endif
