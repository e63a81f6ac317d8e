// SPDX-License-Identifier: GPL-2.0
#include "bench/console_json.h"

#include "ktap/ktap.h"
#include "protocol/protocol.h"

#include <cstdlib>

namespace guardcheck::bench
{

namespace
{

bool is_json_line(std::string_view s)
{
	return !s.empty() && (s.front() == '{' || s.front() == '}' ||
			      s.front() == ' ' || s.front() == '\t');
}

} // namespace

std::vector<framed_output> extract_frames(std::string_view text)
{
	std::vector<framed_output> frames;
	bool inside = false;
	while (!text.empty()) {
		const std::size_t eol = std::min(text.find('\n'), text.size());
		const std::string line =
			ktap::strip_control(text.substr(0, eol));
		text.remove_prefix(std::min(eol + 1, text.size()));
		const std::string_view s = line;
		if (s.starts_with(protocol::bench_begin)) {
			frames.push_back({});
			frames.back().name =
				s.substr(protocol::bench_begin.size());
			inside = true;
		} else if (inside && s.starts_with(protocol::bench_end)) {
			const std::size_t rc = s.rfind(protocol::bench_rc);
			if (rc != std::string_view::npos)
				frames.back().rc =
					std::atoi(line.c_str() + rc +
						  protocol::bench_rc.size());
			inside = false;
		} else if (inside && is_json_line(s)) {
			frames.back().json += line;
			frames.back().json += '\n';
		} else if (inside && !s.empty()) {
			frames.back().notes.push_back(line);
		}
	}
	return frames;
}

} // namespace guardcheck::bench
