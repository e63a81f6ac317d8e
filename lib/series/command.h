// SPDX-License-Identifier: GPL-2.0
// Run a tool (git, patch, cp) with a bound and keep its output.
#ifndef GUARDCHECK_SERIES_COMMAND_H
#define GUARDCHECK_SERIES_COMMAND_H

#include <chrono>
#include <string>
#include <vector>

namespace guardcheck::series
{

struct command_result {
	bool ok = false;    // started, ended by itself, exit 0
	std::string output; // stdout (and stderr when merged)
	std::string how;    // "exit 1", "timed out after 60 s", ...
};

command_result run_command(const std::vector<std::string> &argv,
			   std::chrono::seconds bound, bool merge_stderr = true,
			   const std::vector<std::string> &env = {});

} // namespace guardcheck::series

#endif
