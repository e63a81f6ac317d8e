// SPDX-License-Identifier: GPL-2.0
#include "guard_mm.h"

#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "file_text.h"

#ifndef PIDFD_SELF
#define PIDFD_SELF -10000
#endif

std::size_t page_size()
{
	static const std::size_t size = sysconf(_SC_PAGESIZE);
	return size;
}

int advise_pages(const page_range &range, std::size_t first, std::size_t count,
		 int advice)
{
	return madvise(range.page(first), count * page_size(), advice) == 0
		       ? 0
		       : errno;
}

int guard_install(const page_range &range, std::size_t first, std::size_t count)
{
	return advise_pages(range, first, count, MADV_GUARD_INSTALL);
}

int guard_remove(const page_range &range, std::size_t first, std::size_t count)
{
	return advise_pages(range, first, count, MADV_GUARD_REMOVE);
}

int process_advise_pages(const page_range &range, std::size_t first,
			 std::size_t count, int advice)
{
	iovec vec{range.page(first), count * page_size()};
	/* PIDFD_SELF exists from v6.14; older kernels need a real pidfd. */
	long done =
		syscall(SYS_process_madvise, PIDFD_SELF, &vec, 1, advice, 0);
	if (done >= 0)
		return 0;
	if (errno != EBADF)
		return errno;
	const int pidfd =
		static_cast<int>(syscall(SYS_pidfd_open, getpid(), 0));
	if (pidfd < 0)
		return errno;
	done = syscall(SYS_process_madvise, pidfd, &vec, 1, advice, 0);
	const int error = done >= 0 ? 0 : errno;
	close(pidfd);
	return error;
}

page_range reserve_address_space(std::size_t pages)
{
	void *base = mmap(nullptr, pages * page_size(), PROT_NONE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (base == MAP_FAILED)
		return {};
	return {static_cast<char *>(base), pages};
}

page_range reserve_isolated(std::size_t pages)
{
	const page_range outer = reserve_address_space(pages + 2);
	if (!outer.base)
		return {};
	return {outer.page(1), pages};
}

namespace
{
sigjmp_buf probe_return;
volatile sig_atomic_t probe_active;

void on_probe_fault(int signal)
{
	if (probe_active)
		siglongjmp(probe_return, 1);
	::signal(signal, SIG_DFL);
	raise(signal);
}
} // namespace

bool read_faults(const void *address)
{
	struct sigaction handler = {};
	struct sigaction previous = {};
	handler.sa_handler = on_probe_fault;
	sigaction(SIGSEGV, &handler, &previous);
	/* No local may change between sigsetjmp() and the fault: return from
	 * each branch. */
	if (sigsetjmp(probe_return, 1) == 0) {
		probe_active = 1;
		(void)*static_cast<const volatile char *>(address);
		probe_active = 0;
		sigaction(SIGSEGV, &previous, nullptr);
		return false;
	}
	probe_active = 0;
	sigaction(SIGSEGV, &previous, nullptr);
	return true;
}

std::vector<std::size_t> faulting_pages(const page_range &range)
{
	std::vector<std::size_t> faulting;
	for (std::size_t i = 0; i < range.pages; i++)
		if (read_faults(range.page(i)))
			faulting.push_back(i);
	return faulting;
}

std::uint64_t pagemap_entry(const void *address)
{
	const int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	std::uint64_t entry = 0;
	const off_t offset =
		static_cast<off_t>(reinterpret_cast<std::uintptr_t>(address) /
				   page_size() * sizeof(entry));
	if (pread(fd, &entry, sizeof(entry), offset) != sizeof(entry))
		entry = 0;
	close(fd);
	return entry;
}

std::vector<vma_entry> current_vmas()
{
	return parse_smaps(read_file_text("/proc/self/smaps").value_or(""));
}

std::vector<vma_entry> current_vmas_in(const page_range &range)
{
	return vmas_overlapping(current_vmas(), range.start(), range.end());
}

int vma_count(const page_range &range)
{
	return static_cast<int>(current_vmas_in(range).size());
}

page_range move_range_to(const page_range &range, void *target)
{
	void *moved = mremap(range.base, range.bytes(), range.bytes(),
			     MREMAP_MAYMOVE | MREMAP_FIXED, target);
	if (moved == MAP_FAILED)
		return {};
	return {static_cast<char *>(moved), range.pages};
}

bool every_vma_has_gu(const page_range &range)
{
	const auto vmas = current_vmas_in(range);
	return !vmas.empty() &&
	       std::all_of(vmas.begin(), vmas.end(),
			   [](const vma_entry &v) { return v.has_flag("gu"); });
}

bool any_vma_has_gu(const page_range &range)
{
	const auto vmas = current_vmas_in(range);
	return std::any_of(vmas.begin(), vmas.end(),
			   [](const vma_entry &v) { return v.has_flag("gu"); });
}

bool clear_soft_dirty()
{
	return write_file_text("/proc/self/clear_refs", "4");
}

std::string errno_name(int error)
{
	const char *name = strerrorname_np(error);
	return name ? name : std::to_string(error);
}
