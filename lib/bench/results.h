// SPDX-License-Identifier: GPL-2.0
// fork_bench's Google Benchmark JSON, reduced to one record per repetition.
#ifndef GUARDCHECK_BENCH_RESULTS_H
#define GUARDCHECK_BENCH_RESULTS_H

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace guardcheck::bench
{

// One benchmark point: "<mode>/<backing>/<guard>/<vmas>" in fork_bench.
struct point_key {
	std::string mode;    // fork, fork_wait
	std::string backing; // anon, shmem, file_shared, file_private
	std::string guard;   // none, guard
	long vmas = 0;

	bool operator<(const point_key &o) const
	{
		return std::tie(mode, backing, guard, vmas) <
		       std::tie(o.mode, o.backing, o.guard, o.vmas);
	}
	bool operator==(const point_key &o) const = default;
	std::string name() const;
};

struct repetition {
	point_key key;
	double time_us = 0; // mean manual time per fork of this repetition
	std::optional<double> vmas_seen, anon_vma_added, anon_vma_chain_added;
	std::string label;
};

struct run_results {
	std::map<std::string, std::string> context; // string-valued context
	std::vector<repetition> repetitions;	    // aggregates left out
	std::vector<std::string> errors;	    // "<name>: <error_message>"
};

// Throws std::runtime_error when the text is not such a document.
run_results parse_results(std::string_view json_text);

// "fork/file_shared/guard/1024/iterations:20/manual_time" -> key; empty
// when the name does not have that shape.
std::optional<point_key> parse_point_name(std::string_view run_name);

} // namespace guardcheck::bench

#endif
