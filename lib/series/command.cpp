// SPDX-License-Identifier: GPL-2.0
#include "series/command.h"

#include "process/process.h"

#include <sys/wait.h>

namespace guardcheck::series
{

command_result run_command(const std::vector<std::string> &argv,
			   std::chrono::seconds bound, bool merge_stderr,
			   const std::vector<std::string> &env)
{
	command_result r;
	process::options o;
	o.argv = argv;
	o.env = env;
	o.bound = bound;
	o.merge_stderr = merge_stderr;
	o.on_line = [&r](std::string_view l) {
		r.output.append(l);
		r.output += '\n';
	};
	const process::outcome out = process::run(o);
	r.how = process::describe(out);
	r.ok = out.started && !out.timed_out && WIFEXITED(out.status) &&
	       WEXITSTATUS(out.status) == 0;
	return r;
}

} // namespace guardcheck::series
