// SPDX-License-Identifier: GPL-2.0
// The tree and kernel stages: resolve_tree checks KDIR or fetches KVER
// (scripts/kernel-src.sh, a leaf) and applies SERIES through the driver's
// apply verb; qemu/kbuild.sh configures and builds it for an arch and
// prints the build directory.
#ifndef GUARDCHECK_RUN_TREE_H
#define GUARDCHECK_RUN_TREE_H

#include "run/boot.h"

#include <string>

namespace guardcheck::run
{

struct tree_request {
	std::string kdir, kver, series, manifest;
};

// The tree's path (with SERIES, the applied copy), or "" with the reason
// on stderr; exit_code gets the status (2 bad input, 1 a patch conflicts).
// KDIR is only read.
std::string resolve_tree(const project &p, const tree_request &t,
			 int &exit_code);

struct kernel_request {
	std::string arch, tree, kconfig_add, series, series_id;
	bool debug = false;
	std::string kbuild; // "": qemu/kbuild.sh
};

// The build directory, or "" with exit_code set (kbuild.sh's message is on
// stderr).
std::string build_kernel(const project &p, const kernel_request &k,
			 int &exit_code);

} // namespace guardcheck::run

#endif
