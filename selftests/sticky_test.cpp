// SPDX-License-Identifier: GPL-2.0
/*
 * Sticky VM_MAYBE_GUARD: `gu` survives splits, re-merges, merges with new
 * neighbours and mremap; the flag never blocks a merge.
 */
#include <sys/mman.h>

#include "suite_common.h"

FIXTURE(sticky)
{
	backing_kind kind;
	backing_object object;
	page_range range;
};

GUARD_ALL_BACKINGS(sticky);

/* The object is twice the mapping so neighbours and expansions are backed. */
constexpr std::size_t mapped_pages = 10;

FIXTURE_SETUP(sticky)
{
	SETUP_BACKED_MAPPING(3 * mapped_pages, mapped_pages);
}

FIXTURE_TEARDOWN(sticky)
{
}

TEST_F(sticky, munmap_hole_leaves_gu_on_both_pieces)
{
	ASSERT_EQ(0, guard_install(self->range, 1));
	ASSERT_EQ(0, munmap(self->range.page(5), page_size()));
	ASSERT_EQ(2, vma_count(self->range));
	EXPECT_TRUE(every_vma_has_gu(self->range))
	{
		LOG_VMAS(self->range);
	}
}

TEST_F(sticky, munmap_hole_keeps_markers)
{
	ASSERT_EQ(0, guard_install(self->range, 1));
	ASSERT_EQ(0, guard_install(self->range, 8));
	ASSERT_EQ(0, munmap(self->range.page(5), page_size()));
	EXPECT_TRUE(read_faults(self->range.page(1)));
	EXPECT_TRUE(read_faults(self->range.page(8)));
	EXPECT_FALSE(read_faults(self->range.page(4)));
}

TEST_F(sticky, mprotect_split_leaves_gu_on_every_piece)
{
	ASSERT_EQ(0, guard_install(self->range, 1));
	ASSERT_EQ(0, mprotect(self->range.page(3), 3 * page_size(),
			      self->object.other_protection()));
	ASSERT_EQ(3, vma_count(self->range));
	EXPECT_TRUE(every_vma_has_gu(self->range))
	{
		LOG_VMAS(self->range);
	}
}

TEST_F(sticky, mprotect_restore_remerges_one_vma_with_gu)
{
	ASSERT_EQ(0, guard_install(self->range, 1));
	ASSERT_EQ(0, mprotect(self->range.page(3), 3 * page_size(),
			      self->object.other_protection()));
	ASSERT_EQ(3, vma_count(self->range));
	ASSERT_EQ(0, mprotect(self->range.page(3), 3 * page_size(),
			      self->object.protection()));
	ASSERT_EQ(1, vma_count(self->range))
	{
		LOG_VMAS(self->range);
	}
	EXPECT_TRUE(every_vma_has_gu(self->range))
	{
		LOG_VMAS(self->range);
	}
}

TEST_F(sticky, mprotect_restore_remerge_keeps_markers)
{
	ASSERT_EQ(0, guard_install(self->range, 1));
	ASSERT_EQ(0, mprotect(self->range.page(3), 3 * page_size(),
			      self->object.other_protection()));
	ASSERT_EQ(0, mprotect(self->range.page(3), 3 * page_size(),
			      self->object.protection()));
	const auto faulting = faulting_pages(self->range);
	ASSERT_EQ(1, static_cast<int>(faulting.size()));
	EXPECT_EQ(1, static_cast<int>(faulting[0]));
}

/*
 * Places two compatible mappings of the object side by side in a reserved
 * window, guarding one side before the other is mapped, and returns the
 * window. Each side is `mapped_pages` pages at contiguous object offsets.
 */
static page_range map_guarded_then_neighbour(const backing_object &object,
					     bool guard_first_half)
{
	page_range window = reserve_address_space(2 * mapped_pages);
	if (!window.base)
		return {};
	const std::size_t guarded = guard_first_half ? 0 : mapped_pages;
	const std::size_t neighbour = guard_first_half ? mapped_pages : 0;
	const page_range first =
		object.map_range(mapped_pages, guarded, window.page(guarded));
	if (!first.base || guard_install(first, 2) != 0)
		return {};
	if (!object.map_range(mapped_pages, neighbour, window.page(neighbour))
		     .base)
		return {};
	return window;
}

TEST_F(sticky, new_mapping_after_guarded_vma_merges_with_gu)
{
	const page_range window =
		map_guarded_then_neighbour(self->object, true);
	ASSERT_TRUE(window.base != nullptr);
	ASSERT_EQ(1, vma_count(window))
	{
		LOG_VMAS(window);
	}
	EXPECT_TRUE(every_vma_has_gu(window))
	{
		LOG_VMAS(window);
	}
	EXPECT_TRUE(read_faults(window.page(2)));
}

TEST_F(sticky, new_mapping_before_guarded_vma_merges_with_gu)
{
	const page_range window =
		map_guarded_then_neighbour(self->object, false);
	ASSERT_TRUE(window.base != nullptr);
	ASSERT_EQ(1, vma_count(window))
	{
		LOG_VMAS(window);
	}
	EXPECT_TRUE(every_vma_has_gu(window))
	{
		LOG_VMAS(window);
	}
	EXPECT_TRUE(read_faults(window.page(mapped_pages + 2)));
}

/* Moves self->range to a fresh address; returns the new range. */
static page_range move_range(const page_range &range)
{
	const page_range target = reserve_address_space(range.pages);
	if (!target.base)
		return {};
	return move_range_to(range, target.base);
}

TEST_F(sticky, mremap_move_keeps_markers)
{
	ASSERT_EQ(0, guard_install(self->range, 2));
	ASSERT_EQ(0, guard_install(self->range, 7));
	const page_range moved = move_range(self->range);
	ASSERT_TRUE(moved.base != nullptr);
	const auto faulting = faulting_pages(moved);
	ASSERT_EQ(2, static_cast<int>(faulting.size()));
	EXPECT_EQ(2, static_cast<int>(faulting[0]));
	EXPECT_EQ(7, static_cast<int>(faulting[1]));
}

TEST_F(sticky, mremap_move_keeps_gu)
{
	ASSERT_EQ(0, guard_install(self->range, 2));
	const page_range moved = move_range(self->range);
	ASSERT_TRUE(moved.base != nullptr);
	EXPECT_TRUE(every_vma_has_gu(moved))
	{
		LOG_VMAS(moved);
	}
}

static page_range expand_range(const page_range &range, std::size_t pages)
{
	void *grown = mremap(range.base, range.bytes(), pages * page_size(),
			     MREMAP_MAYMOVE);
	if (grown == MAP_FAILED)
		return {};
	return {static_cast<char *>(grown), pages};
}

TEST_F(sticky, mremap_expand_keeps_markers)
{
	ASSERT_EQ(0, guard_install(self->range, 2));
	const page_range grown = expand_range(self->range, 2 * mapped_pages);
	ASSERT_TRUE(grown.base != nullptr);
	const auto faulting = faulting_pages(grown);
	ASSERT_EQ(1, static_cast<int>(faulting.size()));
	EXPECT_EQ(2, static_cast<int>(faulting[0]));
}

TEST_F(sticky, mremap_expand_keeps_gu)
{
	ASSERT_EQ(0, guard_install(self->range, 2));
	const page_range grown = expand_range(self->range, 2 * mapped_pages);
	ASSERT_TRUE(grown.base != nullptr);
	EXPECT_TRUE(every_vma_has_gu(grown))
	{
		LOG_VMAS(grown);
	}
}

TEST_HARNESS_MAIN
