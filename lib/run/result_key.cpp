// SPDX-License-Identifier: GPL-2.0
#include "run/result_key.h"

#include "series/sha256.h"
#include "text/text_file.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include <unistd.h>

namespace fs = std::filesystem;

namespace guardcheck::run
{

std::string file_sha256(const fs::path &file)
{
	return series::sha256_hex(text::read_file(file));
}

fs::path runnable_self(const std::string &exe_link, long pid)
{
	if (std::string_view(exe_link).ends_with(" (deleted)"))
		return "/proc/" + std::to_string(pid) + "/exe";
	return exe_link;
}

fs::path self_exe()
{
	return runnable_self(fs::read_symlink("/proc/self/exe").string(),
			     static_cast<long>(getpid()));
}

namespace
{

std::string seconds(double s)
{
	char text[32];
	std::snprintf(text, sizeof(text), "%g", s);
	return text;
}

// The spec with every "file <dst> <src> ..." line's <src> replaced by the
// hash of its content (a path alone says nothing of what is in it).
std::string spec_lines(const fs::path &spec)
{
	std::ifstream in(spec);
	if (!in)
		throw std::runtime_error("cannot read the initramfs spec " +
					 spec.string() +
					 " (mkinitramfs.sh writes it)");
	std::string out;
	for (std::string line; std::getline(in, line);) {
		std::istringstream words(line);
		std::string kind, dst, src, rest;
		words >> kind >> dst >> src;
		std::getline(words, rest);
		if (kind == "file")
			out.append("file ")
				.append(dst)
				.append(" ")
				.append(file_sha256(src))
				.append(rest)
				.append("\n");
		else
			out += "spec " + line + "\n";
	}
	return out;
}

} // namespace

std::string describe_inputs(const result_inputs &in)
{
	std::string d;
	d += "kernel " + file_sha256(in.kernel_image) + "\n";
	d += "runner " + file_sha256(in.runner) + "\n";
	d += "arch-record " + file_sha256(in.arch_record) + "\n";
	d += spec_lines(in.initramfs_spec);
	d += "append " + in.append + "\n";
	d += "qemu-timeout " + seconds(in.qemu_timeout_s) + "\n";
	d += "test-timeout " + seconds(in.test_timeout_s) + "\n";
	return d;
}

std::string result_key(const result_inputs &in)
{
	return series::sha256_hex(describe_inputs(in)).substr(0, 16);
}

} // namespace guardcheck::run
