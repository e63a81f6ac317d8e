// SPDX-License-Identifier: GPL-2.0
#include "process/process.h"

#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstring>

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace guardcheck::process
{

namespace
{

using clock = std::chrono::steady_clock;

[[noreturn]] void exec_child(const options &opts, int out_fd, int err_pipe)
{
	setpgid(0, 0);
	const int null = open("/dev/null", O_RDONLY);
	if (null >= 0)
		dup2(null, 0);
	dup2(out_fd, 1);
	if (opts.merge_stderr)
		dup2(out_fd, 2);
	for (const std::string &e : opts.env)
		if (e.find('=') == std::string::npos)
			unsetenv(e.c_str());
		else
			putenv(const_cast<char *>(e.c_str()));
	if (!opts.cwd.empty() && chdir(opts.cwd.c_str()) != 0) {
		const int err = errno;
		(void)!write(err_pipe, &err, sizeof(err));
		_exit(127);
	}
	std::vector<char *> argv;
	for (const std::string &a : opts.argv)
		argv.push_back(const_cast<char *>(a.c_str()));
	argv.push_back(nullptr);
	execvp(argv[0], argv.data());
	const int err = errno;
	(void)!write(err_pipe, &err, sizeof(err));
	_exit(127);
}

void split_lines(std::string &pending, const options &opts)
{
	std::size_t start = 0;
	for (;;) {
		const std::size_t nl = pending.find('\n', start);
		if (nl == std::string::npos)
			break;
		if (opts.on_line)
			opts.on_line(std::string_view(pending).substr(
				start, nl - start));
		start = nl + 1;
	}
	pending.erase(0, start);
}

} // namespace

outcome run(const options &opts)
{
	outcome o;
	if (opts.argv.empty()) {
		o.error = "no command given";
		return o;
	}
	int out[2], err[2];
	if (pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC)) {
		o.error = std::string("pipe: ") + std::strerror(errno);
		return o;
	}
	const auto start = clock::now();
	const pid_t pid = fork();
	if (pid < 0) {
		o.error = std::string("fork: ") + std::strerror(errno);
		return o;
	}
	if (pid == 0)
		exec_child(opts, out[1], err[1]);
	setpgid(pid, pid); // no race with the child's own setpgid()
	close(out[1]);
	close(err[1]);
	int exec_errno = 0;
	if (read(err[0], &exec_errno, sizeof(exec_errno)) ==
	    static_cast<ssize_t>(sizeof(exec_errno))) {
		close(err[0]);
		close(out[0]);
		waitpid(pid, nullptr, 0);
		o.error = "cannot run " + opts.argv[0] + ": " +
			  std::strerror(exec_errno);
		return o;
	}
	close(err[0]);
	o.started = true;
	if (opts.on_start)
		opts.on_start(pid);

	const auto deadline = opts.bound.count() ? start + opts.bound
						 : clock::time_point::max();
	std::string pending;
	bool open_pipe = true;
	bool exited = false;
	while (!exited) {
		int wait_ms = 200;
		if (deadline != clock::time_point::max()) {
			const auto left = std::chrono::duration_cast<
						  std::chrono::milliseconds>(
						  deadline - clock::now())
						  .count();
			if (left <= 0) {
				kill(-pid, SIGKILL);
				kill(pid, SIGKILL);
				o.timed_out = true;
				break;
			}
			wait_ms = static_cast<int>(std::min<long>(left, 200));
		}
		if (opts.give_up && opts.give_up()) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			o.given_up = true;
			break;
		}
		if (open_pipe) {
			pollfd p{out[0], POLLIN, 0};
			if (poll(&p, 1, wait_ms) > 0) {
				char buf[4096];
				const ssize_t n =
					read(out[0], buf, sizeof(buf));
				if (n > 0) {
					pending.append(buf, n);
					split_lines(pending, opts);
					continue;
				}
				if (n == 0 || (n < 0 && errno != EINTR))
					open_pipe = false;
			}
		} else {
			usleep(wait_ms * 1000);
		}
		// The pipe may stay open in a grandchild: ending is waitpid's
		// call.
		if (waitpid(pid, &o.status, WNOHANG) == pid) {
			exited = true;
			// Drain what is already buffered, without blocking.
			fcntl(out[0], F_SETFL, O_NONBLOCK);
			char buf[4096];
			ssize_t n;
			while ((n = read(out[0], buf, sizeof(buf))) > 0) {
				pending.append(buf, n);
				split_lines(pending, opts);
			}
		}
	}
	if (o.timed_out || o.given_up)
		waitpid(pid, &o.status, 0);
	kill(-pid, SIGKILL); // stragglers left in the group
	close(out[0]);
	if (!pending.empty() && opts.on_line)
		opts.on_line(pending);
	o.seconds = std::chrono::duration<double>(clock::now() - start).count();
	return o;
}

std::string describe(const outcome &o)
{
	if (!o.started)
		return o.error;
	if (o.timed_out)
		return "timed out after " +
		       std::to_string(std::lround(o.seconds)) + " s";
	if (WIFEXITED(o.status))
		return "exit " + std::to_string(WEXITSTATUS(o.status));
	if (WIFSIGNALED(o.status))
		return "signal " + std::to_string(WTERMSIG(o.status)) + " (" +
		       strsignal(WTERMSIG(o.status)) + ")";
	return "status " + std::to_string(o.status);
}

} // namespace guardcheck::process
