// SPDX-License-Identifier: GPL-2.0
/*
 * Fork copying: a child gets every guard marker of every backing (before the
 * series via the anon_vma hack, with it because VM_MAYBE_GUARD is
 * copy-on-fork), and with the series its VMAs show `gu`.
 */
#include <sys/mman.h>

#include <vector>

#include "suite_common.h"

FIXTURE(fork)
{
	backing_kind kind;
	backing_object object;
	page_range range;
};

GUARD_ALL_BACKINGS(fork);

static const std::vector<std::size_t> guarded_pages = {0, 5, 9};

FIXTURE_SETUP(fork)
{
	SETUP_BACKED_MAPPING(10, 10);
	for (const std::size_t page : guarded_pages)
		ASSERT_EQ(0, guard_install(self->range, page));
}

FIXTURE_TEARDOWN(fork)
{
}

/* Child exit codes: 0 as expected, 1 check failed, 2 could not check. */
static int markers_are_exactly_the_guards(const page_range &range)
{
	return faulting_pages(range) == guarded_pages ? 0 : 1;
}

TEST_F(fork, child_keeps_markers)
{
	const int status = run_in_child(
		[&] { return markers_are_exactly_the_guards(self->range); });
	EXPECT_EQ(0, status)
	{
		TH_LOG("%s", describe_child_status(status).c_str());
	}
}

TEST_F(fork, child_vmas_show_gu)
{
	const int status = run_in_child(
		[&] { return every_vma_has_gu(self->range) ? 0 : 1; });
	EXPECT_EQ(0, status)
	{
		TH_LOG("%s", describe_child_status(status).c_str());
		LOG_VMAS(self->range);
	}
}

TEST_F(fork, child_remove_leaves_parent_guarded)
{
	const int status = run_in_child([&] {
		if (guard_remove(self->range, 0, self->range.pages) != 0)
			return 2;
		return faulting_pages(self->range).empty() ? 0 : 1;
	});
	ASSERT_EQ(0, status)
	{
		TH_LOG("%s", describe_child_status(status).c_str());
	}
	EXPECT_EQ(0, markers_are_exactly_the_guards(self->range));
}

TEST_F(fork, parent_remove_leaves_child_guarded)
{
	held_child child(
		[&] { return markers_are_exactly_the_guards(self->range); });
	ASSERT_TRUE(child.started());
	ASSERT_EQ(0, guard_remove(self->range, 0, self->range.pages));
	EXPECT_TRUE(faulting_pages(self->range).empty());
	const int status = child.release_and_wait();
	EXPECT_EQ(0, status)
	{
		TH_LOG("%s", describe_child_status(status).c_str());
	}
}

TEST_F(fork, dontfork_vma_absent_in_child)
{
	ASSERT_EQ(0, advise_pages(self->range, 0, self->range.pages,
				  MADV_DONTFORK));
	const int status = run_in_child(
		[&] { return current_vmas_in(self->range).empty() ? 0 : 1; });
	EXPECT_EQ(0, status)
	{
		TH_LOG("%s", describe_child_status(status).c_str());
	}
}

/* MADV_WIPEONFORK applies to private anonymous memory only. */
FIXTURE(fork_wipeonfork)
{
	backing_kind kind;
	backing_object object;
	page_range range;
};

GUARD_VARIANT(fork_wipeonfork, anon);

FIXTURE_SETUP(fork_wipeonfork)
{
	SETUP_BACKED_MAPPING(10, 10);
	for (const std::size_t page : guarded_pages)
		ASSERT_EQ(0, guard_install(self->range, page));
	ASSERT_EQ(0, advise_pages(self->range, 0, self->range.pages,
				  MADV_WIPEONFORK));
}

FIXTURE_TEARDOWN(fork_wipeonfork)
{
}

TEST_F(fork_wipeonfork, child_has_no_markers)
{
	const int status = run_in_child(
		[&] { return faulting_pages(self->range).empty() ? 0 : 1; });
	EXPECT_EQ(0, status)
	{
		TH_LOG("%s", describe_child_status(status).c_str());
	}
	EXPECT_EQ(0, markers_are_exactly_the_guards(self->range));
}

TEST_F(fork_wipeonfork, child_vma_shows_gu)
{
	const int status = run_in_child(
		[&] { return every_vma_has_gu(self->range) ? 0 : 1; });
	EXPECT_EQ(0, status)
	{
		TH_LOG("%s", describe_child_status(status).c_str());
	}
}

TEST_HARNESS_MAIN
