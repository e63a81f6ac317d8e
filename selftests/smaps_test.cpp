// SPDX-License-Identifier: GPL-2.0
/*
 * smaps visibility: with VM_MAYBE_GUARD a VMA that ever had a guard installed
 * shows `gu` in VmFlags; before the series nothing shows.
 */
#include <sys/mman.h>

#include "suite_common.h"

FIXTURE(smaps)
{
	backing_kind kind;
	backing_object object;
	page_range range;
};

GUARD_ALL_BACKINGS(smaps);

FIXTURE_SETUP(smaps)
{
	SETUP_BACKED_MAPPING(10, 10);
}

FIXTURE_TEARDOWN(smaps)
{
}

TEST_F(smaps, fresh_mapping_has_no_gu)
{
	ASSERT_EQ(1, static_cast<int>(current_vmas_in(self->range).size()));
	EXPECT_FALSE(any_vma_has_gu(self->range));
}

TEST_F(smaps, install_places_markers_only_on_guarded_pages)
{
	ASSERT_EQ(0, guard_install(self->range, 3, 2));
	const auto faulting = faulting_pages(self->range);
	ASSERT_EQ(2, static_cast<int>(faulting.size()));
	EXPECT_EQ(3, static_cast<int>(faulting[0]));
	EXPECT_EQ(4, static_cast<int>(faulting[1]));
}

TEST_F(smaps, install_sets_gu)
{
	ASSERT_EQ(0, guard_install(self->range, 3));
	EXPECT_TRUE(every_vma_has_gu(self->range))
	{
		LOG_VMAS(self->range);
	}
}

TEST_F(smaps, install_across_three_vmas_sets_gu_on_each)
{
	/* A different protection in the middle splits the mapping in three. */
	const int middle =
		self->object.protection() == PROT_READ ? PROT_NONE : PROT_READ;
	ASSERT_EQ(0, mprotect(self->range.page(3), 4 * page_size(), middle));
	ASSERT_EQ(3, static_cast<int>(current_vmas_in(self->range).size()));

	ASSERT_EQ(0, guard_install(self->range, 0, self->range.pages));
	EXPECT_TRUE(every_vma_has_gu(self->range))
	{
		LOG_VMAS(self->range);
	}
	EXPECT_EQ(static_cast<int>(self->range.pages),
		  static_cast<int>(faulting_pages(self->range).size()));
}

TEST_F(smaps, failed_install_on_mlocked_range_sets_nothing)
{
	ASSERT_EQ(0, mlock(self->range.base, self->range.bytes()))
	{
		TH_LOG("mlock: %s", errno_name(errno).c_str());
	}
	EXPECT_EQ(EINVAL, guard_install(self->range, 3));
	EXPECT_FALSE(any_vma_has_gu(self->range))
	{
		LOG_VMAS(self->range);
	}
	EXPECT_TRUE(faulting_pages(self->range).empty());
}

TEST_F(smaps, remove_of_every_guard_keeps_gu)
{
	ASSERT_EQ(0, guard_install(self->range, 2, 3));
	ASSERT_EQ(0, guard_remove(self->range, 0, self->range.pages));
	EXPECT_TRUE(faulting_pages(self->range).empty());
	EXPECT_TRUE(every_vma_has_gu(self->range))
	{
		LOG_VMAS(self->range);
	}
}

TEST_F(smaps, process_madvise_install_sets_gu)
{
	ASSERT_EQ(0,
		  process_advise_pages(self->range, 5, 1, MADV_GUARD_INSTALL));
	EXPECT_TRUE(read_faults(self->range.page(5)));
	EXPECT_TRUE(every_vma_has_gu(self->range))
	{
		LOG_VMAS(self->range);
	}
}

TEST_F(smaps, pagemap_marks_guard_pages)
{
	ASSERT_EQ(0, guard_install(self->range, 6));
	EXPECT_TRUE(pagemap_entry(self->range.page(6)) & pagemap_guard_region);
	EXPECT_FALSE(pagemap_entry(self->range.page(5)) & pagemap_guard_region);
}

TEST_HARNESS_MAIN
