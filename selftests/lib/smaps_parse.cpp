// SPDX-License-Identifier: GPL-2.0
#include "smaps_parse.h"

#include <algorithm>
#include <charconv>

namespace
{

std::string_view next_token(std::string_view &rest)
{
	const auto begin = rest.find_first_not_of(' ');
	if (begin == std::string_view::npos) {
		rest = {};
		return {};
	}
	rest.remove_prefix(begin);
	const auto end = std::min(rest.find(' '), rest.size());
	const auto token = rest.substr(0, end);
	rest.remove_prefix(end);
	return token;
}

template <typename T> bool parse_hex(std::string_view text, T &value)
{
	const auto *last = text.data() + text.size();
	const auto result = std::from_chars(text.data(), last, value, 16);
	return result.ec == std::errc() && result.ptr == last;
}

/* "start-end perms offset dev inode [path]" */
bool parse_header(std::string_view line, vma_entry &vma)
{
	std::string_view rest = line;
	const auto range = next_token(rest);
	const auto dash = range.find('-');
	if (dash == std::string_view::npos ||
	    !parse_hex(range.substr(0, dash), vma.start) ||
	    !parse_hex(range.substr(dash + 1), vma.end))
		return false;
	vma.perms = std::string(next_token(rest));
	if (vma.perms.size() != 4 || !parse_hex(next_token(rest), vma.offset))
		return false;
	next_token(rest); /* device */
	next_token(rest); /* inode */
	const auto path_begin = rest.find_first_not_of(' ');
	if (path_begin != std::string_view::npos)
		vma.path = std::string(rest.substr(path_begin));
	return true;
}

} // namespace

bool vma_entry::has_flag(std::string_view flag) const
{
	return std::find(flags.begin(), flags.end(), flag) != flags.end();
}

std::vector<vma_entry> parse_smaps(std::string_view text)
{
	std::vector<vma_entry> vmas;
	while (!text.empty()) {
		const auto eol = std::min(text.find('\n'), text.size());
		const auto line = text.substr(0, eol);
		text.remove_prefix(std::min(eol + 1, text.size()));

		constexpr std::string_view vmflags = "VmFlags:";
		if (line.starts_with(vmflags)) {
			if (vmas.empty())
				continue;
			std::string_view rest = line.substr(vmflags.size());
			for (auto t = next_token(rest); !t.empty();
			     t = next_token(rest))
				vmas.back().flags.emplace_back(t);
			continue;
		}
		vma_entry vma;
		if (parse_header(line, vma))
			vmas.push_back(std::move(vma));
	}
	return vmas;
}

std::vector<vma_entry> vmas_overlapping(const std::vector<vma_entry> &vmas,
					std::uintptr_t start,
					std::uintptr_t end)
{
	std::vector<vma_entry> hits;
	std::copy_if(vmas.begin(), vmas.end(), std::back_inserter(hits),
		     [&](const vma_entry &vma) {
			     return vma.start < end && start < vma.end;
		     });
	return hits;
}
