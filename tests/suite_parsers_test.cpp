// SPDX-License-Identifier: GPL-2.0
// The suite's text parsers, fed recorded and hand-written procfs/sysfs text.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "kconfig_parse.h"
#include "slab_parse.h"
#include "smaps_parse.h"

namespace
{

std::string fixture(const std::string &name)
{
	std::ifstream in(std::string(FIXTURE_DIR) + "/" + name);
	EXPECT_TRUE(in.good()) << "missing fixture " << name;
	std::stringstream text;
	text << in.rdbuf();
	return text.str();
}

/* The .addrs file beside a recorded smaps: "<label> <start-hex> <end-hex>". */
std::pair<std::uintptr_t, std::uintptr_t>
recorded_range(const std::string &label)
{
	std::istringstream lines(
		fixture("smaps/host-6.18-guarded-split.addrs"));
	std::string name;
	std::uintptr_t start = 0, end = 0;
	while (lines >> name >> std::hex >> start >> end >> std::dec)
		if (name == label)
			return {start, end};
	ADD_FAILURE() << "no range " << label;
	return {0, 0};
}

} // namespace

TEST(smaps_parse, recorded_host_smaps_has_every_vma)
{
	const auto text = fixture("smaps/host-6.18-guarded-split.smaps");
	const auto vmas = parse_smaps(text);
	std::size_t headers = 0;
	for (std::size_t at = text.find("VmFlags:"); at != std::string::npos;
	     at = text.find("VmFlags:", at + 1))
		headers++;
	EXPECT_EQ(headers, vmas.size());
	for (const auto &vma : vmas) {
		EXPECT_LT(vma.start, vma.end);
		EXPECT_FALSE(vma.flags.empty());
	}
}

TEST(smaps_parse, guarded_range_split_by_mprotect_is_three_vmas_with_gu)
{
	const auto vmas =
		parse_smaps(fixture("smaps/host-6.18-guarded-split.smaps"));
	const auto [start, end] = recorded_range("guarded");
	const auto hits = vmas_overlapping(vmas, start, end);
	ASSERT_EQ(3u, hits.size());
	EXPECT_EQ("rw-p", hits[0].perms);
	EXPECT_EQ("r--p", hits[1].perms);
	for (const auto &vma : hits)
		EXPECT_TRUE(vma.has_flag("gu"));
}

TEST(smaps_parse, plain_anonymous_range_has_no_gu)
{
	const auto vmas =
		parse_smaps(fixture("smaps/host-6.18-guarded-split.smaps"));
	const auto [start, end] = recorded_range("plain");
	const auto hits = vmas_overlapping(vmas, start, end);
	ASSERT_EQ(1u, hits.size());
	EXPECT_FALSE(hits[0].has_flag("gu"));
	EXPECT_TRUE(hits[0].has_flag("wr"));
}

TEST(smaps_parse, flags_match_whole_tokens_only)
{
	const auto vmas = parse_smaps("1000-2000 rw-p 00000000 00:00 0\n"
				      "VmFlags: rd wr gux ugu mr\n");
	ASSERT_EQ(1u, vmas.size());
	EXPECT_FALSE(vmas[0].has_flag("gu"));
	EXPECT_TRUE(vmas[0].has_flag("gux"));
}

TEST(smaps_parse, path_with_spaces_and_deleted_suffix_is_kept)
{
	const auto vmas = parse_smaps(
		"7f0000000000-7f0000002000 rw-s 00004000 00:1a 77   "
		"      /tmp/a file (deleted)\nVmFlags: rd wr sh mr mw me ms "
		"gu\n");
	ASSERT_EQ(1u, vmas.size());
	EXPECT_EQ("/tmp/a file (deleted)", vmas[0].path);
	EXPECT_EQ(0x4000u, vmas[0].offset);
	EXPECT_TRUE(vmas[0].has_flag("gu"));
}

