// SPDX-License-Identifier: GPL-2.0
#include "guest.h"

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
		std::printf("# guardcheck: mounting %s on %s failed: %s\n",
			    type, target, std::strerror(errno));
}

} // namespace

void mount_guest_filesystems()
{
	mount_one("proc", "/proc", nullptr);
	mount_one("sysfs", "/sys", nullptr);
	mount_one("devtmpfs", "/dev", nullptr);
	mount_one("tmpfs", "/tmp", "mode=1777");
	mkdir("/mnt", 0755);
	mount_one("ramfs", "/mnt/ramfs", nullptr);
}

std::map<std::string, std::string> guest_parameters()
{
	std::map<std::string, std::string> params;
	std::ifstream in("/proc/cmdline");
	for (std::string word; in >> word;) {
		if (word.rfind("guardcheck.", 0) != 0)
			continue;
		const auto eq = word.find('=');
		if (eq == std::string::npos)
			params[word.substr(11)] = "1";
		else
			params[word.substr(11, eq - 11)] = word.substr(eq + 1);
	}
	return params;
}

std::vector<std::string> guest_facts(const std::string &kconfig)
{
	std::vector<std::string> facts;
	utsname u{};
	uname(&u);
	facts.push_back(std::string("guardcheck: kernel ") + u.release +
			" arch " + u.machine);
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
	config << "guardcheck: config";
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
	if (how == "reboot")
		reboot(RB_AUTOBOOT);
	else
		reboot(RB_POWER_OFF);
	std::printf("# guardcheck: reboot(%s) failed: %s\n", how.c_str(),
		    std::strerror(errno));
	std::fflush(stdout);
	for (;;)
		pause();
}

} // namespace guardcheck::init
