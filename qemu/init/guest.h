// SPDX-License-Identifier: GPL-2.0
// What PID 1 does around the runner inside the guest.
#ifndef GUARDCHECK_INIT_GUEST_H
#define GUARDCHECK_INIT_GUEST_H

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace guardcheck::init
{

// Prints text as one of the guest's facts ("# guardcheck: <text>"), which
// the host keeps in its reports.
void say(const std::string &text);

// proc, sysfs, devtmpfs, tmpfs at /tmp and a ramfs at /mnt/ramfs; a failure
// is printed and the run goes on (the tests then skip or fail with a reason).
void mount_guest_filesystems();

// "guardcheck.name=value" words of /proc/cmdline, by name ("guardcheck.name"
// alone is "1").
using parameters = std::map<std::string, std::string, std::less<>>;
parameters guest_parameters();

// Kernel release, machine and the config options the suite depends on.
std::vector<std::string> guest_facts(const std::string &kconfig);

// Never returns: RB_POWER_OFF, or a reboot that QEMU's -no-reboot turns into
// an exit (x86 machines without ACPI power-off).
[[noreturn]] void power_off(const std::string &how);

} // namespace guardcheck::init

#endif
