// SPDX-License-Identifier: GPL-2.0
// The driver's leaf steps are commands (scripts/kernel-src.sh,
// qemu/kbuild.sh, qemu/mkinitramfs.sh, make): their stderr goes straight to
// ours, their stdout ends with the one path they produce.
#ifndef GUARDCHECK_RUN_LEAF_H
#define GUARDCHECK_RUN_LEAF_H

#include <string>
#include <vector>

namespace guardcheck::run
{

struct leaf {
	std::vector<std::string> argv;
	std::vector<std::string> env; // process::options::env
	std::string cwd;
	bool stdout_to_stderr = false; // true: print stdout as progress too
};

struct leaf_result {
	int exit_code = 2; // the command's exit status; 2 when it did not run
			   // or was killed
	std::string last_line; // its stdout's last non-empty line
	std::string how;       // "exit 3", "signal 9 (...)" for messages
};

leaf_result run_leaf(const leaf &l);

} // namespace guardcheck::run

#endif
