/* SPDX-License-Identifier: GPL-2.0 */
/* Parsing of /proc/PID/smaps text; no system calls, so it is unit-tested on
 * recorded text. */
#ifndef GUARD_SMAPS_PARSE_H
#define GUARD_SMAPS_PARSE_H

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

struct vma_entry {
	std::uintptr_t start = 0;
	std::uintptr_t end = 0;
	std::string perms;
	std::uint64_t offset = 0;
	std::string path;
	std::vector<std::string>
		flags; /* VmFlags tokens, in the kernel's order */

	bool has_flag(std::string_view flag) const;
};

/* Every VMA in the text, in order. Malformed lines are ignored. */
std::vector<vma_entry> parse_smaps(std::string_view text);

/* The VMAs that overlap [start, end). */
std::vector<vma_entry> vmas_overlapping(const std::vector<vma_entry> &vmas,
					std::uintptr_t start,
					std::uintptr_t end);

#endif
