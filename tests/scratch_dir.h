// SPDX-License-Identifier: GPL-2.0
// A temporary directory for one test, removed with everything in it.
#ifndef GUARDCHECK_TESTS_SCRATCH_DIR_H
#define GUARDCHECK_TESTS_SCRATCH_DIR_H

#include <cstdlib>
#include <filesystem>
#include <string>

class scratch_dir
{
public:
	scratch_dir()
	{
		std::string name = "/tmp/guardcheck-test-XXXXXX";
		path_ = mkdtemp(name.data());
	}
	~scratch_dir()
	{
		std::filesystem::remove_all(path_);
	}
	scratch_dir(const scratch_dir &) = delete;
	scratch_dir &operator=(const scratch_dir &) = delete;
	const std::filesystem::path &path() const
	{
		return path_;
	}

private:
	std::filesystem::path path_;
};

#endif
