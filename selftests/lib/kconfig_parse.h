/* SPDX-License-Identifier: GPL-2.0 */
/* Parsing of a kernel .config text. */
#ifndef GUARD_KCONFIG_PARSE_H
#define GUARD_KCONFIG_PARSE_H

#include <optional>
#include <string>
#include <string_view>

/*
 * The value of `option` ("CONFIG_FOO"): "y", "m", a string or number;
 * "n" for "# CONFIG_FOO is not set"; nullopt when the text does not name it.
 */
std::optional<std::string> kconfig_lookup(std::string_view text,
					  std::string_view option);

#endif
