// SPDX-License-Identifier: GPL-2.0
#include "accel/accel.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace guardcheck::accel
{

namespace
{

bool runs_natively(const request &r)
{
	return std::find(r.kvm_hosts.begin(), r.kvm_hosts.end(),
			 r.host_machine) != r.kvm_hosts.end();
}

// Why KVM cannot serve this guest here; "" when it can.
std::string why_not_kvm(const request &r)
{
	if (!runs_natively(r))
		return "a " + r.guest_arch +
		       " guest does not run natively on " + "this " +
		       r.host_machine + " host";
	switch (r.kvm.kvm) {
	case kvm_probe::state::absent:
		return "this host has no KVM (" + r.kvm.detail + ")";
	case kvm_probe::state::does_not_run:
		return "/dev/kvm opens but a test VM does not run (" +
		       r.kvm.detail + ")";
	case kvm_probe::state::not_permitted:
		return "/dev/kvm is there but may not be opened (" +
		       r.kvm.detail +
		       "); add the user to the kvm group or run as root";
	case kvm_probe::state::usable:
		break;
	}
	return "";
}

} // namespace

run_mode choose(const request &r)
{
	if (r.accel != "" && r.accel != "auto" && r.accel != "tcg" &&
	    r.accel != "kvm")
		throw std::runtime_error("ACCEL=" + r.accel +
					 ": give ACCEL=tcg, ACCEL=kvm or "
					 "leave it out (KVM when usable)");
	if (r.clock != "" && r.clock != "icount" && r.clock != "wall")
		throw std::runtime_error(
			"BENCH_CLOCK=" + r.clock +
			": give BENCH_CLOCK=icount (instructions, the default "
			"under TCG), BENCH_CLOCK=wall, or leave it out");
	run_mode m;
	m.cpu = r.record_cpu;
	// TCG unless asked: on the project's machines /dev/kvm runs a test
	// VM, yet QEMU under it boots no kernel (nothing on the console), so
	// KVM is chosen only by ACCEL=auto or ACCEL=kvm until it is measured
	// where it boots.
	if (r.accel == "" || r.accel == "tcg") {
		m.reason = r.accel == "tcg" ? "TCG (ACCEL=tcg)"
					    : "TCG (the default; ACCEL=auto "
					      "takes KVM where it runs)";
	} else {
		const std::string no_kvm = why_not_kvm(r);
		if (r.accel == "kvm" && !no_kvm.empty())
			throw std::runtime_error(
				"ACCEL=kvm: " + no_kvm +
				"; leave ACCEL out or give ACCEL=tcg");
		if (no_kvm.empty()) {
			m.accel = accelerator::kvm;
			m.cpu = "host";
			m.reason = "KVM (ACCEL=" + r.accel +
				   ": it runs a test VM and the guest is "
				   "native)";
		} else {
			m.reason = "TCG (ACCEL=auto: " + no_kvm + ")";
		}
	}
	const bool kvm = m.accel == accelerator::kvm;
	if (!r.benchmarks)
		return m;
	if (r.clock == "icount" && kvm)
		throw std::runtime_error(
			"BENCH_CLOCK=icount needs TCG, and this guest runs "
			"under "
			"KVM; give ACCEL=tcg or BENCH_CLOCK=wall");
	m.clock = r.clock == "wall" || kvm ? bench_clock::wall
					   : bench_clock::icount;
	m.reason += m.clock == bench_clock::icount
			    ? "; benchmark clock: counted instructions"
			    : "; benchmark clock: wall";
	return m;
}

std::vector<std::string> qemu_options(const run_mode &m)
{
	std::vector<std::string> o = {"-accel", name(m.accel)};
	if (m.clock == bench_clock::icount) {
		// align=off: never slow the guest down to real time;
		// sleep=off: an idle guest's clock jumps to the next timer
		// instead of waiting for the host's.
		o.insert(o.end(), {"-icount", "shift=0,align=off,sleep=off"});
	}
	return o;
}

std::string name(accelerator a)
{
	return a == accelerator::kvm ? "kvm" : "tcg";
}

std::string name(bench_clock c)
{
	return c == bench_clock::icount ? "icount" : "wall";
}

std::string time_unit(bench_clock c)
{
	return c == bench_clock::icount ? "virtual time (1 instruction = 1 ns)"
					: "ns (wall clock)";
}

} // namespace guardcheck::accel
