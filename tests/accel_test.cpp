// SPDX-License-Identifier: GPL-2.0
// The accelerator and benchmark-clock choice: KVM present, absent or not
// permitted, a guest that is or is not the host's arch, and the requests
// that cannot be had.
#include "accel/accel.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "scratch_dir.h"

using namespace guardcheck::accel;

namespace
{

request x86_64_guest(kvm_probe::state kvm)
{
	request r;
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
	EXPECT_EQ(time_unit(m.clock), "virtual ns (1 instruction = 1 ns)");
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
