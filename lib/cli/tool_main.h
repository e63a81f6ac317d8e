// SPDX-License-Identifier: GPL-2.0
// The frame every host command shares: whatever the command throws becomes
// "<tool>: <what>" on stderr and exit 2 (no verdict, bad input).
#ifndef GUARDCHECK_TOOL_MAIN_H
#define GUARDCHECK_TOOL_MAIN_H

#include <cstdio>
#include <exception>

namespace guardcheck::cli
{

template <typename Body> int tool_main(const char *tool, Body &&body)
{
	try {
		return body();
	} catch (const std::exception &e) {
		std::fprintf(stderr, "%s: %s\n", tool, e.what());
		return 2;
	}
}

} // namespace guardcheck::cli

#endif
