// SPDX-License-Identifier: GPL-2.0
// The time a run directory is named by: 20261201-231650 (local time).
#ifndef GUARDCHECK_RUN_STAMP_H
#define GUARDCHECK_RUN_STAMP_H

#include <ctime>
#include <string>

namespace guardcheck::run
{

inline std::string stamp()
{
	const std::time_t now = std::time(nullptr);
	std::tm local{};
	localtime_r(&now, &local);
	char buf[32];
	std::strftime(buf, sizeof(buf), "%Y%m%d-%H%M%S", &local);
	return buf;
}

} // namespace guardcheck::run

#endif
