// SPDX-License-Identifier: GPL-2.0
#include "kernel_facts.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include "file_text.h"
#include "kconfig_parse.h"
#include "slab_parse.h"

std::string guard_support_gap(backing_kind kind)
{
	backing_object object;
	if (auto error = object.create(kind, 1); !error.empty())
		return std::string("cannot create ") + backing_name(kind) +
		       " backing: " + error;
	const page_range range = object.map_range(1);
	if (!range.base)
		return std::string("cannot map ") + backing_name(kind) +
		       " backing: " + errno_name(errno);
	const int error = guard_install(range, 0);
	munmap(range.base, range.bytes());
	if (error == 0)
		return "";
	if (error != EINVAL)
		return "MADV_GUARD_INSTALL failed with " + errno_name(error);
	if (kind == backing_kind::anon)
		return "kernel has no guard regions (MADV_GUARD_INSTALL: "
		       "EINVAL; "
		       "they arrived in v6.13)";
	if (guard_support_gap(backing_kind::anon).empty())
		return std::string("kernel guards anonymous memory only "
				   "(v6.13-v6.14); ") +
		       backing_name(kind) + " guards arrived in v6.15";
	return guard_support_gap(backing_kind::anon);
}

namespace
{

std::optional<std::string> config_text()
{
	if (const char *path = getenv("GUARD_KCONFIG"); path && *path)
		return read_file_text(path);
	if (access("/proc/config.gz", R_OK) == 0) {
		if (FILE *pipe =
			    popen("zcat /proc/config.gz 2>/dev/null", "r")) {
			std::string text;
			char chunk[8192];
			std::size_t got;
			while ((got = fread(chunk, 1, sizeof(chunk), pipe)) > 0)
				text.append(chunk, got);
			if (pclose(pipe) == 0 && !text.empty())
				return text;
		}
	}
	utsname uts = {};
	uname(&uts);
	return read_file_text(std::string("/boot/config-") + uts.release);
}

const std::optional<std::string> &cached_config_text()
{
	static const std::optional<std::string> text = config_text();
	return text;
}

} // namespace

std::optional<std::string> kernel_config(const std::string &option)
{
	const auto &text = cached_config_text();
	if (!text)
		return std::nullopt;
	return kconfig_lookup(*text, option);
}

std::string describe_config(const std::string &option)
{
	const auto value = kernel_config(option);
	if (!value && cached_config_text())
		return option + " is absent from this kernel's config (not "
				"offered on this arch, or a dependency is off)";
	if (!value)
		return option +
		       " unknown (no kernel config: set GUARD_KCONFIG)";
	if (*value == "n")
		return option + " is not set";
	return option + "=" + *value;
}

std::optional<long> slab_objects(const std::string &cache)
{
	/*
	 * SLUB counts the free objects of per-CPU slabs as in use; shrinking
	 * hands them back first, so two counts differ by the objects really
	 * allocated in between (on SMP kernels the per-CPU partial slabs
	 * hide hundreds). Needs root and sysfs; without them a difference
	 * can miss the objects those slabs held.
	 */
	write_file_text("/sys/kernel/slab/" + cache + "/shrink", "1");
	if (auto text =
		    read_file_text("/sys/kernel/slab/" + cache + "/objects"))
		if (auto count = parse_sysfs_slab_objects(*text))
			return count;
	if (auto text = read_file_text("/proc/slabinfo"))
		return parse_slabinfo_active(*text, cache);
	return std::nullopt;
}

std::string slab_stats_gap(const std::string &cache)
{
	if (geteuid() != 0)
		return "slab statistics need root (run as root)";
	if (!slab_objects(cache))
		return "no slab statistics for " + cache +
		       " (/sys/kernel/slab/" + cache +
		       "/objects and /proc/slabinfo unreadable; " +
		       describe_config("CONFIG_SLUB_DEBUG") + ")";
	return "";
}

std::string soft_dirty_gap()
{
	/* A page written since the mapping was created is always soft-dirty. */
	void *page = mmap(nullptr, page_size(), PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		return "mmap failed: " + errno_name(errno);
	*static_cast<volatile char *>(page) = 1;
	const std::uint64_t entry = pagemap_entry(page);
	munmap(page, page_size());
	if (entry & pagemap_soft_dirty)
		return "";
	return "soft-dirty tracking unsupported (a freshly written page is "
	       "not soft-dirty; " +
	       describe_config("CONFIG_MEM_SOFT_DIRTY") + ", x86-64 only)";
}

std::size_t thp_pmd_size(std::string &gap)
{
	const auto text = read_file_text(
		"/sys/kernel/mm/transparent_hugepage/hpage_pmd_size");
	if (!text) {
		gap = "no transparent huge pages (" +
		      describe_config("CONFIG_TRANSPARENT_HUGEPAGE") + ")";
		return 0;
	}
	return std::strtoull(text->c_str(), nullptr, 10);
}
