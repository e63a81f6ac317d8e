// SPDX-License-Identifier: GPL-2.0
// results.json: the run as results_reader.cpp reads it back.
#include "report/report.h"

#include "text/json_dump.h"

namespace guardcheck::report
{

namespace
{

using json = nlohmann::ordered_json;

json test_json(const ktap::test &t)
{
	json j = {{"name", t.name},
		  {"number", t.number},
		  {"status", ktap::status_name(t.result)}};
	if (!t.directive.empty())
		j["directive"] = t.directive;
	if (!t.log.empty())
		j["log"] = t.log;
	if (!t.kernel_warnings.empty())
		j["kernel_warnings"] = t.kernel_warnings;
	if (!t.subtests.empty()) {
		json &subtests = j["subtests"] = json::array();
		for (const ktap::test &s : t.subtests)
			subtests.push_back(test_json(s));
	}
	return j;
}

json splat_json(const console::splat &w)
{
	return {{"kind", w.kind},   {"title", w.title}, {"task", w.task},
		{"where", w.where}, {"ended", w.ended}, {"lines", w.lines}};
}

} // namespace

std::string results_json(const run &r)
{
	const ktap::totals &n = r.outcome.counts;
	// run::run_status (`guardcheck status`, the CI run jobs) takes the
	// first line holding "exit_code": it stays a top-level member ahead
	// of every nested one.
	json j = {{"arch", r.arch},
		  {"tree", r.tree},
		  {"kernel", r.kernel},
		  {"outcome", console::outcome_name(r.outcome.kind)},
		  {"exit_code", r.outcome.exit_code},
		  {"cause", r.outcome.cause},
		  {"seconds", r.seconds},
		  {"totals",
		   {{"passed", n.passed},
		    {"failed", n.failed},
		    {"skipped", n.skipped},
		    {"crashed", n.crashed}}},
		  {"facts", r.facts}};
	if (!r.accel.empty()) {
		json &e = j["emulation"] = {{"accelerator", r.accel},
					    {"cpu", r.cpu},
					    {"why", r.accel_reason}};
		if (!r.bench_clock.empty())
			e["bench_clock"] = r.bench_clock;
	}
	json &warnings = j["kernel_warnings"] = json::array();
	for (const console::splat &w : r.kernel_warnings)
		warnings.push_back(splat_json(w));
	json &tests = j["tests"] = json::array();
	for (const ktap::test &t : r.tests)
		tests.push_back(test_json(t));
	return text::json_document(j);
}

} // namespace guardcheck::report
