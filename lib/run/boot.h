// SPDX-License-Identifier: GPL-2.0
// `guardcheck boot`: one cell from a tree to a verdict. Resolve the tree
// (run/tree.h), build the suite and the guest's init (make),
// the kernel (qemu/kbuild.sh) and the initramfs (qemu/mkinitramfs.sh), then
// boot it (boot_cell.h) unless the result cache holds the result of the
// same inputs (result_key.h).
#ifndef GUARDCHECK_RUN_BOOT_H
#define GUARDCHECK_RUN_BOOT_H

#include <filesystem>
#include <string>

namespace guardcheck::run
{

// Where the project's files are, and where things go.
struct project {
	std::filesystem::path repo;  // the checkout: scripts/, qemu/, Makefile
	std::filesystem::path out;   // O= (absolute)
	std::filesystem::path cache; // GUARDCHECK_CACHE
	std::string make = "make";
	bool verbose = false; // V=1
	// O= as make in repo is given it: relative when out is inside the
	// checkout (as `make` itself names its targets there), else absolute.
	// The .d files record targets by that name; a run that named the same
	// objects otherwise would find no dependencies and keep stale objects.
	std::string out_for_make() const;
};

struct boot_options {
	std::string arch;
	std::string kdir, kver, series, series_id; // the tree (run/tree.h)
	std::string append;			   // QEMU_APPEND
	std::string qemu_timeout, test_timeout;	   // seconds; "" default
	std::string run_dir, runs_base;
	std::string kconfig_add;
	bool debug = false;
	// GUEST_PROGRAMS: boot with the init, selftests/ and benchmarks/
	// found there instead of building them.
	std::string guest_programs;
	// KERNEL_BUILD: boot the image built there (mutants) from this tree.
	std::string kernel_build;
	bool result_cache = false, force = false;
	// ACCEL= (tcg, kvm; "" KVM when usable) and BENCH_CLOCK= (icount,
	// wall; "" icount under TCG) of run/emulation.h.
	std::string accel, bench_clock;
	// The kernel step; "" is qemu/kbuild.sh. Called as CMD ARCH TREE, it
	// prints the build directory last (tests give a fake one).
	std::string kbuild;
	// Where the arch records are; "" is qemu/arch.
	std::string arch_records;
};

// 0 PASS, 1 FAIL, 2 no verdict (also every failure before the boot). The
// run directory's path is the last line printed.
int boot(const project &p, const boot_options &o);

} // namespace guardcheck::run

#endif
