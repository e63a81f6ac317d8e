// SPDX-License-Identifier: GPL-2.0
// Lines as one text, each ended by '\n': how the tests compare a list of
// problems or notes with what a reader would see printed.
#ifndef GUARDCHECK_TESTS_JOINED_LINES_H
#define GUARDCHECK_TESTS_JOINED_LINES_H

#include <string>
#include <vector>

inline std::string joined(const std::vector<std::string> &lines)
{
	std::string all;
	for (const std::string &l : lines)
		all += l + "\n";
	return all;
}

#endif
