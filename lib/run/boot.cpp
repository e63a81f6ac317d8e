// SPDX-License-Identifier: GPL-2.0
#include "run/boot.h"

#include "arch/arch_record.h"
#include "cli/options.h"
#include "lock/entry_lock.h"
#include "protocol/protocol.h"
#include "run/boot_cell.h"
#include "run/emulation.h"
#include "run/leaf.h"
#include "run/result_cache.h"
#include "run/result_key.h"
#include "run/stamp.h"
#include "run/tree.h"

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <stdexcept>

namespace fs = std::filesystem;

namespace guardcheck::run
{

namespace
{

// A failure before the boot: no verdict.
struct no_verdict : std::runtime_error {
	using std::runtime_error::runtime_error;
};

void say(const std::string &text)
{
	std::printf("guardcheck: %s\n", text.c_str());
	std::fflush(stdout);
}

std::string basename_of(const std::string &p)
{
	return fs::path(p).filename().string();
}

struct guest_programs {
	fs::path init, suite, bench;
};

guest_programs given_programs(const std::string &dir)
{
	const fs::path d = dir;
	guest_programs g{d / "guardcheck-init", d / "selftests",
			 d / "benchmarks"};
	for (const fs::path &f :
	     {g.init, g.suite / "tests.list", g.bench / "bench.list"})
		if (!fs::exists(f))
			throw cli::usage_error(
				"GUEST_PROGRAMS=" + dir + " has no " +
				fs::relative(f, d).string() +
				" (bench-compare copies the programs there; "
				"unset it to build them)");
	return g;
}

// make -C <repo> ARCH=<arch> KDIR=<tree> KVER= SERIES= MANIFEST= <targets>:
// the tree is the one this boot resolved, a series already applied (make
// exports SERIES= to us, and a bisect step's tree carries only some of its
// patches: applied again, they conflict). O goes by the environment, so
// that it never reaches the kernel's own make.
void build_programs(const project &p, const std::string &arch,
		    const std::string &tree, bool benchmarks)
{
	std::vector<std::string> targets = {"suite", "guest-init"};
	if (benchmarks)
		targets.push_back("benchmarks");
	for (const std::string &t : targets) {
		leaf l;
		l.argv = {p.make,	   "-C",
			  p.repo.string(), "--no-print-directory",
			  "ARCH=" + arch,  "KDIR=" + tree,
			  "KVER=",	   "SERIES=",
			  "MANIFEST="};
		if (!p.verbose)
			l.argv.push_back("-s");
		l.argv.push_back(t);
		l.env = {"O=" + p.out_for_make(), "MAKEFLAGS", "MFLAGS",
			 "MAKELEVEL"};
		l.stdout_to_stderr = true;
		if (run_leaf(l).exit_code != 0)
			throw no_verdict(
				std::string("building ")
					.append(t)
					.append(" for " + arch +
						" failed (see above)"));
	}
}

bool wants_benchmarks(const std::string &append)
{
	const std::string words = " " + append + " ";
	const auto given = [&words](std::string_view mode) {
		const std::string word =
			" " + protocol::param(protocol::param_run, mode) + " ";
		return words.find(word) != std::string::npos;
	};
	return given(protocol::run_bench) || given(protocol::run_all);
}

// The one line the leaf prints last, or no verdict with its exit status.
std::string leaf_path(const leaf &l, const std::string &what)
{
	const leaf_result r = run_leaf(l);
	if (r.exit_code != 0)
		throw no_verdict(what + " failed (" + r.how + "; see above)");
	if (r.last_line.empty())
		throw no_verdict(what + " printed no path");
	return r.last_line;
}

int reuse(const fs::path &entry, const fs::path &run_dir,
	  const std::string &arch, const std::string &version)
{
	copy_result(entry, run_dir);
	say(arch + " " + version +
	    ": inputs unchanged, reusing the result of " + entry.string() +
	    " (FORCE=1 boots again)");
	const int rc = run_status(run_dir);
	std::printf("%s\n", fs::absolute(run_dir).c_str());
	return rc;
}

int boot_checked(const project &p, const boot_options &o)
{
	const fs::path records = o.arch_records.empty()
					 ? p.repo / "qemu" / "arch"
					 : fs::path(o.arch_records);
	const fs::path record = records / (o.arch + ".conf");
	if (!fs::is_regular_file(record))
		throw cli::usage_error(
			"no record qemu/arch/" + o.arch +
			".conf; ARCH must be one of: " +
			arch::joined(arch::known_arches(records.string())));
	cell c;
	c.record = record.string();
	c.append = o.append;
	if (!o.qemu_timeout.empty())
		c.timeout_s =
			cli::seconds_value("QEMU_TIMEOUT", o.qemu_timeout);
	if (!o.test_timeout.empty())
		c.test_timeout_s =
			cli::seconds_value("TEST_TIMEOUT", o.test_timeout);
	c.verbose = p.verbose;

	guest_programs g;
	if (!o.guest_programs.empty())
		g = given_programs(o.guest_programs);
	else
		g = {p.out / o.arch / "qemu" / "guardcheck-init",
		     p.out / o.arch / "selftests",
		     p.out / o.arch / "benchmarks"};

	int rc = 0;
	const std::string tree =
		resolve_tree(p, {o.kdir, o.kver, o.series, ""}, rc);
	if (tree.empty())
		throw no_verdict("the tree cannot be had (see above)");
	c.tree = tree;

	if (o.guest_programs.empty()) {
		// Two runs in one checkout share O=<arch>: one builds, the
		// other waits and then finds the programs up to date.
		const lock::entry_lock building(p.out / o.arch / "programs",
						"build " + o.arch + " programs",
						say);
		build_programs(p, o.arch, tree, wants_benchmarks(o.append));
	}

	const fs::path kb = build_kernel(p,
					 {o.arch, tree, o.kconfig_add, o.series,
					  o.series_id, o.debug, o.kbuild},
					 rc);
	if (kb.empty())
		throw no_verdict("building the kernel failed (see above)");

	const arch::arch_record rec = arch::load_record(c.record);
	const accel::run_mode mode = emulation_for(rec, o.accel, o.bench_clock,
						   wants_benchmarks(o.append));
	c.accel = accel::name(mode.accel);
	c.cpu = mode.cpu;
	c.accel_options = accel::qemu_options(mode);
	c.accel_reason = mode.reason;
	if (wants_benchmarks(o.append))
		c.bench_clock = accel::name(mode.clock);
	if (const std::string w = icount_clock_words(rec, mode); !w.empty())
		c.append += (c.append.empty() ? "" : " ") + w;
	fs::path image = kb / rec.at("IMAGE");
	fs::path config = kb / ".config";
	if (!o.kernel_build.empty()) {
		image = fs::path(o.kernel_build) / rec.at("IMAGE");
		config = fs::path(o.kernel_build) / ".config";
		if (!fs::is_regular_file(image))
			throw no_verdict("KERNEL_BUILD=" + o.kernel_build +
					 " has no kernel image " +
					 rec.at("IMAGE"));
	}
	c.kernel = image.string();
	// <arch>-<version>-<key>
	const std::string kb_name = kb.filename().string();
	const auto dash = kb_name.find('-');
	const std::string version = kb_name.substr(
		dash + 1, kb_name.find('-', dash + 1) - dash - 1);

	leaf cpio_step;
	cpio_step.argv = {
		(p.repo / "qemu" / "mkinitramfs.sh").string(),
		kb.string(),
		g.init.string(),
		g.suite.string(),
		g.bench.string(),
		(p.out / o.arch / "qemu" / ("initramfs-" + kb_name + ".cpio"))
			.string()};
	c.initrd = leaf_path(cpio_step, "packing the initramfs");

	const fs::path run_dir =
		o.run_dir.empty()
			? fs::path(o.runs_base.empty()
					   ? p.cache / "runs"
					   : fs::path(o.runs_base)) /
				  (stamp() + "-" + o.arch + "-" + version)
			: fs::path(o.run_dir);
	c.run_dir = run_dir.string();
	fs::create_directories(run_dir);
	fs::copy_file(config, run_dir / "kernel.config",
		      fs::copy_options::overwrite_existing);

	result_inputs in;
	in.kernel_image = image;
	in.initramfs_spec = c.initrd + ".spec";
	in.runner = self_exe();
	in.arch_record = record;
	// The emulation changes a result as much as the command line does.
	in.append = c.append + " | -cpu " + c.cpu;
	for (const std::string &w : c.accel_options)
		in.append += " " + w;
	in.qemu_timeout_s = c.timeout_s;
	in.test_timeout_s = c.test_timeout_s;
	const fs::path entry =
		result_entry(p.cache, o.arch, version, result_key(in));
	const std::string what =
		"boot " + o.arch + " " + version + " " + basename_of(tree);

	// With the cache, the entry is held from the look-up to the store: a
	// second run of the same inputs waits, then reuses this one's result.
	std::optional<lock::entry_lock> held;
	if (o.result_cache && !o.force) {
		held.emplace(entry, what, say);
		if (has_result(entry))
			return reuse(entry, run_dir, o.arch, version);
	}
	rc = boot_cell(c);
	// Only a run that reached a verdict is worth keeping.
	if (rc <= 1) {
		if (!held)
			held.emplace(entry, what, say);
		store_result(run_dir, entry);
	}
	return rc;
}

} // namespace

std::string project::out_for_make() const
{
	const fs::path rel = out.lexically_relative(repo);
	if (!rel.empty() && *rel.begin() != "..")
		return rel.string();
	return out.string();
}

int boot(const project &p, const boot_options &o)
{
	try {
		return boot_checked(p, o);
	} catch (const no_verdict &e) {
		std::fprintf(stderr, "boot: %s\n", e.what());
		return 2;
	}
}

} // namespace guardcheck::run
