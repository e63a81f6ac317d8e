// SPDX-License-Identifier: GPL-2.0
#include "lock/entry_lock.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace guardcheck::lock
{

fs::path lock_path(const fs::path &entry)
{
	fs::path p = entry;
	if (!p.has_filename())
		p = p.parent_path();
	return p.string() + ".lock";
}

holder lock_holder(const fs::path &lock)
{
	holder h;
	std::ifstream in(lock);
	std::string line;
	if (!std::getline(in, line))
		return h;
	std::istringstream words(line);
	if (!(words >> h.pid))
		return holder{};
	std::getline(words >> std::ws, h.what);
	if (h.what.size() >= 2 && h.what.front() == '(' && h.what.back() == ')')
		h.what = h.what.substr(1, h.what.size() - 2);
	return h;
}

std::string waiting_message(const fs::path &lock, const holder &h)
{
	std::string m = "waiting for " + lock.string();
	if (h.pid == 0)
		return m + " (its holder has not said who it is)";
	m += " held by pid " + std::to_string(h.pid);
	if (!h.what.empty())
		m += " (" + h.what + ")";
	return m;
}

entry_lock::entry_lock(const fs::path &entry, const std::string &what,
		       const std::function<void(const std::string &)> &say)
{
	const fs::path lock = lock_path(entry);
	if (lock.has_parent_path())
		fs::create_directories(lock.parent_path());
	fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	const auto fail = [&](const std::string &doing) {
		const std::string why = std::strerror(errno);
		if (fd_ >= 0)
			::close(fd_);
		fd_ = -1;
		throw std::runtime_error("cannot " + doing + " " +
					 lock.string() + ": " + why);
	};
	if (fd_ < 0)
		fail("open the lock");
	if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
		waited_ = true;
		if (say)
			say(waiting_message(lock, lock_holder(lock)));
		while (::flock(fd_, LOCK_EX) != 0)
			if (errno != EINTR)
				fail("lock");
	}
	const std::string line = std::to_string(::getpid()) + " " + what + "\n";
	if (::ftruncate(fd_, 0) != 0 ||
	    ::pwrite(fd_, line.data(), line.size(), 0) !=
		    static_cast<ssize_t>(line.size()))
		fail("write the lock");
}

entry_lock::~entry_lock()
{
	if (fd_ >= 0)
		::close(fd_);
}

} // namespace guardcheck::lock
