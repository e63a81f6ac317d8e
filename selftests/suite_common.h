/* SPDX-License-Identifier: GPL-2.0 */
/* What every area of the suite shares: the harness, the helpers, the backings.
 */
#ifndef GUARD_SUITE_COMMON_H
#define GUARD_SUITE_COMMON_H

#include <string>

#include "backing.h"
#include "child.h"
#include "guard_mm.h"
#include "harness_compat.h"
#include "kernel_facts.h"

/* Skips the calling test (or fixture setup) when `gap` names a missing feature.
 */
#define SKIP_IF_GAP(gap_expression)                         \
	do {                                                \
		const std::string &gap_ = (gap_expression); \
		if (!gap_.empty())                          \
			SKIP(return, "%s", gap_.c_str());   \
	} while (0)

#define GUARD_VARIANT(fixture, kind)                      \
	GUARD_VARIANT_ADD(fixture, kind, backing_variant) \
	{                                                 \
		backing_kind::kind                        \
	}

#define GUARD_FILE_BACKINGS(fixture)          \
	GUARD_VARIANT(fixture, shmem);        \
	GUARD_VARIANT(fixture, file_shared);  \
	GUARD_VARIANT(fixture, file_private); \
	GUARD_VARIANT(fixture, file_readonly)

#define GUARD_ALL_BACKINGS(fixture)   \
	GUARD_VARIANT(fixture, anon); \
	GUARD_FILE_BACKINGS(fixture)

/*
 * FIXTURE_SETUP body for fixtures whose tests work on one mapping of one
 * backing (members `kind`, `object`, `range`): `object` gets `object_pages`
 * pages and `range` maps its first `mapped_pages`. Skips without guard
 * support.
 */
#define SETUP_BACKED_MAPPING(object_pages, mapped_pages)                    \
	do {                                                                \
		self->kind = guard_variant<backing_variant>(variant).kind;  \
		SKIP_IF_GAP(guard_support_gap(self->kind));                 \
		const std::string error_ =                                  \
			self->object.create(self->kind, (object_pages));    \
		ASSERT_TRUE(error_.empty())                                 \
		{                                                           \
			TH_LOG("creating the backing: %s", error_.c_str()); \
		}                                                           \
		self->range = self->object.map_range(mapped_pages);         \
		ASSERT_TRUE(self->range.base != nullptr)                    \
		{                                                           \
			TH_LOG("mmap: %s", errno_name(errno).c_str());      \
		}                                                           \
	} while (0)

/* Logs the VMAs of `range` as the test sees them, to explain a failure. */
#define LOG_VMAS(range)                                                \
	do {                                                           \
		for (const auto &vma_ : current_vmas_in(range)) {      \
			std::string flags_;                            \
			for (const auto &flag_ : vma_.flags)           \
				flags_ += " " + flag_;                 \
			TH_LOG("vma %lx-%lx %s flags:%s",              \
			       static_cast<unsigned long>(vma_.start), \
			       static_cast<unsigned long>(vma_.end),   \
			       vma_.perms.c_str(), flags_.c_str());    \
		}                                                      \
	} while (0)

#endif
