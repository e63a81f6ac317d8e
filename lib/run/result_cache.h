// SPDX-License-Identifier: GPL-2.0
// Finished cells kept by their result key: <cache>/results/<arch>-<version>-
// <key>/ holds the files of a run directory that reached a verdict. Each
// entry is written under its lock (lock/entry_lock.h: <entry>.lock).
#ifndef GUARDCHECK_RUN_RESULT_CACHE_H
#define GUARDCHECK_RUN_RESULT_CACHE_H

#include <filesystem>
#include <string>

namespace guardcheck::run
{

// What a run directory holds that is worth keeping.
inline constexpr const char *result_files[] = {
	"console.log", "ktap.txt", "results.json", "junit.xml", "summary.md"};

std::filesystem::path result_entry(const std::filesystem::path &cache,
				   const std::string &arch,
				   const std::string &version,
				   const std::string &key);

// True when the entry holds a finished result (its results.json).
bool has_result(const std::filesystem::path &entry);

// Copies the result files from one directory into another (created).
void copy_result(const std::filesystem::path &from,
		 const std::filesystem::path &to);

// Replaces the entry with the run directory's result files; the caller
// holds the entry's lock.
void store_result(const std::filesystem::path &run_dir,
		  const std::filesystem::path &entry);

// The run's own exit status from its results.json: 0 passed, 1 a test
// failed, 2 no verdict (also when the file or its exit_code is missing).
int run_status(const std::filesystem::path &run_dir);

} // namespace guardcheck::run

#endif
