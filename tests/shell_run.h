// SPDX-License-Identifier: GPL-2.0
// Runs a shell command in the repository's top directory, as a user would,
// and keeps its exit status and everything it printed (stderr included).
#ifndef GUARDCHECK_TESTS_SHELL_RUN_H
#define GUARDCHECK_TESTS_SHELL_RUN_H

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <string>

inline const std::filesystem::path repo_root =
	std::filesystem::path(FIXTURE_DIR).parent_path().parent_path();

struct shell_outcome {
	int status;
	std::string output;
};

inline shell_outcome run_in_repo(const std::string &command)
{
	const std::string full =
		"cd '" + repo_root.string() + "' && " + command + " 2>&1";
	FILE *pipe = popen(full.c_str(), "r");
	shell_outcome result{-1, ""};
	if (!pipe)
		return result;
	char chunk[4096];
	std::size_t got;
	while ((got = fread(chunk, 1, sizeof(chunk), pipe)) > 0)
		result.output.append(chunk, got);
	const int status = pclose(pipe);
	result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	return result;
}

#endif
