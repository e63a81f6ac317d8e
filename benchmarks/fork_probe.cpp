// SPDX-License-Identifier: GPL-2.0
#include "fork_probe.h"

#include "kernel_facts.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <vector>

#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

namespace guardcheck::bench
{

namespace
{

double now()
{
	timespec ts = {};
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return static_cast<double>(ts.tv_sec) +
	       static_cast<double>(ts.tv_nsec) * 1e-9;
}

void reap(pid_t pid)
{
	while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR)
		;
}

long median(std::vector<long> v)
{
	std::sort(v.begin(), v.end());
	return v[v.size() / 2];
}

// SCHED_FIFO for the parent while it lives; SCHED_RESET_ON_FORK puts the
// child back to SCHED_OTHER, so it runs only once the parent waits. With
// one CPU the order is otherwise the scheduler's choice, and it differs
// between kernels.
class realtime_parent
{
public:
	realtime_parent()
	{
		old_policy_ = sched_getscheduler(0);
		if (old_policy_ < 0 || sched_getparam(0, &old_param_) != 0) {
			error_ = errno;
			return;
		}
		sched_param fifo = {};
		fifo.sched_priority = 1;
		active_ =
			sched_setscheduler(0, SCHED_FIFO | SCHED_RESET_ON_FORK,
					   &fifo) == 0;
		if (!active_)
			error_ = errno;
	}
	~realtime_parent()
	{
		if (active_)
			sched_setscheduler(0, old_policy_, &old_param_);
	}
	realtime_parent(const realtime_parent &) = delete;
	realtime_parent &operator=(const realtime_parent &) = delete;

	int error() const
	{
		return error_;
	}

private:
	int old_policy_ = -1;
	sched_param old_param_ = {};
	bool active_ = false;
	int error_ = 0;
};

} // namespace

std::string realtime_gap()
{
	const realtime_parent probe;
	if (probe.error() == 0)
		return "";
	return std::string("sched_setscheduler(SCHED_FIFO): ") +
	       std::strerror(probe.error()) +
	       " (needs root or CAP_SYS_NICE); the parent runs as SCHED_OTHER";
}

double time_fork(fork_mode mode)
{
	const double start = now();
	const pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	if (pid < 0)
		return -1;
	double end = now();
	reap(pid);
	if (mode == fork_mode::until_reaped)
		end = now();
	return end - start;
}

double median_fork_time(fork_mode mode, int forks)
{
	const realtime_parent priority;
	std::vector<double> times;
	for (int i = 0; i < forks; i++) {
		times.push_back(time_fork(mode));
		if (times.back() < 0)
			return -1;
	}
	std::sort(times.begin(), times.end());
	return times[times.size() / 2];
}

std::string slab_probe_gap()
{
	for (const char *cache : {"anon_vma", "anon_vma_chain"})
		if (auto gap = slab_stats_gap(cache); !gap.empty())
			return gap;
	return "";
}

std::optional<slab_growth> slab_growth_of_fork(int samples)
{
	std::vector<long> anon_vma, chain;
	for (int i = 0; i < samples; i++) {
		int hold[2];
		if (pipe(hold) != 0)
			return std::nullopt;
		const auto av0 = slab_objects("anon_vma");
		const auto ch0 = slab_objects("anon_vma_chain");
		const pid_t pid = fork();
		if (pid == 0) {
			char byte;
			close(hold[1]);
			// Alive until the parent has counted.
			(void)!read(hold[0], &byte, 1);
			_exit(0);
		}
		const auto av1 = slab_objects("anon_vma");
		const auto ch1 = slab_objects("anon_vma_chain");
		close(hold[0]);
		close(hold[1]);
		if (pid < 0)
			return std::nullopt;
		reap(pid);
		if (!av0 || !ch0 || !av1 || !ch1)
			return std::nullopt;
		anon_vma.push_back(*av1 - *av0);
		chain.push_back(*ch1 - *ch0);
	}
	if (anon_vma.empty())
		return std::nullopt;
	return slab_growth{median(anon_vma), median(chain)};
}

} // namespace guardcheck::bench
