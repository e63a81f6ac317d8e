// SPDX-License-Identifier: GPL-2.0
// The private apt index (scripts/apt-private.sh) when apt-get update fails:
// one suite refused (a mirror snapshot's sid past its Valid-Until, as a
// fresh Debian 12 root met it) leaves the suites apt did fetch usable; with
// none fetched the error is apt's own and names the fix. apt-get is a fake
// that prints what the real one printed and exits 100.
#include "scratch_dir.h"
#include "shell_run.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;

namespace
{

constexpr const char *expired =
	"E: Release file for http://deb.debian.org/debian/dists/sid/InRelease "
	"is expired (invalid since 25d 22h 13min 39s). Updates for this "
	"repository will not be applied.";

// Runs apt_private_update with the fake apt-get; fetched: the suites whose
// Sources the fake leaves behind.
shell_outcome update(const scratch_dir &d, const std::string &error,
		     const std::string &fetched)
{
	const fs::path bin = d.path() / "bin";
	const fs::path lists = d.path() / "state" / "lists";
	fs::create_directories(bin);
	fs::create_directories(lists);
	{
		std::ofstream f(bin / "apt-get");
		f << "#!/bin/sh\n";
		for (std::size_t at = 0; at < fetched.size();) {
			const std::size_t sp = fetched.find(' ', at);
			const std::string suite = fetched.substr(
				at, sp == std::string::npos ? sp : sp - at);
			f << ": >'" << lists.string()
			  << "/deb.debian.org_debian_dists_" << suite
			  << "_main_source_Sources'\n";
			at = sp == std::string::npos ? fetched.size() : sp + 1;
		}
		f << "echo '" << error << "'\nexit 100\n";
	}
	fs::permissions(bin / "apt-get", fs::perms::owner_all);
	return run_in_repo(
		"PATH='" + bin.string() +
		"':$PATH bash -c '. scripts/apt-private.sh; "
		"say() { echo \"say: $*\"; }; die() { echo \"die: $*\"; exit "
		"2; }; apt_opts=(); apt_private_update \"$0\"; echo "
		"went-on' '" +
		(d.path() / "state").string() + "'");
}

TEST(apt_update, a_refused_suite_leaves_the_fetched_ones_usable)
{
	const scratch_dir d;
	const shell_outcome r = update(d, expired, "trixie-backports trixie");
	EXPECT_EQ(0, r.status) << r.output;
	EXPECT_NE(r.output.find("say: apt-get update refused part of the "
				"archive (Release file for "
				"http://deb.debian.org/debian/dists/sid/"
				"InRelease is expired"),
		  std::string::npos)
		<< r.output;
	EXPECT_NE(r.output.find("index it has: trixie trixie-backports\n"),
		  std::string::npos)
		<< r.output;
	EXPECT_NE(r.output.find("went-on"), std::string::npos) << r.output;
}

TEST(apt_update, nothing_fetched_is_apt_s_error_with_the_fix)
{
	const scratch_dir d;
	const shell_outcome r = update(d, expired, "");
	EXPECT_EQ(2, r.status) << r.output;
	EXPECT_NE(r.output.find("die: apt-get update: Release file for"),
		  std::string::npos)
		<< r.output;
	EXPECT_NE(r.output.find("Acquire::Check-Valid-Until \"false\""),
		  std::string::npos)
		<< r.output;
	const shell_outcome off = update(
		scratch_dir(), "E: Could not resolve deb.debian.org", "");
	EXPECT_EQ(2, off.status) << off.output;
	EXPECT_NE(off.output.find("failed: Could not resolve deb.debian.org"),
		  std::string::npos)
		<< off.output;
	EXPECT_NE(off.output.find("is the Debian archive reachable?"),
		  std::string::npos)
		<< off.output;
}

} // namespace
