// SPDX-License-Identifier: GPL-2.0
// Whole files in and out, and blank trimming: what every host-side part
// needs around its own parsing.
#ifndef GUARDCHECK_TEXT_FILE_H
#define GUARDCHECK_TEXT_FILE_H

#include <filesystem>
#include <string>
#include <string_view>

namespace guardcheck::text
{

// Throw std::runtime_error("cannot read|write <path>").
std::string read_file(const std::filesystem::path &path);
void write_file(const std::filesystem::path &path, std::string_view text);

// Without leading and trailing white space.
std::string_view trim(std::string_view s);

} // namespace guardcheck::text

#endif
