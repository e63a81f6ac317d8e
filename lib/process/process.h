// SPDX-License-Identifier: GPL-2.0
// Run a child with a bound: its output line by line, then how it ended.
// Shared by the guest's PID-1 runner (test binaries) and the host runner
// (QEMU), so both supervise the same way.
#ifndef GUARDCHECK_PROCESS_H
#define GUARDCHECK_PROCESS_H

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <sys/types.h>

namespace guardcheck::process
{

struct outcome {
	bool started = false; // false: exec failed, see error
	bool timed_out = false;
	bool given_up = false; // ended by options::give_up
	int status = 0;	       // raw waitpid() status when it ended by itself
	std::string error;
	double seconds = 0;
};

struct options {
	std::vector<std::string> argv;
	// "NAME=value" added to the environment; a bare "NAME" removes it.
	std::vector<std::string> env;
	std::string cwd; // the child's directory; empty: ours
	std::chrono::milliseconds bound{0}; // 0: none
	bool merge_stderr = true;
	// Called for every complete line, and for a last line without '\n'.
	std::function<void(std::string_view)> on_line;
	// Called once with the child's pid after it started.
	std::function<void(pid_t)> on_start;
	// Polled about every 200 ms; true ends the child early (not a timeout).
	std::function<bool()> give_up;
};

// Runs the child in its own process group; on the bound the whole group gets
// SIGKILL. Stdin is /dev/null.
outcome run(const options &opts);

// "exit 1", "signal 11 (Segmentation fault)", "timed out after 120 s".
std::string describe(const outcome &o);

} // namespace guardcheck::process

#endif
