// SPDX-License-Identifier: GPL-2.0
/*
 * userfaultfd write-protect and fork (35e247032606): whether fork copies page
 * tables is decided by the child's VMA. Without UFFD_FEATURE_EVENT_FORK the
 * child's VMA has no VM_UFFD_WP, so a shmem mapping's page tables are not
 * copied for that reason (ab04b530e7e8 looked at the parent's VMA and copied
 * them); with it the child keeps VM_UFFD_WP and its page tables. Guard
 * markers are copied either way.
 *
 * Layout: U, populated and unguarded, then G in the other protection with a
 * marker: G's `gu` copies G's page tables on its own, so it must be a VMA
 * apart from U. Both are registered. Regular files cannot be registered for
 * write-protect, so they are no variants; anon is a control that is always
 * copied (it has an anon_vma).
 */
#include <sys/mman.h>

#include <linux/userfaultfd.h>

#include <thread>

#include "suite_common.h"
#include "uffd.h"

constexpr std::size_t piece_pages = 8;
constexpr std::size_t marker_page = piece_pages + 1; /* in G */

static page_range populated_half(const page_range &window)
{
	return {window.base, piece_pages};
}

static std::size_t present_pages(const page_range &range)
{
	std::size_t present = 0;
	for (std::size_t i = 0; i < range.pages; i++)
		if (pagemap_entry(range.page(i)) & pagemap_present)
			present++;
	return present;
}

#define SETUP_UFFD_LAYOUT()                                                  \
	do {                                                                 \
		self->kind = guard_variant<backing_variant>(variant).kind;   \
		SKIP_IF_GAP(guard_support_gap(self->kind));                  \
		SKIP_IF_GAP(uffd_wp_gap(self->kind == backing_kind::shmem)); \
		ASSERT_TRUE(self->object.create(self->kind, 2 * piece_pages) \
				    .empty());                               \
		self->window = reserve_isolated(2 * piece_pages);            \
		ASSERT_TRUE(self->window.base != nullptr);                   \
		ASSERT_TRUE(self->object.map(piece_pages, 0,                 \
					     self->window.base) != nullptr); \
		char *g = self->window.page(piece_pages);                    \
		ASSERT_TRUE(self->object.map(piece_pages, piece_pages, g) != \
			    nullptr);                                        \
		ASSERT_EQ(0, mprotect(g, piece_pages *page_size(),           \
				      self->object.other_protection()));     \
		ASSERT_EQ(0, guard_install(self->window, marker_page));      \
		const page_range u_ = populated_half(self->window);          \
		for (std::size_t i = 0; i < u_.pages; i++)                   \
			*u_.page(i) = 1;                                     \
		ASSERT_EQ(u_.pages, present_pages(u_));                      \
		ASSERT_FALSE(any_vma_has_gu(u_))                             \
		{                                                            \
			TH_LOG("U must not carry `gu`: it would be copied "  \
			       "for that");                                  \
			LOG_VMAS(self->window);                              \
		}                                                            \
	} while (0)

/*
 * Forks with `uffd` registered over the window. The child looks at U's pagemap
 * without touching U, then at G's marker. Exit codes: 0 as expected, 1 U's
 * page tables wrong (reported in `present_in_child`), 2 marker lost.
 */
static int fork_and_look(const page_range &window, bool expect_present,
			 bool event_fork, int uffd)
{
	std::thread monitor;
	if (event_fork) /* fork() waits until the event is read */
		monitor = std::thread(
			[uffd] { consume_fork_event(uffd, 10000); });
	const int status = run_in_child([&] {
		const std::size_t present =
			present_pages(populated_half(window));
		if (present != (expect_present ? piece_pages : 0))
			return 10 + static_cast<int>(present);
		return read_faults(window.page(marker_page)) ? 0 : 2;
	});
	if (monitor.joinable())
		monitor.join();
	return status;
}

static void check_fork(struct __test_metadata *_metadata,
		       const page_range &window, bool event_fork,
		       bool expect_present)
{
	const uffd_handle uffd(event_fork ? UFFD_FEATURE_EVENT_FORK : 0);
	if (uffd.fd() < 0)
		SKIP(return, "%s", uffd.gap().c_str());
	ASSERT_EQ(0, uffd.register_wp(window))
	{
		TH_LOG("UFFDIO_REGISTER_MODE_WP: %s",
		       errno_name(uffd.register_wp(window)).c_str());
	}
	const int status =
		fork_and_look(window, expect_present, event_fork, uffd.fd());
	EXPECT_EQ(0, status)
	{
		if (status >= 10 &&
		    status <= 10 + static_cast<int>(piece_pages))
			TH_LOG("the child sees %d of U's %zu pages present, "
			       "expected %zu (%s EVENT_FORK)",
			       status - 10, piece_pages,
			       expect_present ? piece_pages : 0,
			       event_fork ? "with" : "without");
		else if (status == 2)
			TH_LOG("the child lost G's guard marker");
		else
			TH_LOG("%s", describe_child_status(status).c_str());
		LOG_VMAS(window);
	}
}

FIXTURE(uffd_fork)
{
	backing_kind kind;
	backing_object object;
	page_range window; /* U | G */
};

GUARD_VARIANT(uffd_fork, shmem);

FIXTURE_SETUP(uffd_fork)
{
	SETUP_UFFD_LAYOUT();
}

FIXTURE_TEARDOWN(uffd_fork)
{
}

TEST_F(uffd_fork, without_event_fork_child_has_no_ptes_but_markers)
{
	check_fork(_metadata, self->window, false, false);
}

TEST_F(uffd_fork, with_event_fork_child_has_ptes_and_markers)
{
	check_fork(_metadata, self->window, true, true);
}

/* Control: private anonymous memory is copied for its anon_vma anyway. */
FIXTURE(uffd_fork_anon)
{
	backing_kind kind;
	backing_object object;
	page_range window; /* U | G */
};

GUARD_VARIANT(uffd_fork_anon, anon);

FIXTURE_SETUP(uffd_fork_anon)
{
	SETUP_UFFD_LAYOUT();
}

FIXTURE_TEARDOWN(uffd_fork_anon)
{
}

TEST_F(uffd_fork_anon, without_event_fork_child_has_ptes_and_markers)
{
	check_fork(_metadata, self->window, false, true);
}

TEST_HARNESS_MAIN
