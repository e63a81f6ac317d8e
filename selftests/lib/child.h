/* SPDX-License-Identifier: GPL-2.0 */
/* Running checks in forked children, which the harness's ASSERTs must not see.
 */
#ifndef GUARD_CHILD_H
#define GUARD_CHILD_H

#include <sys/types.h>

#include <functional>
#include <string>

/*
 * Forks, runs `body` in the child and _exit()s with its value. Returns the
 * child's exit code, or 128 + signal when it was killed.
 */
int run_in_child(const std::function<int()> &body);

/*
 * A forked child that runs `body` only once released. Lets the parent look at
 * the system (slab counts) while the child exists, or change its own memory
 * before the child looks.
 */
class held_child
{
public:
	explicit held_child(const std::function<int()> &body);
	~held_child();
	held_child(const held_child &) = delete;
	held_child &operator=(const held_child &) = delete;

	bool started() const
	{
		return pid_ > 0;
	}
	/* Lets the child run `body` and waits for it; same value as
	 * run_in_child. */
	int release_and_wait();

private:
	pid_t pid_ = -1;
	int release_fd_ = -1;
};

std::string describe_child_status(int status);

#endif
