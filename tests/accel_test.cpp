// SPDX-License-Identifier: GPL-2.0
// The accelerator and benchmark-clock choice: KVM present, absent or not
// permitted, a guest that is or is not the host's arch, and the requests
// that cannot be had.
#include "accel/accel.h"
#include "arch/arch_record.h"
#include "run/emulation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "scratch_dir.h"

using namespace guardcheck::accel;

namespace
{

request x86_64_guest(kvm_probe::state kvm)
{
	request r;
	r.accel = "auto";
	r.guest_arch = "x86_64";
	r.kvm_hosts = {"x86_64"};
	r.record_cpu = "max";
	r.host_machine = "x86_64";
	r.kvm.kvm = kvm;
	r.kvm.detail = "/dev/kvm: test";
	return r;
}

std::string thrown_by(const request &r)
{
	try {
		choose(r);
	} catch (const std::runtime_error &e) {
		return e.what();
	}
	return "";
}

} // namespace

TEST(accel_choice,
     usable_kvm_and_a_native_guest_run_under_kvm_with_the_host_cpu)
{
	const run_mode m = choose(x86_64_guest(kvm_probe::state::usable));
	EXPECT_EQ(m.accel, accelerator::kvm);
	EXPECT_EQ(m.cpu, "host");
	EXPECT_EQ(qemu_options(m), (std::vector<std::string>{"-accel", "kvm"}));
}

TEST(accel_choice, the_default_is_tcg_even_where_kvm_runs)
{
	request r = x86_64_guest(kvm_probe::state::usable);
	r.accel = "";
	const run_mode m = choose(r);
	EXPECT_EQ(m.accel, accelerator::tcg);
	EXPECT_EQ(m.cpu, "max");
	EXPECT_NE(m.reason.find("ACCEL=auto takes KVM"), std::string::npos)
		<< m.reason;
}

TEST(accel_choice, a_kvm_that_runs_no_test_vm_is_not_taken)
{
	request r = x86_64_guest(kvm_probe::state::does_not_run);
	r.kvm.detail = "the test vCPU did not halt within 5 s";
	EXPECT_EQ(choose(r).accel, accelerator::tcg);
	EXPECT_NE(choose(r).reason.find("a test VM does not run"),
		  std::string::npos);
	r.accel = "kvm";
	EXPECT_NE(thrown_by(r).find("did not halt"), std::string::npos);
}

TEST(accel_choice, no_kvm_means_tcg_with_the_records_cpu_and_says_why)
{
	const run_mode m = choose(x86_64_guest(kvm_probe::state::absent));
	EXPECT_EQ(m.accel, accelerator::tcg);
	EXPECT_EQ(m.cpu, "max");
	EXPECT_NE(m.reason.find("this host has no KVM"), std::string::npos)
		<< m.reason;
}

TEST(accel_choice, kvm_not_permitted_falls_back_to_tcg_and_names_the_fix)
{
	const run_mode m =
		choose(x86_64_guest(kvm_probe::state::not_permitted));
	EXPECT_EQ(m.accel, accelerator::tcg);
	EXPECT_NE(m.reason.find("add the user to the kvm group"),
		  std::string::npos)
		<< m.reason;
}

TEST(accel_choice, a_foreign_guest_is_emulated_even_with_kvm)
{
	request r = x86_64_guest(kvm_probe::state::usable);
	r.guest_arch = "arm64";
	r.kvm_hosts = {"aarch64"};
	const run_mode m = choose(r);
	EXPECT_EQ(m.accel, accelerator::tcg);
	EXPECT_NE(m.reason.find("does not run natively on this x86_64 host"),
		  std::string::npos)
		<< m.reason;
	r.accel = "kvm";
	EXPECT_NE(thrown_by(r).find("ACCEL=kvm: a arm64 guest does not run"),
		  std::string::npos);
}

TEST(accel_choice, accel_tcg_emulates_even_where_kvm_is_usable)
{
	request r = x86_64_guest(kvm_probe::state::usable);
	r.accel = "tcg";
	EXPECT_EQ(choose(r).accel, accelerator::tcg);
	EXPECT_EQ(choose(r).cpu, "max");
}

TEST(accel_choice, accel_kvm_without_kvm_is_refused_with_the_cause)
{
	request r = x86_64_guest(kvm_probe::state::absent);
	r.accel = "kvm";
	EXPECT_NE(thrown_by(r).find("ACCEL=kvm: this host has no KVM"),
		  std::string::npos);
	r.accel = "kvm-please";
	EXPECT_NE(thrown_by(r).find("give ACCEL=tcg, ACCEL=kvm"),
		  std::string::npos);
}

