// SPDX-License-Identifier: GPL-2.0
// A world in which `guardcheck boot` runs end to end without building or
// booting a kernel: a fake kernel step (called as the real qemu/kbuild.sh
// is: ARCH TREE, the build directory printed last), an arch record whose
// emulator replays a recorded console, and a copy of the guest's programs.
// A tree's file "state" decides: "good" boots and passes, "bad" boots and
// fails, "unbuildable" does not build.
#ifndef GUARDCHECK_TESTS_FAKE_CELL_H
#define GUARDCHECK_TESTS_FAKE_CELL_H

#include "scratch_dir.h"
#include "shell_run.h"

#include <filesystem>
#include <fstream>
#include <string>

class fake_cell
{
public:
	fake_cell()
	{
		namespace fs = std::filesystem;
		const fs::path d = dir_.path();
		fs::create_directories(d / "records");
		fs::create_directories(d / "programs" / "selftests");
		fs::create_directories(d / "programs" / "benchmarks");
		fs::create_directories(d / "cache");
		write(d / "programs" / "guardcheck-init", "#!/bin/sh\n", true);
		write(d / "programs" / "selftests" / "tests.list", "");
		write(d / "programs" / "benchmarks" / "bench.list", "");
		const std::string consoles =
			std::string(FIXTURE_DIR) + "/console/";
		// The emulator: replays a passing or a failing console,
		// chosen by the kernel image's content.
		write(d / "fake-qemu",
		      "#!/bin/sh\n"
		      "while [ $# -gt 0 ]; do [ \"$1\" = -kernel ] && "
		      "kernel=$2; shift; done\n"
		      "case $(cat \"$kernel\") in\n"
		      "good) exec cat '" +
			      consoles +
			      "arm64-6.19.10-pass.log' ;;\n"
			      "*) exec cat '" +
			      consoles +
			      "x86_64-6.18.12-old-hack.log' ;;\n"
			      "esac\n",
		      true);
		record("arm64", "");
		// The kernel step: the image is the tree's state.
		write(d / "fake-kbuild",
		      "#!/bin/sh\n"
		      "state=$(cat \"$2/state\")\n"
		      "[ \"$state\" = unbuildable ] && { echo \"kbuild: "
		      "$2 does not build\" >&2; exit 2; }\n"
		      "b=$GUARDCHECK_CACHE/kbuild/$1-6.19.10-$state\n"
		      "mkdir -p \"$b/arch/arm64/boot\" \"$b/usr\"\n"
		      "printf '%s\\n' \"$state\" "
		      ">\"$b/arch/arm64/boot/Image\"\n"
		      "echo CONFIG_FAKE=y >\"$b/.config\"\n"
		      "printf '#!/bin/sh\\ncat \"$1\"\\n' "
		      ">\"$b/usr/gen_init_cpio\"\n"
		      "chmod +x \"$b/usr/gen_init_cpio\"\n"
		      "echo \"$b\"\n",
		      true);
	}

	// The arch record (more: extra KEY=value lines).
	void record(const std::string &arch, const std::string &more)
	{
		write(dir_.path() / "records" / (arch + ".conf"),
		      "QEMU=" + (dir_.path() / "fake-qemu").string() +
			      "\nMACHINE=virt\nCPU=max\nMEMORY=512M\n"
			      "CMDLINE=console=ttyAMA0\nTIMEOUT_FACTOR=1.0\n"
			      "POWEROFF=poweroff\nIMAGE=arch/arm64/boot/"
			      "Image\n" +
			      more);
	}

	// A kernel tree as `guardcheck tree` accepts it.
	static void make_tree(const std::filesystem::path &t,
			      const std::string &state)
	{
		std::filesystem::create_directories(t /
						    "tools/testing/selftests");
		write(t / "Makefile", "VERSION = 6\nPATCHLEVEL = 19\n");
		write(t / "Kbuild", "");
		write(t / "tools/testing/selftests/kselftest_harness.h", "");
		write(t / "state", state + "\n");
	}

	// GUARDCHECK_CACHE=... guardcheck boot ... for the tree, in the fake
	// world; more: further words.
	std::string boot_command(const std::filesystem::path &tree,
				 const std::string &run_dir,
				 const std::string &more = "") const
	{
		const std::filesystem::path d = dir_.path();
		return "env GUARDCHECK_CACHE='" + (d / "cache").string() +
		       "' '" + std::string(GUARDCHECK_BIN) +
		       "' boot --arch arm64 --kdir '" + tree.string() +
		       "' --kbuild '" + (d / "fake-kbuild").string() +
		       "' --arch-records '" + (d / "records").string() +
		       "' --guest-programs '" + (d / "programs").string() +
		       "' --out '" + (d / "out").string() + "' --run-dir '" +
		       run_dir + "' " + more;
	}

	const std::filesystem::path &path() const
	{
		return dir_.path();
	}

	static void write(const std::filesystem::path &p,
			  const std::string &text, bool executable = false)
	{
		std::ofstream(p) << text;
		if (executable)
			std::filesystem::permissions(
				p, std::filesystem::perms::owner_all,
				std::filesystem::perm_options::add);
	}

private:
	scratch_dir dir_;
};

#endif
