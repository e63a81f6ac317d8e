// SPDX-License-Identifier: GPL-2.0
#include "run/tree.h"

#include "run/leaf.h"

namespace guardcheck::run
{

namespace
{

std::string path_of(const leaf &l, int &exit_code)
{
	const leaf_result r = run_leaf(l);
	exit_code = r.exit_code;
	if (r.exit_code == 0 && r.last_line.empty())
		exit_code = 2;
	return exit_code == 0 ? r.last_line : "";
}

} // namespace

std::string resolve_tree(const project &p, const tree_request &t,
			 int &exit_code)
{
	leaf l;
	l.argv = {(p.repo / "scripts" / "kernel-tree.sh").string()};
	l.env = {"KDIR=" + t.kdir,	"KVER=" + t.kver,
		 "SERIES=" + t.series,	"MANIFEST=" + t.manifest,
		 "O=" + p.out.string(), "GUARDCHECK_CACHE=" + p.cache.string()};
	return path_of(l, exit_code);
}

std::string build_kernel(const project &p, const kernel_request &k,
			 int &exit_code)
{
	leaf l;
	l.argv = {k.kbuild.empty() ? (p.repo / "qemu" / "kbuild.sh").string()
				   : k.kbuild,
		  k.arch, k.tree};
	l.env = {"KCONFIG_ADD=" + k.kconfig_add,
		 std::string("DEBUG=") + (k.debug ? "1" : "0"),
		 "SERIES=" + k.series,
		 "GUARDCHECK_CACHE=" + p.cache.string(),
		 std::string("V=") + (p.verbose ? "1" : "0"),
		 "MAKEFLAGS",
		 "MFLAGS",
		 "MAKELEVEL"};
	if (!k.series_id.empty())
		l.env.push_back("SERIES_ID=" + k.series_id);
	return path_of(l, exit_code);
}

} // namespace guardcheck::run
