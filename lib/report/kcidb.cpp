// SPDX-License-Identifier: GPL-2.0
#include "report/kcidb.h"

#include "report/results_reader.h"
#include "series/sha256.h"
#include "text/json_dump.h"
#include "text/text_file.h"
#include "text/utf8.h"

#include <map>
#include <set>
#include <stdexcept>

namespace guardcheck::report
{

namespace fs = std::filesystem;

namespace
{

using json = nlohmann::ordered_json;

// The schema's limit for every log_excerpt, in characters.
constexpr std::size_t excerpt_limit = 16384;

std::string with_origin(std::string_view kind, const std::string &key)
{
	return std::string(kcidb_origin) + ":" + std::string(kind) + "-" +
	       series::sha256_hex(key).substr(0, 16);
}

// Strings may hold anything but NUL.
std::string kcidb_text(std::string_view s)
{
	std::string out = text::valid_utf8(s);
	std::erase(out, '\0');
	return out;
}

// Lines joined, cut at the limit on a character boundary (never more bytes
// than the limit, so never more characters).
std::string excerpt(const std::vector<std::string> &lines)
{
	std::string all;
	for (const std::string &l : lines)
		all += l + "\n";
	all = kcidb_text(all);
	if (all.size() <= excerpt_limit)
		return all;
	std::size_t cut = excerpt_limit;
	while (cut > 0 && (static_cast<unsigned char>(all[cut]) & 0xC0) == 0x80)
		cut--;
	return all.substr(0, cut);
}

// The architecture as the schema spells one: [a-z0-9_]*.
std::string architecture(std::string_view arch)
{
	std::string out;
	for (const char c : arch)
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '_')
			out += c;
		else if (c >= 'A' && c <= 'Z')
			out += static_cast<char>(c - 'A' + 'a');
		else
			out += '_';
	return out;
}

// "2026-02-01T01:44:32Z" -> "20260201T014432Z": a run's part of test ids.
std::string run_key(const provenance &p)
{
	std::string key;
	for (const char c : p.start_time)
		if ((c >= '0' && c <= '9') || c == 'T' || c == 'Z')
			key += c;
	return key.empty() ? "run" : key;
}

std::string_view boot_status(const console::run_outcome &v)
{
	if (v.kind == console::outcome::finished)
		return v.exit_code == 0 ? "PASS" : "FAIL";
	if (v.kind == console::outcome::no_start)
		return "MISS"; // the harness failed: nothing ran
	return "ERROR";	       // panic, Oops, hang, death: no verdict
}

struct builder {
	const run &r;
	const provenance &p;
	std::string build_id;
	std::string id_prefix; // build id and run key
	json tests = json::array();
	std::map<std::string, int> seen_paths;

	json environment() const
	{
		json env = {
			{"comment",
			 kcidb_text(p.environment.empty()
					    ? "QEMU guest, " + r.arch
					    : p.environment + ", " + r.arch)}};
		return env;
	}

	json &add(const std::string &path, std::string_view status)
	{
		std::string id = id_prefix + ":" + path;
		if (const int n = seen_paths[path]++)
			id += "#" + std::to_string(n + 1);
		json t = {{"build_id", build_id},
			  {"id", id},
			  {"origin", kcidb_origin},
			  {"path", path},
			  {"status", status},
			  {"environment", environment()}};
		if (!p.start_time.empty())
			t["start_time"] = p.start_time;
		tests.push_back(std::move(t));
		return tests.back();
	}

	void add_case(const ktap::test &t, const std::string &path, bool leaf)
	{
		json &j = add(path, kcidb_status(t));
		j["comment"] = kcidb_text(
			t.name +
			(t.directive.empty() ? "" : " # " + t.directive));
		std::vector<std::string> lines = t.kernel_warnings;
		lines.insert(lines.end(), t.log.begin(), t.log.end());
		if (t.result != ktap::status::pass && !lines.empty())
			j["log_excerpt"] = excerpt(lines);
		j["misc"] = {{"ktap_name", kcidb_text(t.name)},
			     {"ktap_number", t.number},
			     {"ktap_status", ktap::status_name(t.result)},
			     {"kernel_splat", !t.kernel_warnings.empty()}};
		if (!leaf)
			j["misc"]["binary_result"] = true;
	}

	// Leaves, and a parent that failed or crashed while none of its
	// leaves did (as ktap::count_cases counts it).
	void walk(const ktap::test &t, const std::string &path)
	{
		if (t.subtests.empty()) {
			add_case(t, path, true);
			return;
		}
		for (const ktap::test &s : t.subtests)
			walk(s, path + "." + kcidb_path(s.name));
		const ktap::totals below = ktap::count_cases(t.subtests);
		if ((t.result == ktap::status::fail ||
		     t.result == ktap::status::crashed) &&
		    below.failed == 0 && below.crashed == 0)
			add_case(t, path, false);
	}

