// SPDX-License-Identifier: GPL-2.0
#include "child.h"

#include <sys/wait.h>
#include <unistd.h>

namespace
{

int wait_for(pid_t pid)
{
	int status = 0;
	if (waitpid(pid, &status, 0) != pid)
		return 255;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

} // namespace

int run_in_child(const std::function<int()> &body)
{
	const pid_t pid = fork();
	if (pid == 0)
		_exit(body());
	if (pid < 0)
		return 255;
	return wait_for(pid);
}

held_child::held_child(const std::function<int()> &body)
{
	int pipe_fds[2];
	if (pipe(pipe_fds) != 0)
		return;
	pid_ = fork();
	if (pid_ == 0) {
		close(pipe_fds[1]);
		char go;
		if (read(pipe_fds[0], &go, 1) != 1)
			_exit(254);
		_exit(body());
	}
	close(pipe_fds[0]);
	release_fd_ = pipe_fds[1];
}

held_child::~held_child()
{
	if (pid_ > 0)
		release_and_wait();
}

int held_child::release_and_wait()
{
	if (pid_ <= 0)
		return 255;
	const char go = 1;
	const bool released = write(release_fd_, &go, 1) == 1;
	close(release_fd_);
	const int status = wait_for(pid_);
	pid_ = -1;
	return released ? status : 255;
}

std::string describe_child_status(int status)
{
	if (status > 128 && status < 255)
		return "child killed by signal " + std::to_string(status - 128);
	return "child exited with " + std::to_string(status);
}
