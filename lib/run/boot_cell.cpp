// SPDX-License-Identifier: GPL-2.0
#include "run/boot_cell.h"

#include "arch/arch_record.h"
#include "process/process.h"
#include "protocol/protocol.h"
#include "report/console_intake.h"
#include "report/report.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace fs = std::filesystem;

namespace guardcheck::run
{

namespace
{

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

} // namespace

int boot_cell(const cell &a)
{
	for (const std::string &file : {a.kernel, a.initrd})
		if (!fs::is_regular_file(file))
			throw std::runtime_error(
				file +
				" does not exist; build it first (make qemu)");
	const arch::arch_record rec = arch::load_record(a.record);
	const double factor = rec.timeout_factor();
	const double bound = a.timeout_s * factor;
	const int test_bound = static_cast<int>(a.test_timeout_s * factor);
	std::string append = protocol::param(protocol::param_timeout,
					     std::to_string(test_bound));
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
	opts.argv = arch::qemu_argv(rec, a.kernel, a.initrd, append, a.cpu,
				    a.accel_options);
	opts.bound = std::chrono::milliseconds(static_cast<long>(bound * 1000));
	opts.on_line = [&](std::string_view raw) {
		const std::string &line = console.feed(raw);
		log << line << '\n';
		if (a.verbose) {
			std::printf("%s\n", line.c_str());
			std::fflush(stdout);
		}
		if (!sentinel_seen && console.reader().sentinel_seen()) {
			sentinel_seen = true;
			sentinel_at = clock::now();
		}
	};
	// After the sentinel the guest only has to power off.
	opts.give_up = [&] {
		return sentinel_seen &&
		       clock::now() - sentinel_at > std::chrono::seconds(15);
	};
	std::printf("guardcheck: booting %s under %s (-M %s, bound %.0f s; "
		    "%s)\n",
		    a.kernel.c_str(), rec.at("QEMU").c_str(),
		    rec.at("MACHINE").c_str(), bound, a.accel_reason.c_str());
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
	boot.accel = a.accel;
	boot.cpu = a.cpu.empty() ? rec.at("CPU") : a.cpu;
	boot.bench_clock = a.bench_clock;
	boot.accel_reason = a.accel_reason;
	boot.how.started = o.started;
	boot.how.start_error = o.error;
	boot.how.timed_out = o.timed_out;
	boot.how.bound_s = bound;
	const report::run r = console.finish(boot);
	std::ofstream(dir / "ktap.txt") << console.reader().ktap_text();
	std::ofstream(dir / "kernel.log") << console.reader().kernel_text();
	report::write_all(dir, r, prov);

	const ktap::totals &n = r.outcome.counts;
	std::printf("guardcheck: %s %s after %.1f s: %d passed, %d failed, %d "
		    "skipped, %d crashed\n",
		    rec.name.c_str(),
		    std::string(console::outcome_name(r.outcome.kind)).c_str(),
		    o.seconds, n.passed, n.failed, n.skipped, n.crashed);
	const ktap::totals &splat_failed = console.reader().failed_by_splat();
	if (splat_failed.passed + splat_failed.skipped ||
	    !r.kernel_warnings.empty())
		std::printf("guardcheck: kernel splats: %d case(s) failed for "
			    "one, %zu outside every test (lines in "
			    "results.json and summary.md)\n",
			    splat_failed.passed + splat_failed.skipped,
			    r.kernel_warnings.size());
	std::printf("guardcheck: exit %d: %s\n", r.outcome.exit_code,
		    r.outcome.cause.c_str());
	std::printf("%s\n", fs::absolute(dir).c_str());
	return r.outcome.exit_code;
}

} // namespace guardcheck::run
