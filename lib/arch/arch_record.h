// SPDX-License-Identifier: GPL-2.0
// One qemu/arch/<arch>.conf record: KEY=value lines, '#' comments.
#ifndef GUARDCHECK_ARCH_ARCH_RECORD_H
#define GUARDCHECK_ARCH_ARCH_RECORD_H

#include <map>
#include <string>
#include <vector>

namespace guardcheck::arch
{

struct arch_record {
	std::string name; // file name without .conf
	std::map<std::string, std::string> values;

	// The value of key; throws std::runtime_error naming the file and key.
	const std::string &at(const std::string &key) const;
	double timeout_factor() const;
};

// The arches that have a record (<dir>/<arch>.conf), sorted: the one list
// of arches everything else derives from.
std::vector<std::string> known_arches(const std::string &dir);

// "x86_64 arm64 i386" style: the names joined by blanks.
std::string joined(const std::vector<std::string> &names);

// Throws std::runtime_error with the cause and the fix.
arch_record load_record(const std::string &path);

// The emulator's command line for kernel + initrd, console on stdio.
// cpu overrides the record's CPU= (KVM's "host"); accel are the
// accelerator's options (accel::qemu_options), placed before -kernel.
std::vector<std::string> qemu_argv(const arch_record &r,
				   const std::string &kernel,
				   const std::string &initrd,
				   const std::string &append,
				   const std::string &cpu = "",
				   const std::vector<std::string> &accel = {});

} // namespace guardcheck::arch

#endif
