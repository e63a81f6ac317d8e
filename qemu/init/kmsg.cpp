// SPDX-License-Identifier: GPL-2.0
#include "kmsg.h"

#include "guest.h"
#include "protocol/protocol.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>

#include <fcntl.h>
#include <sys/klog.h>
#include <unistd.h>

namespace guardcheck::init
{

namespace
{

// syslog(2) actions.
constexpr int syslog_console_level = 8;
// Only KERN_EMERG reaches the console.
constexpr int quiet_level = 1;

// The first field of /proc/sys/kernel/printk; -1 when it cannot be read.
int current_console_level()
{
	int level = -1;
	if (FILE *f = std::fopen("/proc/sys/kernel/printk", "r")) {
		if (std::fscanf(f, "%d", &level) != 1)
			level = -1;
		std::fclose(f);
	}
	return level;
}

} // namespace

kernel_log::kernel_log()
{
	fd_ = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd_ < 0) {
		say(std::string("the kernel log stays on the console: "
				"/dev/kmsg: ") +
		    std::strerror(errno));
		return;
	}
	lseek(fd_, 0, SEEK_END);
	const int level = current_console_level();
	if (klogctl(syslog_console_level, nullptr, quiet_level) != 0) {
		say(std::string("the kernel log stays on the console: "
				"klogctl: ") +
		    std::strerror(errno));
		return;
	}
	console_level_ = level;
}

kernel_log::~kernel_log()
{
	drain();
	if (console_level_ > 0)
		klogctl(syslog_console_level, nullptr, console_level_);
	if (fd_ >= 0)
		close(fd_);
}

void kernel_log::drain()
{
	if (fd_ < 0)
		return;
	// What the console printed itself (below its level: emergencies, and
	// everything once an oops or panic raised the level) is not relayed
	// again. The level is read once a record is there: most calls find
	// none.
	std::optional<int> printed_below;
	// One record per read; the kernel refuses a buffer too small for it.
	char buf[8192];
	for (;;) {
		const ssize_t n = read(fd_, buf, sizeof(buf) - 1);
		if (n > 0) {
			const std::string_view record(
				buf, static_cast<std::size_t>(n));
			if (!printed_below)
				printed_below = current_console_level();
			const int level = protocol::kmsg_level(record);
			if (level < 0 || level >= *printed_below)
				std::printf(
					"%s\n",
					protocol::kmsg_line(record).c_str());
			continue;
		}
		if (n < 0 && errno == EPIPE) {
			// Overwritten before it was read: say so, go on.
			std::printf("%skernel log records were lost (the "
				    "ring buffer wrapped)\n",
				    std::string(protocol::kmsg_prefix).c_str());
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		break;
	}
	std::fflush(stdout);
}

} // namespace guardcheck::init
