// SPDX-License-Identifier: GPL-2.0
#include "series/manifest_choice.h"

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include "series/manifest.h"

namespace guardcheck::series
{

namespace fs = std::filesystem;

manifest_choice choose_manifest_by_fit(const std::string &dir,
				       const patch_series &s,
				       const std::string &fallback)
{
	struct fit {
		std::string path;
		std::size_t problems;
	};
	std::vector<fit> fits;
	for (const fs::directory_entry &e : fs::directory_iterator(dir))
		if (e.path().extension() == ".manifest")
			fits.push_back({e.path().string(),
					verify(s, load_manifest(e.path()))
						.problems.size()});
	if (fits.empty())
		throw std::runtime_error(
			dir + " holds no *.manifest; give --manifest");
	std::sort(fits.begin(), fits.end(), [](const fit &a, const fit &b) {
		return a.problems != b.problems ? a.problems < b.problems
						: a.path < b.path;
	});
	std::string counts;
	for (const fit &f : fits)
		counts += (counts.empty() ? "" : ", ") +
			  fs::path(f.path).filename().string() + " " +
			  std::to_string(f.problems);
	const bool tie =
		fits.size() > 1 && fits[0].problems == fits[1].problems;
	manifest_choice c;
	c.path = tie ? fallback : fits[0].path;
	c.why = "no tree given, so the manifest is the one the series fits "
		"best (problems: " +
		counts + ")" +
		(tie ? "; a tie, so the default " +
				 fs::path(fallback).filename().string()
		     : "") +
		"; KVER=, KDIR= or MANIFEST= choose it";
	return c;
}

} // namespace guardcheck::series
