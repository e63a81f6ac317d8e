// SPDX-License-Identifier: GPL-2.0
/*
 * Soft-dirty across merges (6707915e030a, part of the 6.18.y backport): when a
 * VMA still marked soft-dirty merges into one whose soft-dirty state was
 * cleared, every page of the result must read soft-dirty in pagemap.
 */
#include <sys/mman.h>

#include "suite_common.h"

FIXTURE(soft_dirty)
{
	backing_kind kind;
	backing_object object;
	page_range window; /* 4 pages: A = pages 0-1, B = pages 2-3 */
};

GUARD_VARIANT(soft_dirty, anon);

FIXTURE_SETUP(soft_dirty)
{
	self->kind = guard_variant<backing_variant>(variant).kind;
	/* Part of the backport under test: judged only where guards exist. */
	SKIP_IF_GAP(guard_support_gap(self->kind));
	SKIP_IF_GAP(soft_dirty_gap());
	ASSERT_TRUE(self->object.create(self->kind, 4).empty());
	self->window = reserve_address_space(4);
	ASSERT_TRUE(self->window.base != nullptr);
	/* A: written, then its soft-dirty state cleared. */
	ASSERT_TRUE(self->object.map(2, 0, self->window.page(0)) != nullptr);
	*self->window.page(0) = 1;
	*self->window.page(1) = 1;
	ASSERT_TRUE(clear_soft_dirty());
	ASSERT_FALSE(pagemap_entry(self->window.page(0)) & pagemap_soft_dirty);
}

FIXTURE_TEARDOWN(soft_dirty)
{
}

static int soft_dirty_pages(const page_range &range)
{
	int dirty = 0;
	for (std::size_t i = 0; i < range.pages; i++)
		if (pagemap_entry(range.page(i)) & pagemap_soft_dirty)
			dirty++;
	return dirty;
}

TEST_F(soft_dirty, mprotect_merge_reads_soft_dirty)
{
	/* B: new (so soft-dirty), kept apart by its protection, then merged. */
	ASSERT_TRUE(self->object.map(2, 2, self->window.page(2)) != nullptr);
	ASSERT_EQ(0,
		  mprotect(self->window.page(2), 2 * page_size(), PROT_READ));
	ASSERT_EQ(2, static_cast<int>(current_vmas_in(self->window).size()));
	ASSERT_EQ(0, mprotect(self->window.page(2), 2 * page_size(),
			      PROT_READ | PROT_WRITE));
	ASSERT_EQ(1, static_cast<int>(current_vmas_in(self->window).size()));
	EXPECT_EQ(4, soft_dirty_pages(self->window));
}

TEST_F(soft_dirty, mremap_merge_reads_soft_dirty)
{
	/*
	 * B: new and never faulted (no anon_vma, so it can merge), made
	 * between PROT_NONE pages so that it merges with nothing there, then
	 * moved into a hole next to A. Over the reservation, or mapped where
	 * the kernel likes (next to the window), it would not merge with A.
	 */
	const page_range far = reserve_address_space(4);
	ASSERT_TRUE(far.base != nullptr);
	ASSERT_TRUE(self->object.map(2, 0, far.page(1)) != nullptr);
	ASSERT_EQ(0, munmap(self->window.page(2), 2 * page_size()));
	ASSERT_NE(MAP_FAILED,
		  mremap(far.page(1), 2 * page_size(), 2 * page_size(),
			 MREMAP_MAYMOVE | MREMAP_FIXED, self->window.page(2)));
	ASSERT_EQ(1, static_cast<int>(current_vmas_in(self->window).size()));
	EXPECT_EQ(4, soft_dirty_pages(self->window));
	munmap(far.base, far.bytes());
}

TEST_HARNESS_MAIN
