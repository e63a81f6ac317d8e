// SPDX-License-Identifier: GPL-2.0
/*
 * The old anon_vma hack: before the series, guarding a file-backed VMA gave
 * it an anon_vma only so that fork would copy its page tables. Counted in the
 * anon_vma slab cache around guarding N separate mappings and around a fork:
 * about N objects before the series, about none with it.
 */
#include <sys/mman.h>

#include <cstdlib>

#include "suite_common.h"

static std::size_t mapping_count()
{
	const char *text = getenv("GUARD_SLAB_MAPPINGS");
	const long count = text ? strtol(text, nullptr, 10) : 0;
	return count > 0 ? static_cast<std::size_t>(count) : 1000;
}

/* Anything at or above a tenth of N is the hack at work, not noise. */
static long allowed_noise(std::size_t mappings)
{
	return static_cast<long>(mappings / 10);
}

/*
 * N one-page mappings of pages 0, 2, 4, ... of the object, each at the same
 * even page of a reserved window: neither addresses nor offsets are
 * contiguous, so nothing merges and N VMAs really exist.
 */
FIXTURE(anon_vma)
{
	backing_kind kind;
	backing_object object;
	page_range window;
	std::size_t mappings;
};

GUARD_FILE_BACKINGS(anon_vma);

static bool map_separate_pages(const backing_object &object,
			       const page_range &window, std::size_t mappings)
{
	for (std::size_t i = 0; i < mappings; i++)
		if (!object.map(1, 2 * i, window.page(2 * i)))
			return false;
	return true;
}

static int guard_every_mapping(const page_range &window, std::size_t mappings)
{
	for (std::size_t i = 0; i < mappings; i++)
		if (const int error = guard_install(window, 2 * i))
			return error;
	return 0;
}

#define SETUP_SEPARATE_MAPPINGS()                                            \
	do {                                                                 \
		self->kind = guard_variant<backing_variant>(variant).kind;   \
		SKIP_IF_GAP(slab_stats_gap("anon_vma"));                     \
		SKIP_IF_GAP(guard_support_gap(self->kind));                  \
		self->mappings = mapping_count();                            \
		const std::string error_ =                                   \
			self->object.create(self->kind, 2 * self->mappings); \
		ASSERT_TRUE(error_.empty())                                  \
		{                                                            \
			TH_LOG("creating the backing: %s", error_.c_str());  \
		}                                                            \
		self->window = reserve_address_space(2 * self->mappings);    \
		ASSERT_TRUE(self->window.base != nullptr);                   \
		ASSERT_TRUE(map_separate_pages(self->object, self->window,   \
					       self->mappings));             \
		ASSERT_LE(self->mappings,                                    \
			  current_vmas_in(self->window).size());             \
	} while (0)

FIXTURE_SETUP(anon_vma)
{
	SETUP_SEPARATE_MAPPINGS();
}

FIXTURE_TEARDOWN(anon_vma)
{
}

TEST_F(anon_vma, guard_install_allocates_none)
{
	const long before = slab_objects("anon_vma").value_or(-1);
	ASSERT_EQ(0, guard_every_mapping(self->window, self->mappings));
	const long after = slab_objects("anon_vma").value_or(-1);
	ASSERT_TRUE(before >= 0 && after >= 0);
	TH_LOG("guarding %zu %s mappings: anon_vma %+ld", self->mappings,
	       backing_name(self->kind), after - before);
	EXPECT_LT(after - before, allowed_noise(self->mappings));
}

TEST_F(anon_vma, fork_of_guarded_mappings_allocates_none)
{
	ASSERT_EQ(0, guard_every_mapping(self->window, self->mappings));
	const long before = slab_objects("anon_vma").value_or(-1);
	const long chains_before = slab_objects("anon_vma_chain").value_or(-1);
	/* The child must exist while the parent counts. */
	held_child child(
		[&] { return read_faults(self->window.page(0)) ? 0 : 1; });
	ASSERT_TRUE(child.started());
	const long after = slab_objects("anon_vma").value_or(-1);
	const long chains_after = slab_objects("anon_vma_chain").value_or(-1);
	EXPECT_EQ(0, child.release_and_wait());
	ASSERT_TRUE(before >= 0 && after >= 0);
	TH_LOG("fork with %zu guarded %s mappings: anon_vma %+ld, "
	       "anon_vma_chain %+ld",
	       self->mappings, backing_name(self->kind), after - before,
	       chains_after - chains_before);
	EXPECT_LT(after - before, allowed_noise(self->mappings));
}

