// SPDX-License-Identifier: GPL-2.0
// guardcheck-init: PID 1 of the test guest, or a plain suite runner on the
// host. As PID 1 it mounts what the suite needs, takes its settings from
// guardcheck.* kernel parameters, ends with a sentinel line and powers off.
#include "guest.h"
#include "kmsg.h"
#include "runner.h"

#include "protocol/protocol.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <unistd.h>

using namespace guardcheck;

namespace
{

constexpr const char *usage = "usage: guardcheck-init [--suite DIR] [--bench "
			      "DIR] [--run suite|bench|all]\n"
			      "                       [--timeout SECONDS]\n"
			      "Runs DIR/tests.list (KTAP) and DIR/bench.list; "
			      "exit 0 when no test case\n"
			      "failed, 1 when one did, 2 when there was "
			      "nothing to run or bad input.\n";

bool parse_mode(std::string_view mode, init::settings &s)
{
	s.run_suite = mode == protocol::run_suite || mode == protocol::run_all;
	s.run_bench = mode == protocol::run_bench || mode == protocol::run_all;
	return s.run_suite || s.run_bench;
}

std::string param_or(const init::parameters &params, std::string_view name,
		     std::string_view fallback)
{
	const auto at = params.find(name);
	return at == params.end() ? std::string(fallback) : at->second;
}

bool parse_bound(const std::string &text, init::settings &s)
{
	char *end = nullptr;
	const long v = std::strtol(text.c_str(), &end, 10);
	if (text.empty() || *end || v <= 0 || v > 86400)
		return false;
	s.test_bound_s = static_cast<int>(v);
	return true;
}

// counts_prefix: "# " in the guest, where the line sits inside the KTAP.
ktap::totals run(const init::settings &s, int &bench_failed,
		 const char *counts_prefix)
{
	ktap::totals t;
	if (s.run_suite)
		t = init::run_suite(s);
	if (s.run_bench)
		bench_failed = init::run_bench(s);
	std::printf("%s%d passed, %d failed, %d skipped\n", counts_prefix,
		    t.passed, t.failed + t.crashed, t.skipped);
	std::fflush(stdout);
	return t;
}

[[noreturn]] void guest_main()
{
	init::mount_guest_filesystems();
	setenv("GUARD_FILE_DIR", "/mnt/ramfs", 1);
	setenv("GUARD_KCONFIG", "/kconfig", 1);
	setenv("PATH", "/selftests:/bench:/", 1);
	setenv("HOME", "/tmp", 1);
	setenv("TMPDIR", "/tmp", 1);

	auto params = init::guest_parameters();
	init::settings s;
	s.suite_dir = "/selftests";
	s.bench_dir = "/bench";
	s.facts = init::guest_facts("/kconfig");
	bool bad = false;
	const std::string mode =
		param_or(params, protocol::param_run, protocol::run_suite);
	if (!parse_mode(mode, s)) {
		init::say("unknown " +
			  protocol::param(protocol::param_run, mode) +
			  "; use " + std::string(protocol::run_suite) + ", " +
			  std::string(protocol::run_bench) + " or " +
			  std::string(protocol::run_all));
		bad = true;
	}
	const auto timeout = params.find(protocol::param_timeout);
	if (timeout != params.end() && !parse_bound(timeout->second, s)) {
		init::say(protocol::param(protocol::param_timeout,
					  timeout->second) +
			  " is not a number of seconds");
		bad = true;
	}
	int bench_failed = 0;
	ktap::totals t;
	if (bad) {
		t.crashed = 1;
	} else {
		if (!s.run_suite)
			for (const std::string &f : s.facts)
				std::printf("# %s\n", f.c_str());
		init::kernel_log log;
		s.before_output = [&log] { log.drain(); };
		t = run(s, bench_failed, "# ");
	}
	const protocol::done_counts done{t.passed, t.failed, t.skipped,
					 t.crashed, bench_failed};
	std::printf("%s\n", protocol::done_line(done).c_str());
	init::power_off(param_or(params, protocol::param_poweroff,
				 protocol::poweroff_off));
}

} // namespace

int main(int argc, char **argv)
{
	setvbuf(stdout, nullptr, _IOLBF, 0);
	if (getpid() == 1)
		guest_main();

	init::settings s;
	s.suite_dir = "build/x86_64/selftests";
	for (int i = 1; i < argc; i++) {
		const std::string arg = argv[i];
		const bool has_value = i + 1 < argc;
		if (arg == "--suite" && has_value) {
			s.suite_dir = argv[++i];
		} else if (arg == "--bench" && has_value) {
			s.bench_dir = argv[++i];
		} else if (arg == "--run" && has_value) {
			if (!parse_mode(argv[++i], s)) {
				std::fprintf(stderr,
					     "guardcheck-init: --run %s: use "
					     "suite, bench or all\n",
					     argv[i]);
				return 2;
			}
		} else if (arg == "--timeout" && has_value) {
			if (!parse_bound(argv[++i], s)) {
				std::fprintf(stderr,
					     "guardcheck-init: --timeout %s: "
					     "give whole seconds (1-86400)\n",
					     argv[i]);
				return 2;
			}
		} else if (arg == "-h" || arg == "--help") {
			std::fputs(usage, stdout);
			return 0;
		} else {
			std::fprintf(stderr,
				     "guardcheck-init: unknown or incomplete "
				     "argument '%s'\n%s",
				     arg.c_str(), usage);
			return 2;
		}
	}
	if (s.run_suite &&
	    access((s.suite_dir + "/tests.list").c_str(), R_OK) != 0) {
		std::fprintf(
			stderr,
			"guardcheck-init: %s/tests.list not found; build the "
			"suite first (make suite) or pass --suite DIR\n",
			s.suite_dir.c_str());
		return 2;
	}
	if (s.run_bench && s.bench_dir.empty()) {
		std::fprintf(stderr,
			     "guardcheck-init: --run %s needs --bench DIR\n",
			     s.run_suite ? "all" : "bench");
		return 2;
	}
	int bench_failed = 0;
	const ktap::totals t = run(s, bench_failed, "");
	if (t.passed + t.failed + t.skipped + t.crashed == 0)
		return 2;
	return t.failed + t.crashed + bench_failed ? 1 : 0;
}
