/* SPDX-License-Identifier: GPL-2.0 */
/* The kinds of memory a guard region can sit in, and mappings of them. */
#ifndef GUARD_BACKING_H
#define GUARD_BACKING_H

#include <cstddef>
#include <string>

#include "guard_mm.h"

enum class backing_kind {
	anon,	       /* MAP_PRIVATE | MAP_ANONYMOUS */
	shmem,	       /* memfd, MAP_SHARED */
	file_shared,   /* regular file, MAP_SHARED, read-write */
	file_private,  /* regular file, MAP_PRIVATE, read-write */
	file_readonly, /* regular file opened O_RDONLY, MAP_PRIVATE, PROT_READ
			*/
};

const char *backing_name(backing_kind kind);
bool backing_is_file(backing_kind kind); /* has a vm_file: all but anon */

/* Fixture variants: which backing a fixture's tests run on. */
struct backing_variant {
	backing_kind kind;
};

/*
 * The object behind a mapping (nothing for anon, an fd otherwise). Regular
 * files are created in $GUARD_FILE_DIR (default: the current directory) and
 * unlinked at once, so nothing is left behind. Trivially destructible so it
 * can sit in harness fixture data (which the harness zero-fills); every test
 * runs in its own process, whose exit closes the fd.
 */
class backing_object
{
public:
	/* Creates an object of `pages` pages; returns "" or why it failed. */
	std::string create(backing_kind kind, std::size_t pages);

	/*
	 * Maps `pages` pages starting at page `page_offset` of the object, at
	 * `address` (MAP_FIXED) when given. nullptr on failure, with errno.
	 */
	void *map(std::size_t pages, std::size_t page_offset = 0,
		  void *address = nullptr, int extra_flags = 0) const;
	page_range map_range(std::size_t pages, std::size_t page_offset = 0,
			     void *address = nullptr,
			     int extra_flags = 0) const;

	int protection() const; /* the protection map() uses */
	/* A protection that differs from protection(), so VMAs do not merge.
	 */
	int other_protection() const;
	backing_kind kind() const
	{
		return kind_;
	}
	int fd() const
	{
		return fd_;
	}

private:
	backing_kind kind_ = backing_kind::anon;
	int fd_ = -1;
};

/*
 * The word a page of a fresh object starts with: regular files are created
 * with each page's index + 1 there, anon and shmem memory reads zero.
 */
std::size_t fresh_page_tag(backing_kind kind, std::size_t object_page);

/* Where regular files for file backings live, and the filesystem's name. */
std::string file_backing_dir();
std::string filesystem_name(const std::string &path);

#endif
