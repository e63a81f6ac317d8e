// SPDX-License-Identifier: GPL-2.0
#include "run/result_cache.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace guardcheck::run
{

fs::path result_entry(const fs::path &cache, const std::string &arch,
		      const std::string &version, const std::string &key)
{
	return cache / "results" / (arch + "-" + version + "-" + key);
}

bool has_result(const fs::path &entry)
{
	return fs::is_regular_file(entry / "results.json");
}

void copy_result(const fs::path &from, const fs::path &to)
{
	fs::create_directories(to);
	for (const char *f : result_files)
		fs::copy_file(from / f, to / f,
			      fs::copy_options::overwrite_existing);
	// kcidb.json came later than the rest: an entry may lack it, and the
	// verdict then makes that run's part from results.json.
	if (fs::is_regular_file(from / "kcidb.json"))
		fs::copy_file(from / "kcidb.json", to / "kcidb.json",
			      fs::copy_options::overwrite_existing);
}

void store_result(const fs::path &run_dir, const fs::path &entry)
{
	fs::remove_all(entry);
	copy_result(run_dir, entry);
}

int run_status(const fs::path &run_dir)
{
	std::ifstream in(run_dir / "results.json");
	for (std::string line; std::getline(in, line);) {
		const std::string name = "\"exit_code\":";
		const auto at = line.find(name);
		if (at == std::string::npos)
			continue;
		const char *digits = line.c_str() + at + name.size();
		char *end = nullptr;
		const long rc = std::strtol(digits, &end, 10);
		if (end != digits && rc >= 0 && rc <= 2)
			return static_cast<int>(rc);
	}
	return 2;
}

} // namespace guardcheck::run
