// SPDX-License-Identifier: GPL-2.0
#include "series/command.h"

#include "process/process.h"

#include <cstdlib>
#include <stdexcept>

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

temp_dir::temp_dir(const std::string &what)
{
	std::string name = (std::filesystem::temp_directory_path() /
			    ("guardcheck-" + what + "-XXXXXX"))
				   .string();
	if (!mkdtemp(name.data()))
		throw std::runtime_error("cannot make a temporary directory " +
					 name);
	path_ = name;
}

temp_dir::~temp_dir()
{
	std::error_code ec;
	std::filesystem::remove_all(path_, ec);
}

} // namespace guardcheck::series
