// SPDX-License-Identifier: GPL-2.0
#include "vma_layout.h"

#include "file_text.h"
#include "guard_mm.h"
#include "smaps_parse.h"

#include <cerrno>
#include <cstring>

#include <sys/mman.h>
#include <unistd.h>

namespace guardcheck::bench
{

namespace
{

constexpr std::size_t mapping_pages = 2;		// guard page, data page
constexpr std::size_t stride_pages = mapping_pages + 1; // plus a hole

std::string errno_text(const char *what)
{
	return std::string(what) + ": " + std::strerror(errno);
}

} // namespace

vma_layout::vma_layout(const layout_key &key) : key_(key)
{
	error_ = build();
	if (!error_.empty() && range_.base) {
		munmap(range_.base, range_.bytes());
		range_ = {};
	}
}

vma_layout::~vma_layout()
{
	if (range_.base)
		munmap(range_.base, range_.bytes());
	if (object_.fd() >= 0)
		close(object_.fd());
}

std::string vma_layout::build()
{
	const std::size_t n = key_.mappings;
	if (auto e = object_.create(key_.backing, n * mapping_pages);
	    !e.empty())
		return e;
	range_ = reserve_address_space(n * stride_pages);
	if (!range_.base)
		return errno_text("reserving address space");
	for (std::size_t i = 0; i < n; i++) {
		char *at = range_.page(i * stride_pages);
		if (!object_.map(mapping_pages, i * mapping_pages, at))
			return errno_text("mmap");
		if (munmap(at + mapping_pages * page_size(), page_size()) != 0)
			return errno_text("munmap of the hole");
		if (key_.guarded &&
		    madvise(at, page_size(), MADV_GUARD_INSTALL))
			return errno == EINVAL
				       ? "MADV_GUARD_INSTALL: EINVAL (this "
					 "kernel cannot guard " +
						 std::string(backing_name(
							 key_.backing)) +
						 " memory)"
				       : errno_text("MADV_GUARD_INSTALL");
		// A present page in every mapping; only anonymous memory is
		// written, so the file backings get no anon_vma from a fault.
		volatile char *data = at + page_size();
		if (key_.backing == backing_kind::anon)
			*data = 1;
		else
			(void)*data;
	}
	return "";
}

std::size_t vma_layout::count_vmas() const
{
	const auto maps = read_file_text("/proc/self/maps");
	if (!maps || !range_.base)
		return 0;
	return vmas_overlapping(parse_smaps(*maps), range_.start(),
				range_.end())
		.size();
}

} // namespace guardcheck::bench
