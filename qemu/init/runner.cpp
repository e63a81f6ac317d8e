// SPDX-License-Identifier: GPL-2.0
#include "runner.h"

#include "ktap/ktap.h"
#include "process/process.h"
#include "protocol/protocol.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include <sys/wait.h>
#include <unistd.h>

namespace guardcheck::init
{

namespace
{

constexpr int ksft_pass = 0;
constexpr int ksft_fail = 1;
constexpr int ksft_skip = 4;

std::vector<std::string> read_lines(const std::string &path)
{
	std::vector<std::string> lines;
	std::ifstream in(path);
	for (std::string line; std::getline(in, line);) {
		const auto start = line.find_first_not_of(" \t");
		if (start == std::string::npos || line[start] == '#')
			continue;
		lines.push_back(line.substr(start));
	}
	return lines;
}

void flush_kernel_log(const settings &s)
{
	if (s.before_output)
		s.before_output();
}

void reap_orphans()
{
	// As PID 1 we inherit whatever a test left behind.
	while (waitpid(-1, nullptr, WNOHANG) > 0)
		;
}

process::outcome run_one(const settings &s, const std::string &path,
			 std::vector<std::string> argv,
			 const std::function<void(std::string_view)> &on_line)
{
	process::options opts;
	argv.insert(argv.begin(), path);
	opts.argv = std::move(argv);
	opts.env = s.env;
	opts.bound = std::chrono::seconds(s.test_bound_s);
	opts.on_line = on_line;
	process::outcome o = process::run(opts);
	reap_orphans();
	return o;
}

// The binary's own result, from how it ended and what it printed.
ktap::test binary_result(const std::string &name, const process::outcome &o,
			 std::vector<ktap::test> cases)
{
	ktap::test t;
	t.name = name;
	t.subtests = std::move(cases);
	const ktap::totals c = ktap::count_cases(t.subtests);
	if (!o.started) {
		t.result = ktap::status::crashed;
		t.directive = "CRASHED " + o.error;
	} else if (o.timed_out) {
		t.result = ktap::status::crashed;
		t.directive = "TIMEOUT " + process::describe(o);
	} else if (WIFSIGNALED(o.status)) {
		t.result = ktap::status::crashed;
		t.directive = "CRASHED " + process::describe(o);
	} else if (WEXITSTATUS(o.status) == ksft_skip) {
		t.result = ktap::status::skip;
		t.directive = "SKIP";
	} else if (WEXITSTATUS(o.status) == ksft_pass && c.failed == 0 &&
		   c.crashed == 0) {
		t.result = ktap::status::pass;
	} else {
		t.result = ktap::status::fail;
		t.directive = process::describe(o);
	}
	if (WIFEXITED(o.status) && WEXITSTATUS(o.status) != ksft_fail &&
	    WEXITSTATUS(o.status) != ksft_pass &&
	    WEXITSTATUS(o.status) != ksft_skip && o.started && !o.timed_out)
		t.directive = "exit " + std::to_string(WEXITSTATUS(o.status));
	return t;
}

} // namespace

ktap::totals run_suite(const settings &s)
{
	const std::string list = s.suite_dir + "/tests.list";
	// The suite's binaries, then upstream's selftest as the reference
	// (reference.list, optional), each under its collection's name.
	std::vector<std::pair<std::string, std::string>> names;
	for (const std::string &n : read_lines(list))
		names.emplace_back(n,
				   std::string(protocol::suite_collection) + n);
	for (const std::string &n : read_lines(s.suite_dir + "/reference.list"))
		names.emplace_back(
			n, std::string(protocol::reference_collection) + n);
	std::printf("TAP version 13\n");
	for (const std::string &f : s.facts)
		std::printf("# %s\n", f.c_str());
	if (names.empty()) {
		std::printf("1..0 # SKIP no tests in %s\n", list.c_str());
		ktap::totals none;
		none.crashed = 1; // an empty suite is no verdict
		return none;
	}
	std::printf("1..%zu\n", names.size());
	ktap::totals all;
	int number = 0;
	for (const auto &[name, title] : names) {
		number++;
		std::printf("# %s\n", title.c_str());
		std::fflush(stdout);
		ktap::parser child;
		const process::outcome o = run_one(
			s, s.suite_dir + "/" + name, {},
			[&child, &s](std::string_view line) {
				flush_kernel_log(s);
				std::printf("# %.*s\n",
					    static_cast<int>(line.size()),
					    line.data());
				std::fflush(stdout);
				child.feed(line);
			});
		if (!o.started)
			std::printf("# %s\n", o.error.c_str());
		flush_kernel_log(s);
		const ktap::test t = binary_result(title, o, child.finish());
		const ktap::totals c = ktap::count_cases({t});
		all.passed += c.passed;
		all.failed += c.failed;
		all.skipped += c.skipped;
		all.crashed += c.crashed;
		std::printf("%s %d %s%s%s\n",
			    t.result == ktap::status::pass ||
					    t.result == ktap::status::skip
				    ? "ok"
				    : "not ok",
			    number, t.name.c_str(),
			    t.directive.empty() ? "" : " # ",
			    t.directive.c_str());
		std::fflush(stdout);
	}
	return all;
}

int run_bench(const settings &s)
{
	int failed = 0;
	const std::string list = s.bench_dir + "/bench.list";
	for (const std::string &line : read_lines(list)) {
		std::istringstream words(line);
		std::string name;
		words >> name;
		std::vector<std::string> args;
		for (std::string a; words >> a;)
			args.push_back(a);
		// Between the frames only: a benchmark's output is read whole.
		flush_kernel_log(s);
		std::printf("%s\n", protocol::bench_begin_line(name).c_str());
		std::fflush(stdout);
		const process::outcome o =
			run_one(s, s.bench_dir + "/" + name, args,
				[](std::string_view l) {
					std::printf("%.*s\n",
						    static_cast<int>(l.size()),
						    l.data());
					std::fflush(stdout);
				});
		int rc = 127;
		if (o.timed_out)
			rc = 124;
		else if (o.started && WIFEXITED(o.status))
			rc = WEXITSTATUS(o.status);
		else if (o.started && WIFSIGNALED(o.status))
			rc = 128 + WTERMSIG(o.status);
		if (!o.started)
			std::printf("# %s\n", o.error.c_str());
		std::printf("%s\n", protocol::bench_end_line(name, rc).c_str());
		std::fflush(stdout);
		flush_kernel_log(s);
		failed += rc != 0;
	}
	return failed;
}

} // namespace guardcheck::init
