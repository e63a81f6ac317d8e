// SPDX-License-Identifier: GPL-2.0
#include "uffd.h"

#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

namespace
{

int open_uffd()
{
#ifdef UFFD_USER_MODE_ONLY
	const int fd = static_cast<int>(syscall(
		SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK | UFFD_USER_MODE_ONLY));
	if (fd >= 0 || errno != EINVAL)
		return fd;
#endif
	return static_cast<int>(
		syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK));
}

} // namespace

uffd_handle::uffd_handle(std::uint64_t features)
{
	fd_ = open_uffd();
	if (fd_ < 0) {
		gap_ = "userfaultfd: " + errno_name(errno);
		return;
	}
	uffdio_api api = {};
	api.api = UFFD_API;
	api.features = features;
	if (ioctl(fd_, UFFDIO_API, &api) != 0) {
		gap_ = "UFFDIO_API with features " + std::to_string(features) +
		       ": " + errno_name(errno);
		if (errno == EPERM)
			gap_ += " (UFFD_FEATURE_EVENT_FORK needs "
				"CAP_SYS_PTRACE)";
		close(fd_);
		fd_ = -1;
		return;
	}
	offered_ = api.features;
}

uffd_handle::~uffd_handle()
{
	if (fd_ >= 0)
		close(fd_);
}

int uffd_handle::register_wp(const page_range &range) const
{
	uffdio_register reg = {};
	reg.range.start = range.start();
	reg.range.len = range.bytes();
	reg.mode = UFFDIO_REGISTER_MODE_WP;
	return ioctl(fd_, UFFDIO_REGISTER, &reg) == 0 ? 0 : errno;
}

std::string uffd_wp_gap(bool shmem)
{
	const uffd_handle probe(0);
	if (probe.fd() < 0)
		return probe.gap() +
		       " (CONFIG_USERFAULTFD, or "
		       "vm.unprivileged_userfaultfd for non-root)";
	if (!(probe.offered() & UFFD_FEATURE_PAGEFAULT_FLAG_WP))
		return "no userfaultfd write-protect on this kernel/arch "
		       "(UFFD_FEATURE_PAGEFAULT_FLAG_WP missing; i386 has "
		       "none)";
	if (shmem && !(probe.offered() & UFFD_FEATURE_WP_HUGETLBFS_SHMEM))
		return "no userfaultfd write-protect for shmem here "
		       "(UFFD_FEATURE_WP_HUGETLBFS_SHMEM missing, needs "
		       "CONFIG_PTE_MARKER_UFFD_WP)";
	return "";
}

bool consume_fork_event(int fd, int timeout_ms)
{
	pollfd waiting = {fd, POLLIN, 0};
	if (poll(&waiting, 1, timeout_ms) != 1)
		return false;
	uffd_msg msg = {};
	if (read(fd, &msg, sizeof(msg)) != sizeof(msg) ||
	    msg.event != UFFD_EVENT_FORK)
		return false;
	close(static_cast<int>(msg.arg.fork.ufd));
	return true;
}
