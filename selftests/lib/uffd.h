/* SPDX-License-Identifier: GPL-2.0 */
/* userfaultfd write-protect registration, for the fork checks. */
#ifndef GUARD_UFFD_H
#define GUARD_UFFD_H

#include <cstdint>
#include <string>

#include "guard_mm.h"

/*
 * A userfaultfd (user-mode faults only where the kernel offers that) whose
 * UFFDIO_API handshake asked for `features`. fd() < 0 when that failed, with
 * the reason in gap(). Closes on destruction.
 */
class uffd_handle
{
public:
	explicit uffd_handle(std::uint64_t features);
	~uffd_handle();
	uffd_handle(const uffd_handle &) = delete;
	uffd_handle &operator=(const uffd_handle &) = delete;

	int fd() const
	{
		return fd_;
	}
	const std::string &gap() const
	{
		return gap_;
	}
	/* Every feature the kernel offers, as the handshake reported them. */
	std::uint64_t offered() const
	{
		return offered_;
	}
	/* UFFDIO_REGISTER_MODE_WP over `range`; returns 0 or errno. */
	int register_wp(const page_range &range) const;

private:
	int fd_ = -1;
	std::string gap_;
	std::uint64_t offered_ = 0;
};

/*
 * "" when uffd-wp of `kind` memory works here, else why not: regular files
 * cannot be registered, and the kernel or arch may lack write-protect (i386
 * has none, some arm64 builds neither).
 */
std::string uffd_wp_gap(bool shmem);

/*
 * Reads one message from `fd` (waiting up to `timeout_ms`): when it is
 * UFFD_EVENT_FORK, closes the child's new userfaultfd and returns true.
 */
bool consume_fork_event(int fd, int timeout_ms);

#endif
