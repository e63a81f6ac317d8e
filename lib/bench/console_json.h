// SPDX-License-Identifier: GPL-2.0
// The benchmark output a guest framed on its console between
// GUARDCHECK-BENCH-BEGIN <name> and GUARDCHECK-BENCH-END <name> rc=N.
#ifndef GUARDCHECK_BENCH_CONSOLE_JSON_H
#define GUARDCHECK_BENCH_CONSOLE_JSON_H

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace guardcheck::bench
{

struct framed_output {
	std::string name;
	std::optional<int> rc;		// absent: no END line (the run died)
	std::string json;		// the JSON document's lines, in order
	std::vector<std::string> notes; // other lines inside the frame
};

// Every frame of the console text, in order. Google Benchmark's JSON lines
// all start with '{', '}' or indentation; any other line inside a frame is a
// kernel message or the program's stderr and goes to `notes`, so a printk
// in the middle of the output does not break the document.
std::vector<framed_output> extract_frames(std::string_view console_text);

} // namespace guardcheck::bench

#endif
