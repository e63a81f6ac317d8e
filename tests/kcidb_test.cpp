// SPDX-License-Identifier: GPL-2.0
// kcidb.json against KCIDB's I/O schema v5.3, as
// tests/fixtures/kcidb/kcidb-v5.3-guardcheck.schema.json states it, checked
// by python3-jsonschema: the runs of recorded consoles validate, and broken
// documents are rejected (so that the check can fail).
#include "recorded_console.h"
#include "report/console_intake.h"
#include "report/kcidb.h"
#include "scratch_dir.h"
#include "shell_run.h"
#include "text/text_file.h"
#include "text/utf8.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>

namespace fs = std::filesystem;
using namespace guardcheck;
using json = nlohmann::json;

namespace
{

const std::string schema =
	"tests/fixtures/kcidb/kcidb-v5.3-guardcheck.schema.json";

shell_outcome validate(const fs::path &document)
{
	return run_in_repo(
		"/usr/bin/python3 tests/fixtures/kcidb/validate.py " + schema +
		" '" + document.string() + "'");
}

// A recorded console through the host runner's path into dir.
report::run boot(const std::string &fixture, const std::string &arch,
		 const fs::path &dir, const std::string &tree)
{
	report::console_intake console;
	const std::string bytes =
		text::read_file(fs::path(FIXTURE_DIR) / "console" / fixture);
	feed_recording(console, bytes);
	report::boot_facts b;
	b.arch = arch;
	b.tree = tree;
	b.kernel = tree + "/build/" + arch + "/Image";
	b.seconds = 61.25;
	b.how.bound_s = 300;
	report::run r = console.finish(b);
	fs::create_directories(dir);
	report::write_all(dir, r,
			  {"2026-03-01T10:20:30Z", "qemu-system-x86_64 -M pc"});
	return r;
}

json read_json(const fs::path &file)
{
	return json::parse(text::read_file(file));
}

const json *test_at(const json &doc, const std::string &path)
{
	for (const json &t : doc["tests"])
		if (t["path"] == path)
			return &t;
	return nullptr;
}

TEST(kcidb, run_of_a_mutant_kernel_validates_and_names_every_case)
{
	const scratch_dir dir;
	const report::run r =
		boot("x86_64-6.19.10-mutant-atomic-mask-warn.log", "x86_64",
		     dir.path(), "/trees/linux-6.19.10");
	const shell_outcome v = validate(dir.path() / "kcidb.json");
	EXPECT_EQ(v.status, 0) << v.output;

	const json doc = read_json(dir.path() / "kcidb.json");
	EXPECT_EQ(doc["version"]["major"], 5);
	EXPECT_EQ(doc["version"]["minor"], 3);
	ASSERT_EQ(doc["checkouts"].size(), 1u);
	ASSERT_EQ(doc["builds"].size(), 1u);
	const json &build = doc["builds"][0];
	EXPECT_EQ(build["checkout_id"], doc["checkouts"][0]["id"]);
	EXPECT_EQ(build["architecture"], "x86_64");
	EXPECT_EQ(build["origin"], "guardcheck");
	std::set<std::string> ids;
	for (const json &t : doc["tests"]) {
		EXPECT_EQ(t["build_id"], build["id"]);
		EXPECT_EQ(t["origin"], "guardcheck");
		EXPECT_EQ(t["id"].get<std::string>().rfind("guardcheck:", 0),
			  0u);
		EXPECT_TRUE(ids.insert(t["id"].get<std::string>()).second)
			<< t["id"];
		EXPECT_EQ(t["start_time"], "2026-03-01T10:20:30Z");
	}
	// One test per KTAP case (as count_cases counts them), and the boot.
	const ktap::totals n = ktap::count_cases(r.tests);
	const int cases = n.passed + n.failed + n.skipped + n.crashed;
	const int extra = 1 + !r.kernel_warnings.empty(); // boot, splats
	EXPECT_EQ(static_cast<int>(doc["tests"].size()), cases + extra);

	const json *boot_test = test_at(doc, "guardcheck");
	ASSERT_NE(boot_test, nullptr);
	EXPECT_EQ((*boot_test)["status"],
		  r.outcome.exit_code ? "FAIL" : "PASS");
	const json *warned = test_at(
		doc, "guardcheck.guard_regions.anon_vma_test.anon_vma.shmem."
		     "fork_of_guarded_mappings_allocates_none");
	ASSERT_NE(warned, nullptr);
	EXPECT_EQ((*warned)["status"], "FAIL");
	EXPECT_NE((*warned)["log_excerpt"].get<std::string>().find("WARNING"),
		  std::string::npos);
	const json *upstream = test_at(doc, "guardcheck.upstream.reference."
					    "guard-regions.guard_regions.anon."
					    "smaps");
	ASSERT_NE(upstream, nullptr);
	EXPECT_EQ((*upstream)["status"], "FAIL");
	const json *passed = test_at(doc, "guardcheck.guard_regions."
					  "smaps_test.smaps.anon.pagemap_marks_"
					  "guard_pages");
	ASSERT_NE(passed, nullptr);
	EXPECT_EQ((*passed)["status"], "PASS");
	EXPECT_EQ(passed->count("log_excerpt"), 0u);
}

TEST(kcidb, noisy_console_still_validates)
{
	const scratch_dir dir;
	const report::run r = boot("noisy-utf8-cutoff.log", "arm64", dir.path(),
				   "/trees/linux-6.19.10");
	const shell_outcome v = validate(dir.path() / "kcidb.json");
	EXPECT_EQ(v.status, 0) << v.output;
	const json doc = read_json(dir.path() / "kcidb.json");
	const json *cut = test_at(doc, "guardcheck.guard_regions.sticky_test."
				       "sticky.anon.mremap_move_keeps_markers");
	ASSERT_NE(cut, nullptr);
	EXPECT_EQ((*cut)["status"], "ERROR");
	const json *never =
		test_at(doc, "guardcheck.guard_regions.sticky_test.test_5");
	ASSERT_NE(never, nullptr);
	EXPECT_EQ((*never)["status"], "MISS");
	const json *boot_test = test_at(doc, "guardcheck");
	ASSERT_NE(boot_test, nullptr);
	EXPECT_EQ((*boot_test)["status"], "ERROR"); // died: no verdict
	EXPECT_EQ(r.outcome.exit_code, 2);
}

TEST(kcidb, verdict_directory_combines_runs_and_lists_a_tree_once)
{
	const scratch_dir runs;
	boot("x86_64-6.19.10-mutant-atomic-mask-warn.log", "x86_64",
	     runs.path() / "tree-x86_64", "/trees/linux-6.19.10");
	boot("arm64-6.19.10-pass.log", "arm64", runs.path() / "tree-arm64",
	     "/trees/linux-6.19.10");
	boot("x86_64-6.18.12-old-hack.log", "x86_64",
	     runs.path() / "base-x86_64", "/trees/linux-6.18.12");
	// A run written before kcidb.json existed: made from results.json.
	fs::remove(runs.path() / "base-x86_64" / "kcidb.json");
	const fs::path out = runs.path() / "kcidb.json";
	text::write_file(
		out, report::kcidb_combined({runs.path() / "tree-x86_64",
					     runs.path() / "tree-arm64",
					     runs.path() / "base-x86_64",
					     runs.path() / "missing-i386"}));
	const shell_outcome v = validate(out);
	EXPECT_EQ(v.status, 0) << v.output;
	const json doc = read_json(out);
	EXPECT_EQ(doc["checkouts"].size(), 2u); // 6.19.10 once, 6.18.12
	EXPECT_EQ(doc["builds"].size(), 3u);
	std::set<std::string> builds;
	for (const json &b : doc["builds"])
		builds.insert(b["id"].get<std::string>());
	for (const json &t : doc["tests"])
		EXPECT_TRUE(builds.count(t["build_id"].get<std::string>()));
}

TEST(kcidb, broken_documents_are_rejected)
{
	const shell_outcome fixture =
		validate(repo_root / "tests/fixtures/kcidb/broken-kcidb.json");
	EXPECT_EQ(fixture.status, 1) << fixture.output;
	for (const char *why :
	     {"'CRASHED' is not one of", "'checkout_id' is a required property",
	      "5 was expected", "does not match '^[a-z0-9_]+$'",
	      "'waived' was unexpected"})
		EXPECT_NE(fixture.output.find(why), std::string::npos) << why;

	// A real document with one status KCIDB does not know.
	const scratch_dir dir;
	boot("arm64-6.19.10-pass.log", "arm64", dir.path(), "/t");
	json doc = read_json(dir.path() / "kcidb.json");
	doc["tests"][1]["status"] = "OK";
	text::write_file(dir.path() / "bad.json", doc.dump());
	const shell_outcome bad = validate(dir.path() / "bad.json");
	EXPECT_EQ(bad.status, 1) << bad.output;
	EXPECT_NE(bad.output.find("tests/1/status"), std::string::npos)
		<< bad.output;
}

TEST(kcidb, paths_are_dotted_names_of_allowed_characters)
{
	EXPECT_EQ(report::kcidb_path("selftests: upstream: reference/"
				     "guard-regions"),
		  "selftests.upstream.reference.guard-regions");
	EXPECT_EQ(report::kcidb_path("smaps.anon.install_sets_gu"),
		  "smaps.anon.install_sets_gu");
	EXPECT_EQ(report::kcidb_path("a b..c!"), "a_b.c");
	EXPECT_EQ(report::kcidb_path("::"), "_");
}

TEST(kcidb, statuses_are_kcidb_ones)
{
	ktap::test t;
	t.result = ktap::status::skip;
	EXPECT_EQ(report::kcidb_status(t), "SKIP");
	t.result = ktap::status::crashed;
	t.directive = "CRASHED: no result after it started";
	EXPECT_EQ(report::kcidb_status(t), "ERROR");
	t.directive = ktap::never_reported;
	EXPECT_EQ(report::kcidb_status(t), "MISS");
}

TEST(kcidb, long_logs_are_cut_to_the_schema_limit_on_a_character)
{
	report::run r;
	r.arch = "x86_64";
	ktap::test bin;
	bin.name = "selftests: guard_regions: big_test";
	bin.result = ktap::status::fail;
	ktap::test leaf;
	leaf.name = "big.anon.case";
	leaf.result = ktap::status::fail;
	leaf.log.assign(3000, "# \xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9");
	bin.subtests.push_back(leaf);
	r.tests.push_back(bin);
	const json doc = json::parse(report::kcidb_json(r, {}));
	const json *t = test_at(doc, "guardcheck.guard_regions.big_test.big."
				     "anon.case");
	ASSERT_NE(t, nullptr);
	const std::string excerpt = (*t)["log_excerpt"];
	EXPECT_TRUE(text::is_valid_utf8(excerpt));
	EXPECT_LE(excerpt.size(), 16384u);
	EXPECT_GT(excerpt.size(), 16000u);
	EXPECT_EQ(t->count("start_time"), 0u); // unknown: left out
}

} // namespace
