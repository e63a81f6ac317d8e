/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the running kernel can do, probed by behaviour where possible. Each
 * *_gap() returns "" when the feature is there, else the reason a check skips.
 */
#ifndef GUARD_KERNEL_FACTS_H
#define GUARD_KERNEL_FACTS_H

#include <cstddef>
#include <optional>
#include <string>

#include "backing.h"

std::string guard_support_gap(backing_kind kind);

/*
 * A kernel config option from $GUARD_KCONFIG (the QEMU guest gets its
 * .config there), /proc/config.gz or /boot/config-$(uname -r).
 */
std::optional<std::string> kernel_config(const std::string &option);
/* "CONFIG_FOO is not set" / "CONFIG_FOO unknown (no kernel config found)" */
std::string describe_config(const std::string &option);

/*
 * In-use objects of a slab cache, from sysfs or /proc/slabinfo, after
 * flushing the per-CPU slabs when allowed.
 */
std::optional<long> slab_objects(const std::string &cache);
std::string slab_stats_gap(const std::string &cache);

std::string soft_dirty_gap();

/* PMD-sized THP in bytes, or 0 with the reason in `gap`. */
std::size_t thp_pmd_size(std::string &gap);

#endif
