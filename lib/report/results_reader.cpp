// SPDX-License-Identifier: GPL-2.0
#include "report/results_reader.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <stdexcept>

namespace guardcheck::report
{

namespace
{

using json = nlohmann::json;

ktap::test test_from(const json &j)
{
	ktap::test t;
	t.name = j.at("name").get<std::string>();
	t.number = j.value("number", 0);
	t.result = status_from_name(j.at("status").get<std::string>());
	t.directive = j.value("directive", "");
	t.log = j.value("log", std::vector<std::string>{});
	t.kernel_warnings =
		j.value("kernel_warnings", std::vector<std::string>{});
	for (const json &s : j.value("subtests", json::array()))
		t.subtests.push_back(test_from(s));
	return t;
}

} // namespace

console::outcome outcome_from_name(std::string_view name)
{
	using console::outcome;
	for (const outcome o :
	     {outcome::finished, outcome::panic, outcome::oops, outcome::hang,
	      outcome::died, outcome::no_start})
		if (console::outcome_name(o) == name)
			return o;
	throw std::runtime_error("unknown outcome \"" + std::string(name) +
				 "\"");
}

ktap::status status_from_name(std::string_view name)
{
	using ktap::status;
	for (const status s :
	     {status::pass, status::fail, status::skip, status::crashed})
		if (ktap::status_name(s) == name)
			return s;
	throw std::runtime_error("unknown test status \"" + std::string(name) +
				 "\"");
}

run read_results(const std::filesystem::path &results_json)
{
	std::ifstream in(results_json);
	if (!in)
		throw std::runtime_error(results_json.string() +
					 ": cannot be read; did the run finish "
					 "writing its directory?");
	try {
		const json j = json::parse(in);
		run r;
		r.arch = j.at("arch").get<std::string>();
		r.tree = j.value("tree", "");
		r.kernel = j.value("kernel", "");
		r.facts = j.value("facts", std::vector<std::string>{});
		r.seconds = j.value("seconds", 0.0);
		r.outcome.kind =
			outcome_from_name(j.at("outcome").get<std::string>());
		r.outcome.exit_code = j.at("exit_code").get<int>();
		r.outcome.cause = j.value("cause", "");
		const json &n = j.at("totals");
		r.outcome.counts = {
			n.at("passed").get<int>(), n.at("failed").get<int>(),
			n.at("skipped").get<int>(), n.at("crashed").get<int>()};
		for (const json &t : j.at("tests"))
			r.tests.push_back(test_from(t));
		for (const json &w :
		     j.value("kernel_warnings", json::array())) {
			console::splat s;
			s.kind = w.value("kind", "");
			s.title = w.value("title", "");
			s.task = w.value("task", "");
			s.where = w.value("where", "");
			s.ended = w.value("ended", false);
			s.lines = w.value("lines", std::vector<std::string>{});
			r.kernel_warnings.push_back(std::move(s));
		}
		return r;
	} catch (const std::exception &e) {
		throw std::runtime_error(
			results_json.string() +
			" is not a guardcheck results.json: " + e.what());
	}
}

} // namespace guardcheck::report