/*
 * Positive control: N private file mappings each written once must each get
 * an anon_vma on every kernel, or the probe cannot see allocations at all.
 */
FIXTURE(anon_vma_probe)
{
	backing_kind kind;
	backing_object object;
	page_range window;
	std::size_t mappings;
};

GUARD_VARIANT(anon_vma_probe, file_private);

FIXTURE_SETUP(anon_vma_probe)
{
	SETUP_SEPARATE_MAPPINGS();
}

FIXTURE_TEARDOWN(anon_vma_probe)
{
}

TEST_F(anon_vma_probe, written_private_mappings_allocate_one_each)
{
	const long before = slab_objects("anon_vma").value_or(-1);
	for (std::size_t i = 0; i < self->mappings; i++)
		*self->window.page(2 * i) = 1;
	const long after = slab_objects("anon_vma").value_or(-1);
	ASSERT_TRUE(before >= 0 && after >= 0);
	TH_LOG("writing %zu private file mappings: anon_vma %+ld",
	       self->mappings, after - before);
	EXPECT_GT(after - before, static_cast<long>(self->mappings / 2));
}

/*
 * anon_vma reuse next to a guarded VMA (upstream 4: anon_vma_compatible()
 * ignores sticky flags). Pair i: A, two rw- pages, written and guarded (so it
 * has `gu` and an anon_vma), then B at A's end in rwx (no merge: the access
 * flags differ), then an unmapped page. B's first write must take A's
 * anon_vma, as it did before the series: about none new over N pairs, where
 * a `gu`-sensitive check allocates about N.
 */
FIXTURE(anon_vma_reuse)
{
	backing_kind kind;
	backing_object object;
	page_range window;
	std::size_t mappings;
};

GUARD_VARIANT(anon_vma_reuse, anon);

constexpr std::size_t pair_pages = 4; /* A A B hole */

static bool map_guarded_pairs(const backing_object &object,
			      const page_range &window, std::size_t pairs)
{
	for (std::size_t i = 0; i < pairs; i++) {
		const page_range a =
			object.map_range(2, 0, window.page(pair_pages * i));
		if (!a.base || guard_install(a, 1) != 0)
			return false;
		*a.page(0) = 1;
		void *b = mmap(a.page(2), page_size(),
			       PROT_READ | PROT_WRITE | PROT_EXEC,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		if (b == MAP_FAILED)
			return false;
	}
	return true;
}

FIXTURE_SETUP(anon_vma_reuse)
{
	self->kind = guard_variant<backing_variant>(variant).kind;
	SKIP_IF_GAP(slab_stats_gap("anon_vma"));
	SKIP_IF_GAP(guard_support_gap(self->kind));
	self->mappings = mapping_count();
	ASSERT_TRUE(self->object.create(self->kind, 0).empty());
	self->window = reserve_address_space(pair_pages * self->mappings);
	ASSERT_TRUE(self->window.base != nullptr);
	ASSERT_TRUE(
		map_guarded_pairs(self->object, self->window, self->mappings));
	/* Each pair is two VMAs, and pairs do not touch. */
	ASSERT_LE(2 * self->mappings, current_vmas_in(self->window).size());
}

FIXTURE_TEARDOWN(anon_vma_reuse)
{
}

TEST_F(anon_vma_reuse, exec_neighbour_of_guarded_vma_reuses_its_anon_vma)
{
	const long before = slab_objects("anon_vma").value_or(-1);
	for (std::size_t i = 0; i < self->mappings; i++)
		*self->window.page(pair_pages * i + 2) = 1;
	const long after = slab_objects("anon_vma").value_or(-1);
	ASSERT_TRUE(before >= 0 && after >= 0);
	TH_LOG("first writes to %zu rwx neighbours of guarded VMAs: anon_vma "
	       "%+ld",
	       self->mappings, after - before);
	EXPECT_LT(after - before, allowed_noise(self->mappings));
}

TEST_HARNESS_MAIN
