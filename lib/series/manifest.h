// SPDX-License-Identifier: GPL-2.0
// A series manifest (patches/*.manifest): the upstream commits a series is
// expected to carry, in order, with the files each touches and the suite
// checks each is expected to flip.
#ifndef GUARDCHECK_SERIES_MANIFEST_H
#define GUARDCHECK_SERIES_MANIFEST_H

#include <string>
#include <string_view>
#include <vector>

namespace guardcheck::series
{

struct manifest_entry {
	int position = 0; // 1..N; 0 for the optional ones ("+", "~")
	// '+' a known follow-up a series may carry; '~' posted with the
	// series but not released (a series carrying it is not wrong for
	// that, and not flagged extra); 0 for a numbered position.
	char optional = 0;
	std::string sha; // 12 hex digits
	std::string subject;
	std::vector<std::string> files;
	std::vector<std::string> checks; // expected to flip fail -> pass
	// "!check" in the checks column: this patch alone breaks the check
	// (pass -> fail) and a later entry fixes it; measured, not a
	// regression of the series.
	std::vector<std::string> breaks;
	bool required() const
	{
		return position > 0;
	}
	bool posted_not_released() const
	{
		return optional == '~';
	}
	std::string label() const; // "5 ab04b530e7e8", "+ 35e247032606"
};

struct manifest {
	std::string path;
	std::vector<manifest_entry> entries;
	int required_count() const;
};

// Throws std::runtime_error naming the file and line on a bad line.
manifest parse_manifest(std::string_view text, const std::string &path);
manifest load_manifest(const std::string &path);

// The manifest for a tree's version: 6.18.y -> stable-6.18.y.manifest,
// anything else -> upstream-v6.19.manifest, both under dir.
std::string default_manifest(const std::string &dir,
			     const std::string &kernel_version);

// "6.18.12" from a tree's top-level Makefile; "" when it has none.
std::string tree_version(const std::string &tree);

// True when one SHA is a prefix of the other (both at least 7 digits).
bool same_sha(std::string_view a, std::string_view b);

} // namespace guardcheck::series

#endif
