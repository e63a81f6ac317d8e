// SPDX-License-Identifier: GPL-2.0
/*
 * Merges of three adjacent VMAs prev|middle|next (one object, contiguous
 * offsets) where only one of them carries `gu`. Whichever it is, the merged
 * VMA keeps it: vma_merge_existing_range() and the mremap expand path OR in
 * the sticky flags of every VMA merged, and mprotect/madvise take the flags
 * vma_modify_flags() hands back. Each test first proves that three VMAs exist
 * and that the driver really merges them into one.
 */
#include <sys/mman.h>

#include "suite_common.h"

FIXTURE(three_vma)
{
	backing_kind kind;
	backing_object object;
	page_range range; /* unused: the tests place their own mappings */
};

GUARD_ALL_BACKINGS(three_vma);

constexpr std::size_t piece_pages = 4;

FIXTURE_SETUP(three_vma)
{
	SETUP_BACKED_MAPPING(3 * piece_pages, 1);
}

FIXTURE_TEARDOWN(three_vma)
{
}

enum class side { prev, middle, next };

static std::size_t first_page(side piece)
{
	return piece == side::next     ? 2 * piece_pages
	       : piece == side::middle ? piece_pages
				       : 0;
}

/* The guard marker sits on the second page of the guarded piece. */
static std::size_t marker_page(side guarded)
{
	return first_page(guarded) + 1;
}

/* Maps `piece` of the window at its object offset; "" or what failed. */
static std::string map_piece(const backing_object &object,
			     const page_range &window, side piece, side guarded,
			     int extra_flags = 0)
{
	const std::size_t first = first_page(piece);
	const page_range mapped = object.map_range(
		piece_pages, first, window.page(first), extra_flags);
	if (!mapped.base)
		return "mmap: " + errno_name(errno);
	if (piece != guarded)
		return "";
	const int error = guard_install(window, marker_page(guarded));
	return error ? "MADV_GUARD_INSTALL: " + errno_name(error) : "";
}

/*
 * prev|middle|next with the middle in the other protection; the middle is
 * mapped and guarded first, alone, so the guard goes in before it differs.
 */
static std::string split_by_protection(const backing_object &object,
				       const page_range &window, side guarded)
{
	std::string error = map_piece(object, window, side::middle, guarded);
	if (error.empty() &&
	    mprotect(window.page(piece_pages), piece_pages * page_size(),
		     object.other_protection()))
		error = "mprotect: " + errno_name(errno);
	if (error.empty())
		error = map_piece(object, window, side::prev, guarded);
	if (error.empty())
		error = map_piece(object, window, side::next, guarded);
	return error;
}

/*
 * prev|hole|next, the middle mapped (and guarded) in its place first, then
 * parked elsewhere: moving it back closes the hole. Returns the parked
 * middle, or an empty range with the reason in `error`.
 */
static page_range split_by_move(const backing_object &object,
				const page_range &window, side guarded,
				std::string &error)
{
	error = map_piece(object, window, side::middle, guarded);
	const page_range parking = reserve_isolated(piece_pages);
	if (!error.empty() || !parking.base)
		return {};
	const page_range parked = move_range_to(
		{window.page(piece_pages), piece_pages}, parking.base);
	if (!parked.base)
		error = "mremap to the parking place: " + errno_name(errno);
	if (error.empty())
		error = map_piece(object, window, side::prev, guarded);
	if (error.empty())
		error = map_piece(object, window, side::next, guarded);
	return error.empty() ? parked : page_range{};
}

/* One mapping of all three pieces, the middle split off by MADV_DONTFORK. */
static std::string split_by_advice(const backing_object &object,
				   const page_range &window, side guarded)
{
	if (!object.map(window.pages, 0, window.base))
		return "mmap: " + errno_name(errno);
	if (advise_pages(window, piece_pages, piece_pages, MADV_DONTFORK))
		return "MADV_DONTFORK: " + errno_name(errno);
	const int error = guard_install(window, marker_page(guarded));
	return error ? "MADV_GUARD_INSTALL: " + errno_name(error) : "";
}

enum class driver { mprotect, mremap, madvise };

/*
 * Splits by `how`, asserts that the pieces are separate VMAs, merges them
 * back by the same means and asserts that one VMA is left. Returns the
 * window.
 */