TEST(accel_choice, benchmarks_under_tcg_count_instructions_by_default)
{
	request r = x86_64_guest(kvm_probe::state::absent);
	r.benchmarks = true;
	const run_mode m = choose(r);
	EXPECT_EQ(m.clock, bench_clock::icount);
	EXPECT_EQ(qemu_options(m),
		  (std::vector<std::string>{"-accel", "tcg", "-icount",
					    "shift=0,align=off,sleep=off"}));
	EXPECT_EQ(time_unit(m.clock), "virtual time (1 instruction = 1 ns)");
	r.clock = "wall";
	EXPECT_EQ(choose(r).clock, bench_clock::wall);
	EXPECT_EQ(qemu_options(choose(r)),
		  (std::vector<std::string>{"-accel", "tcg"}));
}

TEST(accel_choice, benchmarks_under_kvm_are_wall_clock_and_icount_is_refused)
{
	request r = x86_64_guest(kvm_probe::state::usable);
	r.benchmarks = true;
	EXPECT_EQ(choose(r).clock, bench_clock::wall);
	r.clock = "icount";
	EXPECT_NE(thrown_by(r).find("BENCH_CLOCK=icount needs TCG"),
		  std::string::npos);
	r.clock = "cycles";
	EXPECT_NE(thrown_by(r).find("BENCH_CLOCK=cycles"), std::string::npos);
}

TEST(accel_choice, a_suite_run_has_no_benchmark_clock_options)
{
	const run_mode m = choose(x86_64_guest(kvm_probe::state::absent));
	EXPECT_EQ(qemu_options(m), (std::vector<std::string>{"-accel", "tcg"}));
}

TEST(kvm_probe, a_missing_device_is_absent_and_an_unopenable_one_not_permitted)
{
	scratch_dir d;
	EXPECT_EQ(probe_kvm((d.path() / "kvm").string()).kvm,
		  kvm_probe::state::absent);
	// A directory cannot be opened read-write: EISDIR, which is not
	// "absent" (the node is there).
	const kvm_probe dir = probe_kvm(d.path().string());
	EXPECT_EQ(dir.kvm, kvm_probe::state::not_permitted);
	EXPECT_NE(dir.detail.find(d.path().string()), std::string::npos);
}

namespace
{

const std::filesystem::path records =
	std::filesystem::path(FIXTURE_DIR).parent_path().parent_path() /
	"qemu" / "arch";

guardcheck::arch::arch_record record(const std::string &arch)
{
	return guardcheck::arch::load_record(
		(records / (arch + ".conf")).string());
}

} // namespace

TEST(emulation,
     the_accelerators_options_come_before_the_kernel_and_kvm_takes_the_host_cpu)
{
	const std::vector<std::string> argv = guardcheck::arch::qemu_argv(
		record("x86_64"), "K", "I", "", "host", {"-accel", "kvm"});
	const auto at = [&](const std::string &w) {
		return std::find(argv.begin(), argv.end(), w) - argv.begin();
	};
	EXPECT_EQ(argv[at("-cpu") + 1], "host");
	EXPECT_EQ(argv[at("-accel") + 1], "kvm");
	EXPECT_LT(at("-accel"), at("-kernel"));
}

TEST(emulation,
     an_instruction_counted_x86_guest_gets_a_1_ghz_tsc_and_arm64_nothing)
{
	for (const char *a : {"x86_64", "i386", "arm64"}) {
		const guardcheck::arch::arch_record r = record(a);
		const run_mode bench =
			guardcheck::run::emulation_for(r, "tcg", "", true);
		EXPECT_EQ(bench.clock, bench_clock::icount) << a;
		EXPECT_EQ(guardcheck::run::icount_clock_words(r, bench),
			  std::string(a) == "arm64"
				  ? ""
				  : "tsc_early_khz=1000000 tsc=reliable")
			<< a;
		const run_mode wall =
			guardcheck::run::emulation_for(r, "tcg", "wall", true);
		EXPECT_EQ(guardcheck::run::icount_clock_words(r, wall), "")
			<< a;
		// A suite run has no benchmark clock at all.
		EXPECT_EQ(guardcheck::run::icount_clock_words(
				  r, guardcheck::run::emulation_for(r, "tcg",
								    "", false)),
			  "")
			<< a;
	}
}

TEST(emulation, every_record_names_the_hosts_kvm_runs_it_on)
{
	EXPECT_EQ(record("x86_64").at("KVM_HOSTS"), "x86_64");
	EXPECT_EQ(record("i386").at("KVM_HOSTS"), "x86_64");
	EXPECT_EQ(record("arm64").at("KVM_HOSTS"), "aarch64");
}
