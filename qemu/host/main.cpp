// SPDX-License-Identifier: GPL-2.0
// guardcheck-qemu: boot a kernel and initramfs under QEMU for one arch record,
// supervise it, and turn the console into a verdict and a run directory.
// Exit 0 all passed, 1 a test failed, 2 no verdict. The run directory's path
// is the last line printed.
#include "arch_record.h"
#include "cli/tool_main.h"

#include "process/process.h"
#include "report/console_intake.h"
#include "report/report.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace fs = std::filesystem;
using namespace guardcheck;

namespace
{

constexpr const char *usage =
	"usage: guardcheck-qemu --arch-record qemu/arch/ARCH.conf --kernel "
	"IMAGE\n"
	"         --initrd CPIO --run-dir DIR [--append WORDS] [--timeout S]\n"
	"         [--test-timeout S] [--tree PATH] [-v]\n"
	"  --timeout S       wall-clock bound before the arch's TIMEOUT_FACTOR "
	"(300)\n"
	"  --test-timeout S  bound per test binary in the guest, before the "
	"factor (240)\n"
	"  -v                copy the console to stdout as it arrives\n";

struct args {
	std::string record, kernel, initrd, run_dir, append, tree;
	double timeout_s = 300;
	double test_timeout_s = 240;
	bool verbose = false;
};

double seconds_arg(const std::string &flag, const char *text)
{
	char *end = nullptr;
	const double v = std::strtod(text, &end);
	if (!*text || *end || v <= 0)
		throw std::runtime_error(flag + " " + text +
					 ": give a positive number of seconds");
	return v;
}

args parse_args(int argc, char **argv)
{
	args a;
	for (int i = 1; i < argc; i++) {
		const std::string f = argv[i];
		if (f == "-v") {
			a.verbose = true;
			continue;
		}
		if (f == "-h" || f == "--help") {
			std::fputs(usage, stdout);
			std::exit(0);
		}
		if (i + 1 >= argc)
			throw std::runtime_error(f + " needs a value\n" +
						 usage);
		const char *v = argv[++i];
		if (f == "--arch-record")
			a.record = v;
		else if (f == "--kernel")
			a.kernel = v;
		else if (f == "--initrd")
			a.initrd = v;
		else if (f == "--run-dir")
			a.run_dir = v;
		else if (f == "--append")
			a.append = v;
		else if (f == "--tree")
			a.tree = v;
		else if (f == "--timeout")
			a.timeout_s = seconds_arg(f, v);
		else if (f == "--test-timeout")
			a.test_timeout_s = seconds_arg(f, v);
		else
			throw std::runtime_error("unknown argument " + f +
						 "\n" + usage);
	}
	for (const auto &[value, flag] : {std::pair{a.record, "--arch-record"},
					  {a.kernel, "--kernel"},
					  {a.initrd, "--initrd"},
					  {a.run_dir, "--run-dir"}})
		if (value.empty())
			throw std::runtime_error(std::string(flag) +
						 " is required\n" + usage);
	for (const std::string &file : {a.kernel, a.initrd})
		if (!fs::is_regular_file(file))
			throw std::runtime_error(
				file +
				" does not exist; build it first (make qemu)");
	return a;
}

// Now, as RFC 3339 in UTC: when the boot started, for kcidb.json.
std::string utc_now()
{
	const std::time_t now = std::time(nullptr);
	std::tm utc{};
	gmtime_r(&now, &utc);
	char text[32];
	std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &utc);
	return text;
}

int run(const args &a)
{
	const qemu::arch_record rec = qemu::load_record(a.record);
	const double factor = rec.timeout_factor();
	const double bound = a.timeout_s * factor;
	const int test_bound = static_cast<int>(a.test_timeout_s * factor);
	std::string append = "guardcheck.timeout=" + std::to_string(test_bound);
	if (!a.append.empty())
		append += " " + a.append;

	fs::create_directories(a.run_dir);
	const fs::path dir = a.run_dir;
	std::ofstream log(dir / "console.log");
	if (!log)
		throw std::runtime_error("cannot write " +
					 (dir / "console.log").string());

	report::console_intake console;
	using clock = std::chrono::steady_clock;
	clock::time_point sentinel_at{};
	bool sentinel_seen = false;
	process::options opts;
	opts.argv = qemu::qemu_argv(rec, a.kernel, a.initrd, append);
	opts.bound = std::chrono::milliseconds(static_cast<long>(bound * 1000));
	opts.on_line = [&](std::string_view raw) {
		const std::string &line = console.feed(raw);
		log << line << '\n';
		if (a.verbose) {
			std::printf("%s\n", line.c_str());
			std::fflush(stdout);
		}
		if (!sentinel_seen && console.console().sentinel_seen()) {
			sentinel_seen = true;
			sentinel_at = clock::now();
		}
	};
	// After the sentinel the guest only has to power off.
	opts.give_up = [&] {
		return sentinel_seen &&
		       clock::now() - sentinel_at > std::chrono::seconds(15);
	};
	std::printf("guardcheck: booting %s under %s (-M %s, bound %.0f s)\n",
		    a.kernel.c_str(), rec.at("QEMU").c_str(),
		    rec.at("MACHINE").c_str(), bound);
	std::fflush(stdout);
	report::provenance prov;
	prov.start_time = utc_now();
	prov.environment = rec.at("QEMU") + " -M " + rec.at("MACHINE");
	const process::outcome o = process::run(opts);
	log.close();

	report::boot_facts boot;
	boot.arch = rec.name;
	boot.tree = a.tree;
	boot.kernel = a.kernel;
	boot.seconds = o.seconds;
	boot.how.started = o.started;
	boot.how.start_error = o.error;
	boot.how.timed_out = o.timed_out;
	boot.how.bound_s = bound;
	const report::run r = console.finish(boot);
	std::ofstream(dir / "ktap.txt") << console.console().ktap_text();
	report::write_all(dir, r, prov);

	const ktap::totals &n = r.verdict.counts;
	std::printf("guardcheck: %s %s after %.1f s: %d passed, %d failed, %d "
		    "skipped, %d crashed\n",
		    rec.name.c_str(),
		    std::string(ktap::outcome_name(r.verdict.kind)).c_str(),
		    o.seconds, n.passed, n.failed, n.skipped, n.crashed);
	const ktap::totals &splat_failed = console.console().failed_by_splat();
	if (splat_failed.passed + splat_failed.skipped ||
	    !r.kernel_warnings.empty())
		std::printf("guardcheck: kernel splats: %d case(s) failed for "
			    "one, %zu outside every test (lines in "
			    "results.json and summary.md)\n",
			    splat_failed.passed + splat_failed.skipped,
			    r.kernel_warnings.size());
	std::printf("guardcheck: exit %d: %s\n", r.verdict.exit_code,
		    r.verdict.cause.c_str());
	std::printf("%s\n", fs::absolute(dir).c_str());
	return r.verdict.exit_code;
}

} // namespace

int main(int argc, char **argv)
{
	return cli::tool_main("guardcheck-qemu",
			      [&] { return run(parse_args(argc, argv)); });
}
