/* SPDX-License-Identifier: GPL-2.0 */
/* Parsing of slab statistics text (/sys/kernel/slab/<cache>/objects,
 * /proc/slabinfo). */
#ifndef GUARD_SLAB_PARSE_H
#define GUARD_SLAB_PARSE_H

#include <optional>
#include <string_view>

/* "429 N0=429\n" -> 429 */
std::optional<long> parse_sysfs_slab_objects(std::string_view text);

/* The active_objs column of the line naming `cache` in /proc/slabinfo. */
std::optional<long> parse_slabinfo_active(std::string_view text,
					  std::string_view cache);

#endif
