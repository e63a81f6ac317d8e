// SPDX-License-Identifier: GPL-2.0
// selftests/expectations.tsv: the expected outcome of every suite check for
// each kernel class, and how a test name maps onto a check.
#ifndef GUARDCHECK_EXPECTATIONS_H
#define GUARDCHECK_EXPECTATIONS_H

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace guardcheck::verdict
{

// The classes semantics.md tells apart that a verdict judges against.
enum class kernel_class { pre_series, series };

std::string_view class_name(kernel_class c);

struct expectation {
	bool pass_pre_series = true;
	bool pass_series = true;
	std::string area;

	bool passes_on(kernel_class c) const
	{
		return c == kernel_class::series ? pass_series
						 : pass_pre_series;
	}
};

// Keyed by check: "<area>.<behaviour>".
using expectations = std::map<std::string, expectation, std::less<>>;

// Throws std::runtime_error naming the file and line of a malformed entry.
expectations load_expectations(const std::filesystem::path &tsv);
expectations parse_expectations(std::string_view text,
				const std::string &origin);

// A test case "<area>.<backing>.<behaviour>" split into check and backing.
struct case_name {
	std::string check;
	std::string backing;
};
case_name split_case(std::string_view test_name);

} // namespace guardcheck::verdict

#endif
