// SPDX-License-Identifier: GPL-2.0
#include "file_text.h"

#include <fcntl.h>
#include <unistd.h>

std::optional<std::string> read_file_text(const std::string &path)
{
	const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return std::nullopt;
	std::string text;
	char chunk[16384];
	ssize_t got;
	while ((got = read(fd, chunk, sizeof(chunk))) > 0)
		text.append(chunk, static_cast<std::size_t>(got));
	close(fd);
	if (got < 0)
		return std::nullopt;
	return text;
}

bool write_file_text(const std::string &path, const std::string &text)
{
	const int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	const bool ok = write(fd, text.data(), text.size()) ==
			static_cast<ssize_t>(text.size());
	close(fd);
	return ok;
}
