// SPDX-License-Identifier: GPL-2.0
/*
 * mlock and mseal change VMA flags through vma_modify_flags(), which since
 * the series hands back the residual (sticky) flags: a change on part of a
 * guarded VMA keeps `gu` on every piece, and a changed VMA without `gu` that
 * merges into a guarded neighbour leaves one VMA with `gu`. Guards cannot be
 * installed in mlocked ranges, so they go in before the lock.
 */
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "suite_common.h"

FIXTURE(lock_seal)
{
	backing_kind kind;
	backing_object object;
	page_range range; /* unused: the tests place their own mappings */
	page_range window;
};

GUARD_ALL_BACKINGS(lock_seal);

constexpr std::size_t piece_pages = 4;

FIXTURE_SETUP(lock_seal)
{
	SETUP_BACKED_MAPPING(2 * piece_pages, 1);
	self->window = reserve_isolated(2 * piece_pages);
	ASSERT_TRUE(self->window.base != nullptr);
}

FIXTURE_TEARDOWN(lock_seal)
{
}

/* mseal(2) by number: it is 64-bit only and young, libc may lack it. */
static int seal(const page_range &range, std::size_t first, std::size_t count)
{
#ifdef __NR_mseal
	return syscall(__NR_mseal, range.page(first), count * page_size(), 0) ==
			       0
		       ? 0
		       : errno;
#else
	(void)range;
	(void)first;
	(void)count;
	return ENOSYS;
#endif
}

static std::string seal_gap()
{
	const page_range probe = reserve_address_space(1);
	if (!probe.base)
		return "cannot map a page to probe mseal";
	const int error = seal(probe, 0, 1);
	if (error == 0)
		return "";
	return "mseal unavailable here (" + errno_name(error) +
	       "): it is 64-bit only and arrived in v6.10";
}

/* The whole window mapped as one VMA, its second page guarded. */
#define MAP_GUARDED_WINDOW()                                                 \
	do {                                                                 \
		ASSERT_TRUE(self->object.map(self->window.pages, 0,          \
					     self->window.base) != nullptr); \
		ASSERT_EQ(0, guard_install(self->window, 1));                \
		ASSERT_EQ(1, vma_count(self->window));                       \
	} while (0)

TEST_F(lock_seal, mlock_part_keeps_gu_on_every_piece)
{
	MAP_GUARDED_WINDOW();
	ASSERT_EQ(0, mlock(self->window.page(3), 2 * page_size()));
	ASSERT_EQ(3, vma_count(self->window))
	{
		LOG_VMAS(self->window);
	}
	EXPECT_TRUE(every_vma_has_gu(self->window))
	{
		LOG_VMAS(self->window);
	}
}

TEST_F(lock_seal, munlock_remerges_one_vma_with_gu)
{
	MAP_GUARDED_WINDOW();
	ASSERT_EQ(0, mlock(self->window.page(3), 2 * page_size()));
	ASSERT_EQ(3, vma_count(self->window));
	ASSERT_EQ(0, munlock(self->window.page(3), 2 * page_size()));
	ASSERT_EQ(1, vma_count(self->window))
	{
		LOG_VMAS(self->window);
	}
	EXPECT_TRUE(every_vma_has_gu(self->window))
	{
		LOG_VMAS(self->window);
	}
	EXPECT_TRUE(read_faults(self->window.page(1)));
}

/* A: the window's first half, guarded. */
#define MAP_GUARDED_FIRST_HALF()                                             \
	do {                                                                 \
		ASSERT_TRUE(self->object.map(piece_pages, 0,                 \
					     self->window.base) != nullptr); \
		ASSERT_EQ(0, guard_install(self->window, 1));                \
	} while (0)

/* B: the second half, next to A at the following object offset. */
static bool map_neighbour(const backing_object &object,
			  const page_range &window, int extra_flags)
{
	return object.map(piece_pages, piece_pages, window.page(piece_pages),
			  extra_flags) != nullptr;
}

/*
 * B is locked on fault (MLOCK_ONFAULT) before A is mapped: populating it
 * would give an anonymous B an anon_vma of its own, which no merge with A's
 * could overcome.
 */
TEST_F(lock_seal, munlock_of_unguarded_neighbour_merges_into_guarded_vma)
{
	ASSERT_TRUE(map_neighbour(self->object, self->window, 0));
	ASSERT_EQ(0, mlock2(self->window.page(piece_pages),
			    piece_pages * page_size(), MLOCK_ONFAULT))
	{
		TH_LOG("mlock2: %s", errno_name(errno).c_str());
	}
	MAP_GUARDED_FIRST_HALF();
	ASSERT_EQ(2, vma_count(self->window))
	{
		TH_LOG("the locked neighbour must be a VMA of its own");
		LOG_VMAS(self->window);
	}
	ASSERT_EQ(0, munlock(self->window.page(piece_pages),
			     piece_pages * page_size()));
	ASSERT_EQ(1, vma_count(self->window))
	{
		LOG_VMAS(self->window);
	}
	EXPECT_TRUE(every_vma_has_gu(self->window))
	{
		TH_LOG("munlock of the unguarded neighbour dropped `gu`");
		LOG_VMAS(self->window);
	}
	EXPECT_TRUE(read_faults(self->window.page(1)));
}

TEST_F(lock_seal, mseal_part_keeps_gu_on_every_piece)
{
	SKIP_IF_GAP(seal_gap());
	MAP_GUARDED_WINDOW();
	ASSERT_EQ(0, seal(self->window, 3, 2));
	ASSERT_EQ(3, vma_count(self->window))
	{
		LOG_VMAS(self->window);
	}
	EXPECT_TRUE(every_vma_has_gu(self->window))
	{
		LOG_VMAS(self->window);
	}
}

TEST_F(lock_seal, mseal_of_unguarded_neighbour_merges_into_guarded_vma)
{
	SKIP_IF_GAP(seal_gap());
	MAP_GUARDED_FIRST_HALF();
	ASSERT_EQ(0, seal(self->window, 0, piece_pages));
	ASSERT_TRUE(map_neighbour(self->object, self->window, 0));
	ASSERT_EQ(2, vma_count(self->window))
	{
		TH_LOG("the unsealed neighbour must be a VMA of its own");
		LOG_VMAS(self->window);
	}
	ASSERT_EQ(0, seal(self->window, piece_pages, piece_pages));
	ASSERT_EQ(1, vma_count(self->window))
	{
		LOG_VMAS(self->window);
	}
	EXPECT_TRUE(every_vma_has_gu(self->window))
	{
		TH_LOG("mseal of the unguarded neighbour dropped `gu`");
		LOG_VMAS(self->window);
	}
	EXPECT_TRUE(read_faults(self->window.page(1)));
}

TEST_HARNESS_MAIN
