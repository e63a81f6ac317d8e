// SPDX-License-Identifier: GPL-2.0
/*
 * MADV_COLLAPSE over a range holding guard markers must fail and leave the
 * markers in place. Each test first collapses an unguarded range of the same
 * backing: where that fails too, the guarded case would prove nothing and
 * the test skips with the reason.
 */
#include <sys/mman.h>

#include <cstring>

#include "suite_common.h"

FIXTURE(collapse)
{
	backing_kind kind;
	backing_object object;
	std::size_t pmd_pages;
	page_range guarded; /* PMD-aligned, object offset 0 */
	page_range control; /* PMD-aligned, the object's second PMD */
};

GUARD_VARIANT(collapse, anon);
GUARD_VARIANT(collapse, shmem);
GUARD_VARIANT(collapse, file_readonly);

/* Maps the object's PMD number `index` at a PMD-aligned address and faults it
 * in. */
static page_range map_pmd(const backing_object &object, std::size_t pmd_pages,
			  std::size_t index)
{
	const page_range window = reserve_address_space(2 * pmd_pages);
	if (!window.base)
		return {};
	const std::size_t pmd_bytes = pmd_pages * page_size();
	char *aligned = window.base +
			(pmd_bytes - window.start() % pmd_bytes) % pmd_bytes;
	const page_range range =
		object.map_range(pmd_pages, index * pmd_pages, aligned);
	if (!range.base)
		return {};
	for (std::size_t i = 0; i < range.pages; i++) {
		if (object.protection() & PROT_WRITE)
			*range.page(i) = 1;
		else
			(void)*static_cast<volatile char *>(range.page(i));
	}
	return range;
}

FIXTURE_SETUP(collapse)
{
	self->kind = guard_variant<backing_variant>(variant).kind;
	std::string gap;
	const std::size_t pmd_bytes = thp_pmd_size(gap);
	SKIP_IF_GAP(gap);
	SKIP_IF_GAP(guard_support_gap(self->kind));
	self->pmd_pages = pmd_bytes / page_size();
	const std::string error =
		self->object.create(self->kind, 2 * self->pmd_pages);
	ASSERT_TRUE(error.empty())
	{
		TH_LOG("creating the backing: %s", error.c_str());
	}
	self->guarded = map_pmd(self->object, self->pmd_pages, 0);
	self->control = map_pmd(self->object, self->pmd_pages, 1);
	ASSERT_TRUE(self->guarded.base != nullptr &&
		    self->control.base != nullptr);
}

FIXTURE_TEARDOWN(collapse)
{
}

TEST_F(collapse, guarded_range_fails_and_keeps_markers)
{
	const int control_error =
		advise_pages(self->control, 0, self->pmd_pages, MADV_COLLAPSE);
	if (control_error != 0) {
		const std::string reason =
			std::string("MADV_COLLAPSE of an unguarded ") +
			backing_name(self->kind) + " range fails with " +
			errno_name(control_error) + " here (" +
			describe_config(
				self->kind == backing_kind::file_readonly
					? "CONFIG_READ_ONLY_THP_FOR_FS"
					: "CONFIG_TRANSPARENT_HUGEPAGE") +
			"), so a failure with guards would prove nothing";
		SKIP(return, "%s", reason.c_str());
	}

	const std::size_t middle = self->pmd_pages / 2;
	ASSERT_EQ(0, guard_install(self->guarded, middle));
	EXPECT_NE(0, advise_pages(self->guarded, 0, self->pmd_pages,
				  MADV_COLLAPSE));
	const auto faulting = faulting_pages(self->guarded);
	ASSERT_EQ(1, static_cast<int>(faulting.size()));
	EXPECT_EQ(static_cast<int>(middle), static_cast<int>(faulting[0]));
}

TEST_HARNESS_MAIN
