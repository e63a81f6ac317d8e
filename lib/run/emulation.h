// SPDX-License-Identifier: GPL-2.0
// The accelerator and benchmark clock of one boot (accel::choose), from
// the arch record's facts (KVM_HOSTS, CPU, GUEST_CLOCK) and this host.
#ifndef GUARDCHECK_RUN_EMULATION_H
#define GUARDCHECK_RUN_EMULATION_H

#include <string>

#include "accel/accel.h"
#include "arch/arch_record.h"

namespace guardcheck::run
{

// accel is ACCEL=, clock BENCH_CLOCK=; benchmarks says whether the guest
// runs the fork benchmarks. Throws std::runtime_error as accel::choose.
accel::run_mode emulation_for(const arch::arch_record &rec,
			      const std::string &accel,
			      const std::string &clock, bool benchmarks);

// Kernel command-line words that bind an instruction-counted guest's
// clock: a record with GUEST_CLOCK=tsc gets its TSC rate, which under
// -icount is 1 GHz (QEMU's TSC then counts virtual nanoseconds). "" for
// any other mode or record.
std::string icount_clock_words(const arch::arch_record &rec,
			       const accel::run_mode &m);

} // namespace guardcheck::run

#endif
