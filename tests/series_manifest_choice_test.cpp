// SPDX-License-Identifier: GPL-2.0
// series-check without a tree: the manifest is the one the series fits.
#include "series/intake.h"
#include "series/manifest_choice.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace fs = std::filesystem;
using namespace guardcheck::series;

namespace
{

const fs::path repo = fs::path(FIXTURE_DIR).parent_path().parent_path();
const fs::path real = repo.parent_path() / "shared/series";
const std::string manifests = (repo / "patches").string();
const std::string upstream = manifests + "/upstream-v6.19.manifest";

} // namespace

TEST(manifest_choice, the_real_6_18_37_backport_meets_the_stable_manifest)
{
	if (!fs::is_directory(real / "stable-6.18.37"))
		GTEST_SKIP() << real << "/stable-6.18.37 is not here (the real "
			     << "texts live outside the repository)";
	const manifest_choice c = choose_manifest_by_fit(
		manifests, load((real / "stable-6.18.37").string(), ""),
		upstream);
	EXPECT_EQ(fs::path(c.path).filename(), "stable-6.18.y.manifest");
	EXPECT_NE(c.why.find("stable-6.18.y.manifest 0"), std::string::npos)
		<< c.why;
	EXPECT_NE(c.why.find("upstream-v6.19.manifest 3"), std::string::npos)
		<< c.why;
}

TEST(manifest_choice, the_upstream_posting_meets_the_upstream_manifest)
{
	if (!fs::is_regular_file(real / "upstream-v4.mbox"))
		GTEST_SKIP() << real << "/upstream-v4.mbox is not here (the "
			     << "real texts live outside the repository)";
	const manifest_choice c = choose_manifest_by_fit(
		manifests, load((real / "upstream-v4.mbox").string(), ""),
		upstream);
	EXPECT_EQ(c.path, upstream) << c.why;
	EXPECT_EQ(c.why.find("a tie"), std::string::npos) << c.why;
}

TEST(manifest_choice, a_tie_goes_to_the_default_and_says_so)
{
	const fs::path fixtures = fs::path(FIXTURE_DIR) / "series";
	const patch_series s = load((fixtures / "good.mbox").string(), "");
	const manifest_choice c =
		choose_manifest_by_fit(manifests, s, upstream);
	// The fixture series is of neither: both manifests miss all of it.
	EXPECT_EQ(c.path, upstream) << c.why;
	EXPECT_NE(c.why.find("a tie, so the default upstream-v6.19.manifest"),
		  std::string::npos)
		<< c.why;
}

TEST(manifest_choice, a_directory_without_manifests_is_named)
{
	const fs::path fixtures = fs::path(FIXTURE_DIR) / "series";
	const patch_series s = load((fixtures / "good.mbox").string(), "");
	try {
		choose_manifest_by_fit((fixtures / "encodings").string(), s,
				       upstream);
		FAIL() << "no manifest there, yet one was chosen";
	} catch (const std::runtime_error &e) {
		EXPECT_NE(std::string(e.what()).find("holds no *.manifest"),
			  std::string::npos)
			<< e.what();
	}
}
