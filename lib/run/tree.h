// SPDX-License-Identifier: GPL-2.0
// The tree and kernel stages as leaf steps: scripts/kernel-tree.sh resolves
// KDIR/KVER (and applies SERIES) and prints the tree; qemu/kbuild.sh
// configures and builds it for an arch and prints the build directory.
#ifndef GUARDCHECK_RUN_TREE_H
#define GUARDCHECK_RUN_TREE_H

#include "run/boot.h"

#include <string>

namespace guardcheck::run
{

struct tree_request {
	std::string kdir, kver, series, manifest;
};

// The tree's path, or "" when kernel-tree.sh refused (its message is on
// stderr); exit_code gets its status (2 bad input, 1 a patch conflicts).
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
