// SPDX-License-Identifier: GPL-2.0
#include "verdict/expectations.h"

#include "text/text_file.h"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace guardcheck::verdict
{

namespace
{

bool outcome_word(const std::string &word, const std::string &where)
{
	if (word == "pass")
		return true;
	if (word == "fail")
		return false;
	throw std::runtime_error(where + ": expected outcome \"" + word +
				 "\" is neither pass nor fail");
}

} // namespace

std::string_view class_name(kernel_class c)
{
	return c == kernel_class::series ? "series" : "pre-series";
}

expectations parse_expectations(std::string_view text,
				const std::string &origin)
{
	expectations out;
	std::istringstream in{std::string(text)};
	std::string line;
	for (int number = 1; std::getline(in, line); number++) {
		if (line.empty() || line[0] == '#')
			continue;
		const std::string where = origin + ":" + std::to_string(number);
		std::vector<std::string> fields;
		std::istringstream cols(line);
		for (std::string f; std::getline(cols, f, '\t');)
			fields.push_back(f);
		if (fields.size() != 4)
			throw std::runtime_error(
				where +
				": want 4 tab-separated fields (check, "
				"pre-series, series, area), got " +
				std::to_string(fields.size()));
		expectation e;
		e.pass_pre_series = outcome_word(fields[1], where);
		e.pass_series = outcome_word(fields[2], where);
		e.area = fields[3];
		if (!out.emplace(fields[0], e).second)
			throw std::runtime_error(where + ": check " +
						 fields[0] +
						 " is listed twice");
	}
	if (out.empty())
		throw std::runtime_error(origin + ": no expectations in it");
	return out;
}

expectations load_expectations(const std::filesystem::path &tsv)
{
	return parse_expectations(text::read_file(tsv), tsv.string());
}

case_name split_case(std::string_view test_name)
{
	const auto first = test_name.find('.');
	const auto second = first == std::string_view::npos
				    ? first
				    : test_name.find('.', first + 1);
	if (second == std::string_view::npos)
		return {std::string(test_name), ""};
	return {std::string(test_name.substr(0, first)) + "." +
			std::string(test_name.substr(second + 1)),
		std::string(test_name.substr(first + 1, second - first - 1))};
}

} // namespace guardcheck::verdict
