// SPDX-License-Identifier: GPL-2.0
// A recorded console fed line by line into the host runner's intake, as
// the emulator's output reaches it (a last line without '\n' included).
#ifndef GUARDCHECK_TESTS_RECORDED_CONSOLE_H
#define GUARDCHECK_TESTS_RECORDED_CONSOLE_H

#include <string>
#include <string_view>

#include "report/console_intake.h"

inline void feed_recording(guardcheck::report::console_intake &console,
			   std::string_view bytes)
{
	for (std::size_t start = 0; start < bytes.size();) {
		std::size_t nl = bytes.find('\n', start);
		if (nl == std::string_view::npos)
			nl = bytes.size();
		console.feed(bytes.substr(start, nl - start));
		start = nl + 1;
	}
}

#endif
