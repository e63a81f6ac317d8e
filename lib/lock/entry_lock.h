// SPDX-License-Identifier: GPL-2.0
// An exclusive lock on one cache entry while it is written, so that two runs
// never write (or read a half-written) entry at once; the second one waits
// and says for whom.
//
// The protocol, shared with shell (flock(1)) so every writer can take part:
//   - The lock of an entry <entry> (a file or a directory) is the file
//     "<entry>.lock" beside it, in the same directory. It is created when
//     missing and never removed: removing it would let a waiter and a
//     newcomer hold locks on two different files.
//   - Holding the lock means holding flock(LOCK_EX) on an open descriptor
//     of that file; it ends when the descriptor is closed (or the holder
//     dies), so a crash never leaves a stale lock behind.
//   - Once it holds the lock, the holder writes one line into the file,
//     replacing what was there: "<pid> <what>\n", its process id and a few
//     words of what it is doing ("boot x86_64 6.19.10"). A waiter prints
//     "waiting for <lock> held by pid <pid> (<what>)" before it blocks.
//   - The content is a courtesy for the waiter's message, not the lock: a
//     reader must accept an empty or partly written file.
// From shell:
//   exec 9>>"$entry.lock"
//   if ! flock -n 9; then
//       echo "waiting for $entry.lock held by pid $(cat "$entry.lock")" >&2
//       flock 9
//   fi
//   echo "$$ kbuild $arch" >"$entry.lock"   # ... write the entry ...
//   exec 9>&-
// (The shell's message prints the pid and the words without parentheses;
// lock_holder() below reads either.)
#ifndef GUARDCHECK_LOCK_ENTRY_LOCK_H
#define GUARDCHECK_LOCK_ENTRY_LOCK_H

#include <filesystem>
#include <functional>
#include <string>

namespace guardcheck::lock
{

// "<entry>.lock" for an entry path.
std::filesystem::path lock_path(const std::filesystem::path &entry);

// Who holds (or last held) a lock, as written into its file.
struct holder {
	long pid = 0;	  // 0: the file names none
	std::string what; // the holder's words, may be empty
};
holder lock_holder(const std::filesystem::path &lock);

// The waiter's line: "waiting for <lock> held by pid N (<what>)".
std::string waiting_message(const std::filesystem::path &lock, const holder &h);

class entry_lock
{
public:
	// Takes the lock of entry (creating the lock file and its directory),
	// waiting for the holder if there is one; say() gets the waiting line
	// once before the wait. Throws std::runtime_error when the lock file
	// cannot be opened.
	entry_lock(const std::filesystem::path &entry, const std::string &what,
		   const std::function<void(const std::string &)> &say);
	~entry_lock();
	entry_lock(const entry_lock &) = delete;
	entry_lock &operator=(const entry_lock &) = delete;

	// True when the lock was taken only after waiting for another holder.
	bool waited() const
	{
		return waited_;
	}

private:
	int fd_ = -1;
	bool waited_ = false;
};

} // namespace guardcheck::lock

#endif
