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

/* Why a test skips when an unguarded MADV_COLLAPSE fails with `error`. */
static std::string collapse_gap(backing_kind kind, int error, const char *which,
				const char *what, const char *so)
{
	return std::string("MADV_COLLAPSE of ") + which + " " +
	       backing_name(kind) + " " + what + " fails with " +
	       errno_name(error) + " here (" +
	       describe_config(kind == backing_kind::file_readonly
				       ? "CONFIG_READ_ONLY_THP_FOR_FS"
				       : "CONFIG_TRANSPARENT_HUGEPAGE") +
	       "), so " + so;
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
		const std::string reason = collapse_gap(
			self->kind, control_error, "an unguarded", "range",
			"a failure with guards would prove nothing");
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

/*
 * khugepaged (upstream 6): collapsing an object through one mapping retracts
 * the page tables of its other mappings, but never of a VMA that may hold
 * guard markers (before the series the hack's anon_vma kept them). G and C map
 * the same first PMD of the object; G is guarded, C collapsed. Regular files
 * opened for writing cannot be collapsed (file_shared, file_private), so only
 * the read-only file is a file variant.
 */
FIXTURE(collapse_other_mapping)
{
	backing_kind kind;
	backing_object object;
	std::size_t pmd_pages;
	page_range guarded;   /* G */
	page_range collapsed; /* C */
};

GUARD_VARIANT(collapse_other_mapping, shmem);
GUARD_VARIANT(collapse_other_mapping, file_readonly);

FIXTURE_SETUP(collapse_other_mapping)
{
	self->kind = guard_variant<backing_variant>(variant).kind;
	std::string gap;
	const std::size_t pmd_bytes = thp_pmd_size(gap);
	SKIP_IF_GAP(gap);
	SKIP_IF_GAP(guard_support_gap(self->kind));
	self->pmd_pages = pmd_bytes / page_size();
	const std::string error =
		self->object.create(self->kind, self->pmd_pages);
	ASSERT_TRUE(error.empty())
	{
		TH_LOG("creating the backing: %s", error.c_str());
	}
	self->guarded = map_pmd(self->object, self->pmd_pages, 0);
	ASSERT_TRUE(self->guarded.base != nullptr);
	self->collapsed = map_pmd(self->object, self->pmd_pages, 0);
	ASSERT_TRUE(self->collapsed.base != nullptr);
	/* Tagged as regular files are (map_pmd wrote each page's first byte).
	 */
	if (self->object.protection() & PROT_WRITE)
		for (std::size_t i = 0; i < self->pmd_pages; i++)
			*reinterpret_cast<std::size_t *>(
				self->guarded.page(i)) = i + 1;
}

FIXTURE_TEARDOWN(collapse_other_mapping)
{
}

TEST_F(collapse_other_mapping, guarded_mapping_keeps_markers_and_data)
{
	const std::size_t marker = self->pmd_pages / 2;
	ASSERT_EQ(0, guard_install(self->guarded, marker));
	const int error = advise_pages(self->collapsed, 0, self->pmd_pages,
				       MADV_COLLAPSE);
	if (error != 0) {
		const std::string reason =
			collapse_gap(self->kind, error, "the unguarded",
				     "mapping", "nothing is retracted");
		SKIP(return, "%s", reason.c_str());
	}
	const auto faulting = faulting_pages(self->guarded);
	EXPECT_EQ(1, static_cast<int>(faulting.size()))
	{
		TH_LOG("the collapse through the other mapping took G's page "
		       "tables and its %zu marker(s) with them",
		       faulting.empty() ? 1 : 0);
		TH_LOG("G's marker page: pagemap %#llx",
		       static_cast<unsigned long long>(
			       pagemap_entry(self->guarded.page(marker))));
	}
	EXPECT_TRUE(read_faults(self->guarded.page(marker)));
	for (std::size_t i = 0; i < self->pmd_pages; i++) {
		if (i == marker)
			continue;
		const std::size_t tag = *reinterpret_cast<const std::size_t *>(
			self->guarded.page(i));
		ASSERT_EQ(i + 1, tag)
		{
			TH_LOG("G's page %zu reads %zu", i, tag);
		}
	}
}

TEST_HARNESS_MAIN
