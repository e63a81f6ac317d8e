// SPDX-License-Identifier: GPL-2.0
// Run a tool (git, patch, cp) with a bound and keep its output.
#ifndef GUARDCHECK_SERIES_COMMAND_H
#define GUARDCHECK_SERIES_COMMAND_H

#include <chrono>
#include <filesystem>
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

// A fresh directory under the system's temporary directory, removed with
// everything in it when the object goes. Throws std::runtime_error when it
// cannot be made.
class temp_dir
{
public:
	explicit temp_dir(const std::string &what);
	~temp_dir();
	temp_dir(const temp_dir &) = delete;
	temp_dir &operator=(const temp_dir &) = delete;
	const std::filesystem::path &path() const
	{
		return path_;
	}

private:
	std::filesystem::path path_;
};

} // namespace guardcheck::series

#endif
