// SPDX-License-Identifier: GPL-2.0
// The identity of one cell's result: everything that can change what a boot
// reports. Two boots with the same key would print the same results, so the
// second one is not run; a changed input is a new key and boots again.
#ifndef GUARDCHECK_RUN_RESULT_KEY_H
#define GUARDCHECK_RUN_RESULT_KEY_H

#include <filesystem>
#include <string>
#include <vector>

namespace guardcheck::run
{

struct result_inputs {
	std::filesystem::path kernel_image;
	// The initramfs as gen_init_cpio's spec (mkinitramfs.sh writes it
	// beside the cpio as <cpio>.spec): "file <dst> <src> <mode> ..."
	// lines count by the content of <src>, every other line as text. The
	// cpio itself also holds mtimes, which a fresh clone changes.
	std::filesystem::path initramfs_spec;
	// The host program that boots the guest and writes results.json: a
	// new parser or report is a new result.
	std::filesystem::path runner;
	std::filesystem::path arch_record;
	std::string append; // the kernel command line added (QEMU_APPEND)
	double qemu_timeout_s = 0, test_timeout_s = 0;
};

// One line per input ("kernel <sha256>", "file /init <sha256>", ...), the
// text the key is the hash of. Throws std::runtime_error naming a file that
// cannot be read.
std::string describe_inputs(const result_inputs &in);

// The first 16 hex digits of sha256(describe_inputs(in)).
std::string result_key(const result_inputs &in);

// sha256 of a file's bytes, hex; throws std::runtime_error when unreadable.
std::string file_sha256(const std::filesystem::path &file);

// The running program's own file (/proc/self/exe), to run again for a
// stage. When make has relinked it meanwhile (a second run in this
// checkout), the file is gone and the kernel names it "<path> (deleted)":
// then /proc/<pid>/exe, which still opens the program this run began with,
// so that one run never mixes two builds of the driver.
std::filesystem::path self_exe();
// The rule above, for a link's text and this process's id.
std::filesystem::path runnable_self(const std::string &exe_link, long pid);

} // namespace guardcheck::run

#endif
