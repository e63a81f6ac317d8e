// SPDX-License-Identifier: GPL-2.0
// Golden: the emulator's command line every qemu/arch/*.conf record gives
// (tests/fixtures/qemu-cmdline/<arch>.txt, one word a line). A change to a
// record or to how the command line is made shows here first.
#include "arch/arch_record.h"
#include "shell_run.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

namespace
{

TEST(qemu_cmdline, every_arch_record_matches_its_golden_file)
{
	const std::string records = (repo_root / "qemu" / "arch").string();
	const auto arches = guardcheck::arch::known_arches(records);
	ASSERT_FALSE(arches.empty());
	for (const std::string &a : arches) {
		const auto rec = guardcheck::arch::load_record(
			std::string(records).append("/").append(a).append(
				".conf"));
		std::string got;
		for (const std::string &w : guardcheck::arch::qemu_argv(
			     rec, "KERNEL", "INITRD", "guardcheck.timeout=240"))
			got += w + "\n";
		std::ifstream in(std::string(FIXTURE_DIR) + "/qemu-cmdline/" +
				 a + ".txt");
		const std::string want(std::istreambuf_iterator<char>(in), {});
		EXPECT_EQ(want, got) << a << ": update tests/fixtures/"
				     << "qemu-cmdline/" << a << ".txt";
	}
}

} // namespace
