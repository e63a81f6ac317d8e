// SPDX-License-Identifier: GPL-2.0
// The kernel's log on a channel of its own. While the tests run the console
// prints only emergencies (loglevel 1: panics, oopses and hung tasks raise
// it themselves), so kernel messages cannot fall between KTAP lines; the
// init reads them from /dev/kmsg instead and prints each one as a
// "GUARDCHECK-KMSG " line (protocol/protocol.h) just before the test output
// that followed it, keeping the order the splat attribution needs.
#ifndef GUARDCHECK_INIT_KMSG_H
#define GUARDCHECK_INIT_KMSG_H

namespace guardcheck::init
{

class kernel_log
{
public:
	// Opens /dev/kmsg at its end (the boot's messages are already on the
	// console) and quiets the console. A failure is said as a fact and
	// the console stays as it was.
	kernel_log();
	~kernel_log();
	kernel_log(const kernel_log &) = delete;
	kernel_log &operator=(const kernel_log &) = delete;

	// Prints every record logged since the last call.
	void drain();

private:
	int fd_ = -1;
	int console_level_ = -1; // to restore; -1: not changed
};

} // namespace guardcheck::init

#endif
