/* SPDX-License-Identifier: GPL-2.0 */
/* Whole-file reads and writes of small procfs/sysfs files. */
#ifndef GUARD_FILE_TEXT_H
#define GUARD_FILE_TEXT_H

#include <optional>
#include <string>

std::optional<std::string> read_file_text(const std::string &path);
bool write_file_text(const std::string &path, const std::string &text);

#endif