static page_range split_and_merge(struct __test_metadata *_metadata,
				  const backing_object &object, driver how,
				  side guarded)
{
	const page_range window = reserve_isolated(3 * piece_pages);
	ASSERT_TRUE(window.base != nullptr);
	const page_range middle = {window.page(piece_pages), piece_pages};
	std::string error;
	page_range parked;
	int pieces = 3;
	switch (how) {
	case driver::mprotect:
		error = split_by_protection(object, window, guarded);
		break;
	case driver::mremap:
		parked = split_by_move(object, window, guarded, error);
		pieces = 2; /* the middle is parked */
		break;
	case driver::madvise:
		error = split_by_advice(object, window, guarded);
		break;
	}
	ASSERT_TRUE(error.empty())
	{
		TH_LOG("setting up prev|middle|next: %s", error.c_str());
	}
	ASSERT_EQ(pieces, vma_count(window))
	{
		TH_LOG("the pieces must be separate VMAs before the merge");
		LOG_VMAS(window);
	}
	int merge_error = 0;
	switch (how) {
	case driver::mprotect:
		if (mprotect(middle.base, middle.bytes(), object.protection()))
			merge_error = errno;
		break;
	case driver::mremap:
		if (!move_range_to(parked, middle.base).base)
			merge_error = errno;
		break;
	case driver::madvise:
		merge_error = advise_pages(middle, 0, piece_pages, MADV_DOFORK);
		break;
	}
	ASSERT_EQ(0, merge_error)
	{
		TH_LOG("merging back: %s", errno_name(merge_error).c_str());
	}
	ASSERT_EQ(1, vma_count(window))
	{
		TH_LOG("prev|middle|next did not merge into one VMA");
		LOG_VMAS(window);
	}
	return window;
}

static void check_merged_keeps_gu(struct __test_metadata *_metadata,
				  const backing_object &object, driver how,
				  side guarded)
{
	const page_range window =
		split_and_merge(_metadata, object, how, guarded);
	EXPECT_TRUE(every_vma_has_gu(window))
	{
		TH_LOG("the merged VMA lost the `gu` of one of its pieces");
		LOG_VMAS(window);
	}
	const auto faulting = faulting_pages(window);
	ASSERT_EQ(1, static_cast<int>(faulting.size()));
	EXPECT_EQ(static_cast<int>(marker_page(guarded)),
		  static_cast<int>(faulting[0]));
}

#define MERGE_KEEPS_GU(how, where)                                          \
	TEST_F(three_vma, how##_merge_guard_on_##where##_keeps_gu)          \
	{                                                                   \
		check_merged_keeps_gu(_metadata, self->object, driver::how, \
				      side::where);                         \
	}

MERGE_KEEPS_GU(mprotect, prev)
MERGE_KEEPS_GU(mprotect, middle)
MERGE_KEEPS_GU(mprotect, next)
/* middle: the moved VMA is the guarded one */
MERGE_KEEPS_GU(mremap, prev)
MERGE_KEEPS_GU(mremap, middle)
MERGE_KEEPS_GU(mremap, next)
MERGE_KEEPS_GU(madvise, prev)
MERGE_KEEPS_GU(madvise, middle)
MERGE_KEEPS_GU(madvise, next)

/* After the merge, removing the marker leaves `gu` and every page readable. */
static void check_remove_after_merge(struct __test_metadata *_metadata,
				     const backing_object &object, driver how,
				     side guarded)
{
	const page_range window =
		split_and_merge(_metadata, object, how, guarded);
	ASSERT_EQ(0, guard_remove(window, marker_page(guarded)));
	EXPECT_TRUE(every_vma_has_gu(window))
	{
		LOG_VMAS(window);
	}
	ASSERT_TRUE(faulting_pages(window).empty());
	for (std::size_t i = 0; i < window.pages; i++) {
		const std::size_t tag =
			*reinterpret_cast<const std::size_t *>(window.page(i));
		EXPECT_EQ(fresh_page_tag(object.kind(), i), tag)
		{
			TH_LOG("page %zu reads %zu", i, tag);
		}
	}
}

#define REMOVE_AFTER_MERGE(how, where)                                         \
	TEST_F(three_vma, remove_after_##how##_merge_keeps_gu_and_data)        \
	{                                                                      \
		check_remove_after_merge(_metadata, self->object, driver::how, \
					 side::where);                         \
	}

REMOVE_AFTER_MERGE(mprotect, next)
REMOVE_AFTER_MERGE(mremap, prev)
REMOVE_AFTER_MERGE(madvise, next)

TEST_HARNESS_MAIN
