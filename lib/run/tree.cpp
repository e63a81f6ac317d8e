// SPDX-License-Identifier: GPL-2.0
#include "run/tree.h"

#include "facts/defaults.h"
#include "run/leaf.h"
#include "run/result_key.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace guardcheck::run
{

namespace fs = std::filesystem;

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

std::string refuse(int &exit_code, const std::string &why)
{
	std::fprintf(stderr, "tree: %s\n", why.c_str());
	exit_code = 2;
	return "";
}

bool holds(const fs::path &file, const std::string &line_start)
{
	std::ifstream in(file);
	for (std::string line; std::getline(in, line);)
		if (line.rfind(line_start, 0) == 0)
			return true;
	return false;
}

// Why the suite cannot be built against this tree, with the fix; "" when
// it can.
std::string tree_problem(const fs::path &tree)
{
	if (!holds(tree / "Makefile", "VERSION = ") ||
	    !fs::is_regular_file(tree / "Kbuild"))
		return tree.string() +
		       " is not a Linux source tree (no top-level Makefile "
		       "with VERSION and Kbuild); point KDIR at the top of a "
		       "kernel tree";
	if (!fs::is_regular_file(tree / "tools/testing/selftests/"
					"kselftest_harness.h"))
		return tree.string() +
		       " has no tools/testing/selftests/kselftest_harness.h; "
		       "the suite is built against the tree's own harness, "
		       "so use a full tree (v6.13 or later)";
	return "";
}

} // namespace

std::string resolve_tree(const project &p, const tree_request &t,
			 int &exit_code)
{
	exit_code = 0;
	if (!t.kdir.empty() && !t.kver.empty())
		return refuse(exit_code, "both KDIR=" + t.kdir +
						 " and KVER=" + t.kver +
						 " are set; give one of them");
	fs::path tree;
	if (!t.kdir.empty()) {
		if (!fs::is_directory(t.kdir))
			return refuse(exit_code,
				      "KDIR=" + t.kdir +
					      " does not exist; point KDIR at "
					      "a Linux source tree or use "
					      "KVER=" +
					      facts::tree_version);
		tree = fs::absolute(t.kdir).lexically_normal();
		if (tree.has_parent_path() && tree.filename().empty())
			tree = tree.parent_path();
	} else {
		leaf fetch;
		fetch.argv = {(p.repo / "scripts" / "kernel-src.sh").string(),
			      t.kver.empty() ? "latest-6.19" : t.kver};
		fetch.env = {"GUARDCHECK_CACHE=" + p.cache.string()};
		tree = path_of(fetch, exit_code);
		if (tree.empty())
			return "";
	}
	if (const std::string why = tree_problem(tree); !why.empty())
		return refuse(exit_code, why);
	if (t.series.empty())
		return tree.string();
	// The series verb applies it into a scratch copy in the cache, never
	// into the tree: exit 1 a patch does not apply, 2 a bad series.
	leaf apply;
	apply.argv = {
		self_exe().string(), "apply", "--series",    t.series, "--tree",
		tree.string(),	     "--out", p.out.string()};
	if (!t.manifest.empty())
		apply.argv.insert(apply.argv.end(), {"--manifest", t.manifest});
	apply.env = {"GUARDCHECK_CACHE=" + p.cache.string()};
	return path_of(apply, exit_code);
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
