// SPDX-License-Identifier: GPL-2.0
#include "run/leaf.h"

#include "process/process.h"

#include <cstdio>

#include <sys/wait.h>

namespace guardcheck::run
{

leaf_result run_leaf(const leaf &l)
{
	leaf_result r;
	process::options o;
	o.argv = l.argv;
	o.env = l.env;
	o.cwd = l.cwd;
	o.merge_stderr = false;
	o.on_line = [&](std::string_view line) {
		if (l.stdout_to_stderr)
			std::fprintf(stderr, "%.*s\n",
				     static_cast<int>(line.size()),
				     line.data());
		if (!line.empty())
			r.last_line = line;
	};
	std::fflush(stdout);
	const process::outcome out = process::run(o);
	r.how = process::describe(out);
	if (!out.started)
		r.how = l.argv.front() + ": " + out.error;
	else if (WIFEXITED(out.status))
		r.exit_code = WEXITSTATUS(out.status);
	return r;
}

} // namespace guardcheck::run
