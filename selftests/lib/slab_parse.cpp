// SPDX-License-Identifier: GPL-2.0
#include "slab_parse.h"

#include <algorithm>
#include <charconv>

namespace
{

std::optional<long> leading_number(std::string_view text)
{
	const auto begin = text.find_first_not_of(" \t");
	if (begin == std::string_view::npos)
		return std::nullopt;
	text.remove_prefix(begin);
	long value = 0;
	const auto result =
		std::from_chars(text.data(), text.data() + text.size(), value);
	if (result.ec != std::errc() || result.ptr == text.data())
		return std::nullopt;
	if (result.ptr != text.data() + text.size() &&
	    std::string_view(" \t\n").find(*result.ptr) ==
		    std::string_view::npos)
		return std::nullopt;
	return value;
}

} // namespace

std::optional<long> parse_sysfs_slab_objects(std::string_view text)
{
	return leading_number(text);
}

std::optional<long> parse_slabinfo_active(std::string_view text,
					  std::string_view cache)
{
	while (!text.empty()) {
		const auto eol = std::min(text.find('\n'), text.size());
		const auto line = text.substr(0, eol);
		text.remove_prefix(std::min(eol + 1, text.size()));
		const auto name_end = line.find_first_of(" \t");
		if (name_end == std::string_view::npos ||
		    line.substr(0, name_end) != cache)
			continue;
		return leading_number(line.substr(name_end));
	}
	return std::nullopt;
}
