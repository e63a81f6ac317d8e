// SPDX-License-Identifier: GPL-2.0
#include "guest.h"

#include "protocol/protocol.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

namespace guardcheck::init
{

namespace
{

void mount_one(const char *type, const char *target, const char *options)
{
	mkdir(target, 0755);
	if (mount(type, target, type, 0, options) != 0 && errno != EBUSY)
		say(std::string("mounting ") + type + " on " + target +
		    " failed: " + std::strerror(errno));
}

} // namespace

void say(const std::string &text)
{
	std::printf("# %s\n", protocol::fact(text).c_str());
}

void mount_guest_filesystems()
{
	mount_one("proc", "/proc", nullptr);
	mount_one("sysfs", "/sys", nullptr);
	mount_one("devtmpfs", "/dev", nullptr);
	mount_one("tmpfs", "/tmp", "mode=1777");
	mkdir("/mnt", 0755);
	mount_one("ramfs", "/mnt/ramfs", nullptr);
}

parameters guest_parameters()
{
	parameters params;
	std::ifstream in("/proc/cmdline");
	for (std::string word; in >> word;) {
		if (!word.starts_with(protocol::param_prefix))
			continue;
		const std::size_t from = protocol::param_prefix.size();
		const auto eq = word.find('=');
		if (eq == std::string::npos)
			params[word.substr(from)] = "1";
		else
			params[word.substr(from, eq - from)] =
				word.substr(eq + 1);
	}
	return params;
}

std::vector<std::string> guest_facts(const std::string &kconfig)
{
	std::vector<std::string> facts;
	utsname u{};
	uname(&u);
	facts.push_back(protocol::fact(
		std::string(protocol::fact_kernel) + ' ' + u.release + ' ' +
		std::string(protocol::fact_arch) + ' ' + u.machine));
	static const char *const wanted[] = {
		"CONFIG_TRANSPARENT_HUGEPAGE",
		"CONFIG_READ_ONLY_THP_FOR_FS",
		"CONFIG_MEM_SOFT_DIRTY",
		"CONFIG_USERFAULTFD",
		"CONFIG_IO_URING",
		"CONFIG_SLUB_DEBUG",
		"CONFIG_SHMEM",
		"CONFIG_TMPFS",
		"CONFIG_MEMFD_CREATE",
		"CONFIG_PROC_PAGE_MONITOR",
		"CONFIG_64BIT",
	};
	std::map<std::string, std::string> have;
	std::ifstream in(kconfig);
	for (std::string line; std::getline(in, line);) {
		const auto eq = line.find('=');
		if (line.rfind("CONFIG_", 0) == 0 && eq != std::string::npos)
			have[line.substr(0, eq)] = line.substr(eq + 1);
	}
	std::ostringstream config;
	config << protocol::fact_prefix << protocol::fact_config;
	if (!in.is_open() && have.empty())
		config << " unknown (no " << kconfig << ")";
	for (const char *name : wanted)
		config << ' ' << name << '='
		       << (have.count(name) ? have[name] : "n");
	facts.push_back(config.str());
	return facts;
}

void power_off(const std::string &how)
{
	std::fflush(stdout);
	sync();
	if (how == protocol::poweroff_reboot)
		reboot(RB_AUTOBOOT);
	else
		reboot(RB_POWER_OFF);
	say("reboot(" + how + ") failed: " + std::strerror(errno));
	std::fflush(stdout);
	for (;;)
		pause();
}

} // namespace guardcheck::init