	void add_boot()
	{
		const ktap::totals &n = r.outcome.counts;
		json &j =
			add(std::string(kcidb_origin), boot_status(r.outcome));
		j["comment"] = kcidb_text(
			std::string(console::outcome_name(r.outcome.kind)) +
			(r.outcome.cause.empty() ? ""
						 : ": " + r.outcome.cause));
		j["duration"] = r.seconds;
		j["misc"] = {{"outcome", console::outcome_name(r.outcome.kind)},
			     {"exit_code", r.outcome.exit_code},
			     {"passed", n.passed},
			     {"failed", n.failed},
			     {"skipped", n.skipped},
			     {"crashed", n.crashed}};
	}

	void add_outside_splats()
	{
		if (r.kernel_warnings.empty())
			return;
		std::vector<std::string> lines;
		for (const console::splat &w : r.kernel_warnings) {
			lines.push_back("# " + w.where);
			lines.insert(lines.end(), w.lines.begin(),
				     w.lines.end());
		}
		const console::splat &first = r.kernel_warnings.front();
		json &j = add(std::string(kcidb_origin) + ".kernel_splats",
			      "FAIL");
		j["comment"] = kcidb_text(
			std::to_string(r.kernel_warnings.size()) +
			" kernel splat(s) outside every test, first " +
			first.where + ": " + first.title);
		j["log_excerpt"] = excerpt(lines);
	}
};

json report_of(const run &r, const provenance &p)
{
	const std::string release = kernel_release(r);
	const std::string checkout_id =
		with_origin("checkout", r.tree + "\n" + release);
	const std::string build_id = with_origin(
		"build", checkout_id + "\n" + r.arch + "\n" + r.kernel);

	json checkout = {
		{"id", checkout_id},
		{"origin", kcidb_origin},
		{"comment",
		 kcidb_text("Linux " + release +
			    (r.tree.empty() ? "" : " from " + r.tree))},
		{"valid", true},
		{"misc",
		 {{"tree", kcidb_text(r.tree)},
		  {"kernel_release", kcidb_text(release)}}}};
	json build = {
		{"checkout_id", checkout_id},
		{"id", build_id},
		{"origin", kcidb_origin},
		{"comment", kcidb_text("Linux " + release + " for " + r.arch)},
		{"architecture", architecture(r.arch)},
		{"config_name", "tinyconfig+guardcheck"},
		{"status", "PASS"}, // it was built and booted
		{"misc", {{"kernel_image", kcidb_text(r.kernel)}}}};
	if (!p.start_time.empty())
		build["misc"]["booted_at"] = p.start_time;

	builder b{r, p, build_id, build_id + ":" + run_key(p), json::array(),
		  {}};
	b.add_boot();
	b.add_outside_splats();
	for (const ktap::test &top : r.tests) {
		std::string name = top.name;
		if (name.rfind("selftests: ", 0) == 0)
			name.erase(0, std::string_view("selftests: ").size());
		b.walk(top, std::string(kcidb_origin) + "." + kcidb_path(name));
	}
	return {{"version", {{"major", kcidb_major}, {"minor", kcidb_minor}}},
		{"checkouts", json::array({checkout})},
		{"builds", json::array({build})},
		{"tests", std::move(b.tests)}};
}

} // namespace

std::string kcidb_path(std::string_view name)
{
	std::string out, part;
	auto close = [&] {
		while (!part.empty() && part.back() == '_')
			part.pop_back();
		if (part.empty())
			return;
		if (!out.empty())
			out += '.';
		out += part;
		part.clear();
	};
	for (const char c : name) {
		if (c == ':' || c == '/' || c == '.')
			close();
		else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || c == '_' || c == '-')
			part += c;
		else if (!part.empty())
			part += '_'; // a leading space or symbol goes
	}
	close();
	return out.empty() ? "_" : out;
}

std::string_view kcidb_status(const ktap::test &t)
{
	switch (t.result) {
	case ktap::status::pass:
		return "PASS";
	case ktap::status::fail:
		return "FAIL";
	case ktap::status::skip:
		return "SKIP";
	case ktap::status::crashed:
		break;
	}
	return t.directive == ktap::never_reported ? "MISS" : "ERROR";
}

std::string kcidb_json(const run &r, const provenance &p)
{
	return text::json_document(report_of(r, p));
}

std::string kcidb_combined(const std::vector<fs::path> &runs)
{
	json all = {
		{"version", {{"major", kcidb_major}, {"minor", kcidb_minor}}},
		{"checkouts", json::array()},
		{"builds", json::array()},
		{"tests", json::array()}};
	std::set<std::string> ids;
	for (const fs::path &dir : runs) {
		json one;
		if (fs::exists(dir / "kcidb.json"))
			one = json::parse(text::read_file(dir / "kcidb.json"),
					  nullptr, false);
		else if (fs::exists(dir / "results.json"))
			try {
				one = report_of(
					read_results(dir / "results.json"), {});
			} catch (const std::runtime_error &) {
				continue; // the verdict names that run's
					  // problem
			}
		if (!one.is_object())
			continue;
		for (const char *kind : {"checkouts", "builds", "tests"})
			for (const json &o : one.value(kind, json::array()))
				if (ids.insert(std::string(kind) + " " +
					       o.value("id", ""))
					    .second)
					all[kind].push_back(o);
	}
	return text::json_document(all);
}

} // namespace guardcheck::report
