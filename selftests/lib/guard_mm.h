/* SPDX-License-Identifier: GPL-2.0 */
/* Memory-management primitives the suite is built from. */
#ifndef GUARD_MM_H
#define GUARD_MM_H

#include <sys/mman.h>

#include <linux/mman.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "smaps_parse.h"

/* Trees before v6.13 do not export these; the values are the same on every
 * arch. */
#ifndef MADV_GUARD_INSTALL
#define MADV_GUARD_INSTALL 102
#endif
#ifndef MADV_GUARD_REMOVE
#define MADV_GUARD_REMOVE 103
#endif
#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25
#endif

/* pagemap bits (Documentation/admin-guide/mm/pagemap.rst) */
constexpr std::uint64_t pagemap_soft_dirty = 1ULL << 55;
constexpr std::uint64_t pagemap_guard_region = 1ULL << 58;
constexpr std::uint64_t pagemap_present = 1ULL << 63;

std::size_t page_size();

/* A page-aligned address range of the calling process. */
struct page_range {
	char *base = nullptr;
	std::size_t pages = 0;

	char *page(std::size_t index) const
	{
		return base + index * page_size();
	}
	std::size_t bytes() const
	{
		return pages * page_size();
	}
	std::uintptr_t start() const
	{
		return reinterpret_cast<std::uintptr_t>(base);
	}
	std::uintptr_t end() const
	{
		return start() + bytes();
	}
};

/* madvise() on pages [first, first + count) of `range`; returns 0 or errno. */
int advise_pages(const page_range &range, std::size_t first, std::size_t count,
		 int advice);
int guard_install(const page_range &range, std::size_t first,
		  std::size_t count = 1);
int guard_remove(const page_range &range, std::size_t first,
		 std::size_t count = 1);

/* The same advice through process_madvise() on a pidfd for this process. */
int process_advise_pages(const page_range &range, std::size_t first,
			 std::size_t count, int advice);

/* Reserve `pages` of inaccessible address space to place mappings in. */
page_range reserve_address_space(std::size_t pages);

/*
 * `pages` of reserved address space with a reserved page left on either side,
 * so nothing placed in it can merge with a VMA outside.
 */
page_range reserve_isolated(std::size_t pages);

/* True when reading the byte at `address` raises SIGSEGV. */
bool read_faults(const void *address);

/* Indices of the pages of `range` whose read faults. */
std::vector<std::size_t> faulting_pages(const page_range &range);

/* This process's pagemap entry for the page holding `address`; 0 on error. */
std::uint64_t pagemap_entry(const void *address);

/* The calling process's VMAs now. */
std::vector<vma_entry> current_vmas();
std::vector<vma_entry> current_vmas_in(const page_range &range);

/* How many VMAs overlap `range`. */
int vma_count(const page_range &range);

/*
 * Moves `range` to `target` (MREMAP_MAYMOVE | MREMAP_FIXED); returns the moved
 * range, or an empty one with errno.
 */
page_range move_range_to(const page_range &range, void *target);

/* True when every VMA overlapping `range` shows `gu` (and there is at least
 * one). */
bool every_vma_has_gu(const page_range &range);
bool any_vma_has_gu(const page_range &range);

/* Writes "4" to /proc/self/clear_refs: clears soft-dirty state. */
bool clear_soft_dirty();

std::string errno_name(int error);

#endif