TEST(smaps_parse, junk_and_truncated_lines_are_ignored)
{
	const auto vmas = parse_smaps("garbage\n"
				      "zz-10 rw-p 0 0 0\n"
				      "1000-2000 rw-p 00000000 00:00 0\n"
				      "Rss:                   4 kB\n"
				      "VmFlags: rd wr\n"
				      "3000-4000 r--p");
	ASSERT_EQ(1u, vmas.size());
	EXPECT_EQ(0x1000u, vmas[0].start);
}

TEST(smaps_parse, overlap_counts_partial_vmas)
{
	const auto vmas = parse_smaps("1000-3000 rw-p 00000000 00:00 0\n"
				      "3000-5000 r--p 00000000 00:00 0\n"
				      "6000-7000 r--p 00000000 00:00 0\n");
	EXPECT_EQ(2u, vmas_overlapping(vmas, 0x2000, 0x4000).size());
	EXPECT_EQ(0u, vmas_overlapping(vmas, 0x5000, 0x6000).size());
	EXPECT_EQ(3u, vmas_overlapping(vmas, 0, 0x10000).size());
}

TEST(slab_parse, recorded_sysfs_objects)
{
	const auto count = parse_sysfs_slab_objects(
		fixture("slab/host-6.18-anon_vma.objects"));
	ASSERT_TRUE(count.has_value());
	EXPECT_GT(*count, 0);
}

TEST(slab_parse, sysfs_objects_with_node_breakdown)
{
	EXPECT_EQ(429, parse_sysfs_slab_objects("429 N0=400 N1=29\n"));
	EXPECT_FALSE(parse_sysfs_slab_objects("").has_value());
	EXPECT_FALSE(parse_sysfs_slab_objects("N0=4\n").has_value());
	EXPECT_FALSE(parse_sysfs_slab_objects("12abc\n").has_value());
}

TEST(slab_parse, recorded_slabinfo_names_anon_vma_caches)
{
	const auto text = fixture("slab/host-6.18.slabinfo");
	EXPECT_TRUE(parse_slabinfo_active(text, "anon_vma").has_value());
	EXPECT_TRUE(parse_slabinfo_active(text, "anon_vma_chain").has_value());
	EXPECT_FALSE(parse_slabinfo_active(text, "anon_vm").has_value());
}

TEST(slab_parse, slabinfo_takes_the_active_column_of_the_exact_name)
{
	const std::string text = "slabinfo - version: 2.1\n"
				 "anon_vma_chain       537    640     64   64  "
				 "  1 : tunables 0 0 0\n"
				 "anon_vma             429    468    104   39  "
				 "  1 : tunables 0 0 0\n";
	EXPECT_EQ(429, parse_slabinfo_active(text, "anon_vma"));
	EXPECT_EQ(537, parse_slabinfo_active(text, "anon_vma_chain"));
}

TEST(kconfig_parse, set_unset_and_absent_options)
{
	const std::string text = "CONFIG_MEM_SOFT_DIRTY=y\n"
				 "# CONFIG_READ_ONLY_THP_FOR_FS is not set\n"
				 "CONFIG_NR_CPUS=64\n"
				 "CONFIG_CMDLINE=\"slab_nomerge\"\n";
	EXPECT_EQ("y", kconfig_lookup(text, "CONFIG_MEM_SOFT_DIRTY"));
	EXPECT_EQ("n", kconfig_lookup(text, "CONFIG_READ_ONLY_THP_FOR_FS"));
	EXPECT_EQ("64", kconfig_lookup(text, "CONFIG_NR_CPUS"));
	EXPECT_EQ("\"slab_nomerge\"", kconfig_lookup(text, "CONFIG_CMDLINE"));
	EXPECT_FALSE(kconfig_lookup(text, "CONFIG_MEM").has_value());
	EXPECT_FALSE(kconfig_lookup(text, "CONFIG_IO_URING").has_value());
}
