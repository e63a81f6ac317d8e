// SPDX-License-Identifier: GPL-2.0
#include "run/boot_cell.h"

#include "arch/arch_record.h"
#include "ktap/console.h"
#include "process/process.h"
#include "report/report.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace fs = std::filesystem;

namespace guardcheck::run
{

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
	std::string append = "guardcheck.timeout=" + std::to_string(test_bound);
	if (!a.append.empty())
		append += " " + a.append;

	fs::create_directories(a.run_dir);
	const fs::path dir = a.run_dir;
	std::ofstream log(dir / "console.log");
	if (!log)
		throw std::runtime_error("cannot write " +
					 (dir / "console.log").string());

	ktap::console console;
	using clock = std::chrono::steady_clock;
	clock::time_point sentinel_at{};
	process::options opts;
	opts.argv = arch::qemu_argv(rec, a.kernel, a.initrd, append);
	opts.bound = std::chrono::milliseconds(static_cast<long>(bound * 1000));
	opts.on_line = [&](std::string_view raw) {
		const std::string line = ktap::strip_control(raw);
		log << line << '\n';
		if (a.verbose) {
			std::printf("%s\n", line.c_str());
			std::fflush(stdout);
		}
		const bool before = console.sentinel_seen();
		console.feed(line);
		if (!before && console.sentinel_seen())
			sentinel_at = clock::now();
	};
	// After the sentinel the guest only has to power off.
	opts.give_up = [&] {
		return console.sentinel_seen() &&
		       clock::now() - sentinel_at > std::chrono::seconds(15);
	};
	std::printf("guardcheck: booting %s under %s (-M %s, bound %.0f s)\n",
		    a.kernel.c_str(), rec.at("QEMU").c_str(),
		    rec.at("MACHINE").c_str(), bound);
	std::fflush(stdout);
	const process::outcome o = process::run(opts);
	log.close();

	ktap::exit_facts how;
	how.started = o.started;
	how.start_error = o.error;
	how.timed_out = o.timed_out;
	how.bound_s = bound;

	report::run r;
	r.arch = rec.name;
	r.tree = a.tree;
	r.kernel = a.kernel;
	r.facts = console.facts();
	r.seconds = o.seconds;
	r.tests = console.finish_tests();
	r.kernel_warnings = console.outside_splats();
	r.verdict = ktap::classify(console, r.tests, how);
	std::ofstream(dir / "ktap.txt") << console.ktap_text();
	report::write_all(dir, r);

	const ktap::totals &n = r.verdict.counts;
	std::printf("guardcheck: %s %s after %.1f s: %d passed, %d failed, %d "
		    "skipped, %d crashed\n",
		    rec.name.c_str(),
		    std::string(ktap::outcome_name(r.verdict.kind)).c_str(),
		    o.seconds, n.passed, n.failed, n.skipped, n.crashed);
	const ktap::totals &splat_failed = console.failed_by_splat();
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

} // namespace guardcheck::run
