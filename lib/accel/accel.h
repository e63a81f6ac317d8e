// SPDX-License-Identifier: GPL-2.0
// How a guest is run: under KVM (the host's own hardware, wall-clock
// figures are the hardware's) or under TCG (emulation), and, for the
// benchmarks, which clock a point is measured in. Under TCG the default is
// QEMU's instruction counting: the guest's clocks advance with the
// instructions it executes, so a figure counts the kernel's work and not the
// host's speed. KVM has no instruction counting: there the clock is wall.
#ifndef GUARDCHECK_ACCEL_ACCEL_H
#define GUARDCHECK_ACCEL_ACCEL_H

#include <string>
#include <vector>

namespace guardcheck::accel
{

// What the host offers: /dev/kvm absent, present but not ours to open,
// present but unable to run a guest (a sandbox's stand-in, a host without
// hardware virtualisation), or usable.
struct kvm_probe {
	enum class state {
		absent,
		not_permitted,
		does_not_run,
		usable
	} kvm = state::absent;
	std::string detail; // why, when not usable
};

// Opens dev read-write, as QEMU will, and on x86 runs a one-instruction
// test VM (hlt) in a child bounded to a few seconds; never throws.
kvm_probe probe_kvm(const std::string &dev = "/dev/kvm");

enum class accelerator { tcg, kvm };
enum class bench_clock { icount, wall };

struct run_mode {
	accelerator accel = accelerator::tcg;
	bench_clock clock = bench_clock::wall;
	std::string cpu;    // the -cpu model: the record's, or "host" under KVM
	std::string reason; // one line for the log and results.json
};

struct request {
	std::string accel;	 // ACCEL=: "", "auto", "tcg" or "kvm"
	std::string clock;	 // BENCH_CLOCK=: "", "icount" or "wall"
	bool benchmarks = false; // the guest runs the fork benchmarks
	std::string guest_arch;	 // the record's name: x86_64, arm64...
	std::vector<std::string> kvm_hosts; // record KVM_HOSTS: uname -m values
	std::string record_cpu;		    // record CPU=
	std::string host_machine;	    // uname -m of this host
	kvm_probe kvm;
};

// Throws std::runtime_error naming the problem and the fix when the
// request cannot be had (ACCEL=kvm without a usable /dev/kvm, a guest arch
// this host cannot run natively, BENCH_CLOCK=icount under KVM, a word that
// is none of these).
run_mode choose(const request &r);

// The emulator options for a mode: -accel and, for an instruction-counted
// benchmark guest, -icount with the guest's clock bound to it. The shift is
// 0: one instruction is one virtual nanosecond.
std::vector<std::string> qemu_options(const run_mode &m);

// "tcg" / "kvm", "icount" / "wall".
std::string name(accelerator a);
std::string name(bench_clock c);
// The unit a benchmark figure is in, for every table and plot.
std::string time_unit(bench_clock c);

} // namespace guardcheck::accel

#endif
