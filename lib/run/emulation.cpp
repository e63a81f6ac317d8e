// SPDX-License-Identifier: GPL-2.0
#include "run/emulation.h"

#include <sstream>

#include <sys/utsname.h>

namespace guardcheck::run
{

namespace
{

std::string host_machine()
{
	utsname u{};
	return uname(&u) == 0 ? u.machine : "";
}

std::string value_or_empty(const arch::arch_record &rec, const char *key)
{
	const auto it = rec.values.find(key);
	return it == rec.values.end() ? "" : it->second;
}

} // namespace

accel::run_mode emulation_for(const arch::arch_record &rec,
			      const std::string &accel,
			      const std::string &clock, bool benchmarks)
{
	accel::request r;
	r.accel = accel;
	r.clock = clock;
	r.benchmarks = benchmarks;
	r.guest_arch = rec.name;
	std::istringstream hosts(value_or_empty(rec, "KVM_HOSTS"));
	for (std::string h; hosts >> h;)
		r.kvm_hosts.push_back(h);
	r.record_cpu = rec.at("CPU");
	r.host_machine = host_machine();
	// The probe forks a test VM: only a request that may take KVM needs it
	// (the default and ACCEL=tcg never look at it).
	if (accel == "auto" || accel == "kvm")
		r.kvm = accel::probe_kvm();
	return accel::choose(r);
}

std::string icount_clock_words(const arch::arch_record &rec,
			       const accel::run_mode &m)
{
	if (m.clock != accel::bench_clock::icount ||
	    value_or_empty(rec, "GUEST_CLOCK") != "tsc")
		return "";
	return "tsc_early_khz=1000000 tsc=reliable";
}

} // namespace guardcheck::run
