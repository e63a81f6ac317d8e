// SPDX-License-Identifier: GPL-2.0
#include "kconfig_parse.h"

#include <algorithm>

std::optional<std::string> kconfig_lookup(std::string_view text,
					  std::string_view option)
{
	const std::string unset = "# " + std::string(option) + " is not set";
	while (!text.empty()) {
		const auto eol = std::min(text.find('\n'), text.size());
		const auto line = text.substr(0, eol);
		text.remove_prefix(std::min(eol + 1, text.size()));
		if (line == unset)
			return "n";
		if (line.size() > option.size() && line.starts_with(option) &&
		    line[option.size()] == '=')
			return std::string(line.substr(option.size() + 1));
	}
	return std::nullopt;
}
