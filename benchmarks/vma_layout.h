// SPDX-License-Identifier: GPL-2.0
// N mappings of one backing that the kernel cannot merge: each is two pages
// (an optional guard page, then a data page that is faulted in) followed by
// an unmapped hole. Non-anonymous backings map distinct offsets of one
// object, so a single fd serves any N.
#ifndef GUARDCHECK_VMA_LAYOUT_H
#define GUARDCHECK_VMA_LAYOUT_H

#include "backing.h"

#include <cstddef>
#include <string>

namespace guardcheck::bench
{

struct layout_key {
	backing_kind backing = backing_kind::anon;
	bool guarded = false;
	std::size_t mappings = 0;

	bool operator==(const layout_key &) const = default;
};

class vma_layout
{
public:
	// On failure error() says why and the layout holds nothing.
	explicit vma_layout(const layout_key &key);
	~vma_layout();
	vma_layout(const vma_layout &) = delete;
	vma_layout &operator=(const vma_layout &) = delete;

	const layout_key &key() const
	{
		return key_;
	}
	const std::string &error() const
	{
		return error_;
	}
	// VMAs /proc/self/maps shows inside the layout's address range.
	std::size_t count_vmas() const;

private:
	std::string build();

	layout_key key_;
	std::string error_;
	backing_object object_;
	page_range range_;
};

} // namespace guardcheck::bench

#endif
