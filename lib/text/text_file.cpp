// SPDX-License-Identifier: GPL-2.0
#include "text/text_file.h"

#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace guardcheck::text
{

std::string read_file(const std::filesystem::path &path)
{
	std::ifstream in(path, std::ios::binary);
	if (!in)
		throw std::runtime_error("cannot read " + path.string());
	std::ostringstream s;
	s << in.rdbuf();
	return s.str();
}

void write_file(const std::filesystem::path &path, std::string_view text)
{
	std::ofstream out(path, std::ios::binary);
	out << text;
	if (!out.flush())
		throw std::runtime_error("cannot write " + path.string());
}

std::string_view trim(std::string_view s)
{
	while (!s.empty() &&
	       std::isspace(static_cast<unsigned char>(s.front())))
		s.remove_prefix(1);
	while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
		s.remove_suffix(1);
	return s;
}

} // namespace guardcheck::text
