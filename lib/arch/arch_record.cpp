// SPDX-License-Identifier: GPL-2.0
#include "arch/arch_record.h"

#include "protocol/protocol.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace guardcheck::arch
{

namespace
{

const char *const required[] = {"QEMU",	    "MACHINE", "CPU",
				"MEMORY",   "CMDLINE", "TIMEOUT_FACTOR",
				"POWEROFF", "IMAGE"};

} // namespace

const std::string &arch_record::at(const std::string &key) const
{
	const auto it = values.find(key);
	if (it == values.end())
		throw std::runtime_error("qemu/arch/" + name + ".conf has no " +
					 key + "=; add it to the record");
	return it->second;
}

double arch_record::timeout_factor() const
{
	const std::string &text = at("TIMEOUT_FACTOR");
	std::size_t used = 0;
	double f = 0;
	try {
		f = std::stod(text, &used);
	} catch (const std::exception &) {
	}
	if (used != text.size() || f <= 0)
		throw std::runtime_error("qemu/arch/" + name +
					 ".conf: TIMEOUT_FACTOR=" + text +
					 " is not a positive number");
	return f;
}

std::vector<std::string> known_arches(const std::string &dir)
{
	std::vector<std::string> out;
	std::error_code ec;
	for (const auto &e : std::filesystem::directory_iterator(dir, ec))
		if (e.path().extension() == ".conf")
			out.push_back(e.path().stem().string());
	std::sort(out.begin(), out.end());
	return out;
}

std::string joined(const std::vector<std::string> &names)
{
	std::string out;
	for (const std::string &n : names)
		out += (out.empty() ? "" : " ") + n;
	return out;
}

arch_record load_record(const std::string &path)
{
	std::ifstream in(path);
	if (!in)
		throw std::runtime_error(
			"cannot read the arch record " + path +
			"; ARCH must name a file in qemu/arch/");
	arch_record r;
	r.name = std::filesystem::path(path).stem();
	int number = 0;
	for (std::string line; std::getline(in, line);) {
		number++;
		if (line.empty() || line[0] == '#')
			continue;
		const auto eq = line.find('=');
		if (eq == std::string::npos || eq == 0)
			throw std::runtime_error(path + ":" +
						 std::to_string(number) +
						 ": expected KEY=value");
		r.values[line.substr(0, eq)] = line.substr(eq + 1);
	}
	for (const char *key : required)
		r.at(key);
	const std::string &off = r.at("POWEROFF");
	if (off != "reboot" && off != "poweroff")
		throw std::runtime_error(path + ": POWEROFF=" + off +
					 " must be reboot or poweroff");
	r.timeout_factor();
	return r;
}

std::vector<std::string>
qemu_argv(const arch_record &r, const std::string &kernel,
	  const std::string &initrd, const std::string &append,
	  const std::string &cpu, const std::vector<std::string> &accel)
{
	std::string cmdline =
		r.at("CMDLINE") + " " +
		protocol::param(protocol::param_poweroff, r.at("POWEROFF"));
	if (!append.empty())
		cmdline += " " + append;
	// -no-reboot: a guest reboot (x86 power-off, panic=-1) ends QEMU.
	std::vector<std::string> argv = {r.at("QEMU"),
					 "-M",
					 r.at("MACHINE"),
					 "-cpu",
					 cpu.empty() ? r.at("CPU") : cpu,
					 "-m",
					 r.at("MEMORY"),
					 "-nodefaults",
					 "-display",
					 "none",
					 "-serial",
					 "stdio",
					 "-no-reboot"};
	argv.insert(argv.end(), accel.begin(), accel.end());
	argv.insert(argv.end(),
		    {"-kernel", kernel, "-initrd", initrd, "-append", cmdline});
	return argv;
}

} // namespace guardcheck::arch
