// SPDX-License-Identifier: GPL-2.0
// The differential verdict on small hand-made runs, and on the runs recorded
// from real guests (tests/fixtures/console).
#include "report/results_reader.h"
#include "scratch_dir.h"
#include "verdict/judge.h"
#include "verdict/render.h"

#include "console/classify.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>

namespace fs = std::filesystem;
using namespace guardcheck;
using namespace guardcheck::verdict;
using ktap::status;

namespace
{

const char *two_checks = "# check\tpre-series\tseries\tarea\n"
			 "smaps.install_sets_gu\tfail\tpass\tsmaps\n"
			 "fork.child_keeps_markers\tpass\tpass\tfork\n";

ktap::test leaf(const std::string &name, status s,
		const std::string &directive = "")
{
	ktap::test t;
	t.name = name;
	t.result = s;
	t.directive = directive;
	t.log = {"# " + name + " said something"};
	return t;
}

report::run finished_run(const std::string &arch, const std::string &kernel,
			 std::vector<ktap::test> cases)
{
	report::run r;
	r.arch = arch;
	r.facts = {"guardcheck: kernel " + kernel + " arch " + arch};
	r.outcome.kind = console::outcome::finished;
	r.outcome.exit_code = 0;
	ktap::test bin;
	bin.name = "selftests: guard_regions: a_test";
	bin.result = status::pass;
	bin.subtests = std::move(cases);
	r.tests.push_back(bin);
	return r;
}

cell_input input(role who, report::run r)
{
	cell_input in;
	in.who = who;
	in.arch = r.arch;
	in.run = std::move(r);
	return in;
}

// A tree with the series and a baseline without it, both as expected.
std::vector<cell_input> as_expected()
{
	return {input(role::tree,
		      finished_run(
			      "x86_64", "6.19.10",
			      {leaf("smaps.anon.install_sets_gu", status::pass),
			       leaf("fork.anon.child_keeps_markers",
				    status::pass)})),
		input(role::base,
		      finished_run(
			      "x86_64", "6.18.12",
			      {leaf("smaps.anon.install_sets_gu", status::fail),
			       leaf("fork.anon.child_keeps_markers",
				    status::pass)}))};
}

TEST(verdict, case_names_split_into_check_and_backing)
{
	const case_name c =
		split_case("sticky.file_shared.mremap_move_keeps_gu");
	EXPECT_EQ(c.check, "sticky.mremap_move_keeps_gu");
	EXPECT_EQ(c.backing, "file_shared");
	EXPECT_EQ(split_case("selftests: x").check, "selftests: x");
}

TEST(verdict, malformed_expectations_name_file_and_line)
{
	try {
		parse_expectations(
			"a.b\tpass\tpass\tarea\nc.d\tpass\tmaybe\tx\n",
			"exp.tsv");
		FAIL() << "no error";
	} catch (const std::runtime_error &e) {
		EXPECT_NE(std::string(e.what()).find("exp.tsv:2"),
			  std::string::npos)
			<< e.what();
	}
	EXPECT_THROW(parse_expectations("a.b\tpass\n", "x"),
		     std::runtime_error);
	EXPECT_THROW(parse_expectations("# only a comment\n", "x"),
		     std::runtime_error);
}

TEST(verdict, tree_as_series_and_base_as_pre_series_pass)
{
	const matrix m =
		judge(as_expected(), parse_expectations(two_checks, "t"));
	EXPECT_EQ(m.result, overall::pass);
	EXPECT_EQ(m.exit_code(), 0);
	EXPECT_TRUE(m.disagreements.empty());
}

TEST(verdict, upstream_selftest_is_counted_beside_and_not_judged)
{
	std::vector<cell_input> in = as_expected();
	ktap::test upstream;
	upstream.name = "selftests: upstream: reference/guard-regions";
	upstream.result = status::fail;
	upstream.subtests = {leaf("guard_regions.anon.basic", status::pass),
			     leaf("guard_regions.shmem.smaps", status::fail)};
	in[0].run->tests.push_back(upstream);
	const matrix m = judge(in, parse_expectations(two_checks, "t"));
	EXPECT_EQ(m.result, overall::pass);
	const cell *tree = m.find(role::tree, "x86_64");
	ASSERT_NE(tree, nullptr);
	EXPECT_EQ(tree->reference.passed, 1);
	EXPECT_EQ(tree->reference.failed, 1);
	EXPECT_EQ(tree->reference_failed,
		  std::vector<std::string>{"guard_regions.shmem.smaps"});
	EXPECT_EQ(tree->cases.size(), 2U);
	// A splat in upstream's test still counts against the cell.
	in[0].run->tests.back().subtests[0].kernel_warnings = {"WARNING: x"};
	EXPECT_EQ(judge(in, parse_expectations(two_checks, "t")).result,
		  overall::fail);
}

TEST(verdict, tree_without_the_series_fails_naming_check_arch_and_outcomes)
{
	auto inputs = as_expected();
	inputs[0].run->tests[0].subtests[0].result = status::fail;
	const matrix m = judge(inputs, parse_expectations(two_checks, "t"));
	EXPECT_EQ(m.result, overall::fail);
	EXPECT_EQ(m.exit_code(), 1);
	ASSERT_EQ(m.disagreements.size(), 1u);
	EXPECT_EQ(m.disagreements[0],
		  "x86_64, tree 6.19.10: smaps.anon.install_sets_gu expected "
		  "pass (series), got fail; base 6.18.12 got fail");
}

TEST(verdict, baseline_that_already_has_the_series_fails)
{
	auto inputs = as_expected();
	inputs[1].run->tests[0].subtests[0].result = status::pass;
	const matrix m = judge(inputs, parse_expectations(two_checks, "t"));
	EXPECT_EQ(m.result, overall::fail);
	ASSERT_EQ(m.disagreements.size(), 1u);
	EXPECT_NE(m.disagreements[0].find("base 6.18.12: smaps.anon."
					  "install_sets_gu expected fail "
					  "(pre-series), got pass"),
		  std::string::npos);
}

TEST(verdict, skip_agrees_and_keeps_its_reason)
{
	auto inputs = as_expected();
	inputs[0].run->tests[0].subtests[1] =
		leaf("fork.anon.child_keeps_markers", status::skip,
		     "SKIP no fork here");
	const matrix m = judge(inputs, parse_expectations(two_checks, "t"));
	EXPECT_EQ(m.result, overall::pass);
	EXPECT_NE(summary_md(m, {}).find("SKIP no fork here"),
		  std::string::npos);
}

TEST(verdict, crashed_case_and_unknown_check_disagree)
{
	auto inputs = as_expected();
	auto &cases = inputs[0].run->tests[0].subtests;
	cases[1].result = status::crashed;
	cases.push_back(leaf("mystery.anon.new_behaviour", status::pass));
	const matrix m = judge(inputs, parse_expectations(two_checks, "t"));
	EXPECT_EQ(m.result, overall::fail);
	ASSERT_EQ(m.disagreements.size(), 2u);
	EXPECT_NE(m.disagreements[0].find("got crashed"), std::string::npos);
	EXPECT_NE(m.disagreements[1].find("expected no expectation"),
		  std::string::npos);
}

TEST(verdict, binary_that_failed_after_passing_cases_is_not_lost)
{
	auto inputs = as_expected();
	inputs[0].run->tests[0].result = status::fail;
	const matrix m = judge(inputs, parse_expectations(two_checks, "t"));
	EXPECT_EQ(m.result, overall::fail);
	ASSERT_EQ(m.disagreements.size(), 1u);
	EXPECT_NE(m.disagreements[0].find("selftests: guard_regions: a_test"),
		  std::string::npos);
}

TEST(verdict, guest_that_died_gives_no_verdict)
{
	auto inputs = as_expected();
	inputs[0].run->outcome.kind = console::outcome::panic;
	inputs[0].run->outcome.cause = "Kernel panic - not syncing";
	const matrix m = judge(inputs, parse_expectations(two_checks, "t"));
	EXPECT_EQ(m.result, overall::no_verdict);
	EXPECT_EQ(m.exit_code(), 2);
	ASSERT_EQ(m.problems.size(), 1u);
	EXPECT_NE(m.problems[0].find("kernel panic"), std::string::npos);
}

TEST(verdict, missing_run_directory_gives_no_verdict)
{
	const scratch_dir runs;
	const auto inputs = collect(runs.path(), {"arm64"});
	ASSERT_EQ(inputs.size(), 2u);
	EXPECT_FALSE(inputs[0].run);
	EXPECT_NE(inputs[0].problem.find("tree-arm64/results.json is missing"),
		  std::string::npos);
	const matrix m = judge(inputs, parse_expectations(two_checks, "t"));
	EXPECT_EQ(m.exit_code(), 2);
}

TEST(verdict, results_json_round_trips)
{
	const scratch_dir dir;
	report::run r = as_expected()[1].run.value();
	r.outcome.cause = "1 test case(s) failed \"quoted\"";
	r.outcome.counts = {1, 1, 0, 0};
	report::write_all(dir.path(), r);
	const report::run back =
		report::read_results(dir.path() / "results.json");
	EXPECT_EQ(back.arch, r.arch);
	EXPECT_EQ(back.facts, r.facts);
	EXPECT_EQ(back.outcome.cause, r.outcome.cause);
	ASSERT_EQ(back.tests.size(), 1u);
	ASSERT_EQ(back.tests[0].subtests.size(), 2u);
	EXPECT_EQ(back.tests[0].subtests[0].result, status::fail);
	EXPECT_EQ(back.tests[0].subtests[1].log, r.tests[0].subtests[1].log);
}

TEST(verdict, unreadable_results_json_is_named)
{
	const scratch_dir dir;
	std::ofstream(dir.path() / "results.json") << "{\"arch\": 3";
	try {
		report::read_results(dir.path() / "results.json");
		FAIL() << "no error";
	} catch (const std::runtime_error &e) {
		EXPECT_NE(std::string(e.what()).find("is not a guardcheck "
						     "results.json"),
			  std::string::npos);
	}
}

TEST(verdict, report_files_are_written_and_html_is_self_contained)
{
	const scratch_dir dir;
	auto inputs = as_expected();
	inputs[0].run->tests[0].subtests[0].result = status::fail;
	const matrix m = judge(inputs, parse_expectations(two_checks, "t"));
	write_verdict(dir.path(), m, {});
	for (const char *f :
	     {"summary.md", "report.html", "junit.xml", "results.json"})
		EXPECT_TRUE(fs::exists(dir.path() / f)) << f;
	const std::string html = report_html(m, {});
	EXPECT_NE(html.find("smaps.install_sets_gu"), std::string::npos);
	EXPECT_NE(html.find(">FAIL</span>"), std::string::npos);
	EXPECT_EQ(html.find("src=\"http"), std::string::npos);
	EXPECT_EQ(html.find("href=\"http"), std::string::npos);
	EXPECT_NE(junit_xml(m).find("<failure message=\"expected pass "
				    "(series), got FAIL\"/>"),
		  std::string::npos);
}

report::run from_console(const std::string &fixture)
{
	std::ifstream in(std::string(FIXTURE_DIR) + "/console/" + fixture);
	console::reader c;
	for (std::string line; std::getline(in, line);)
		c.feed(line);
	report::run r;
	r.facts = c.facts();
	r.tests = c.finish_tests();
	r.outcome = console::classify(c, r.tests, {});
	return r;
}

// Real guests: 6.18.12 (old anon_vma hack) judged as the baseline agrees
// with the pre-series class wherever the fixture's suite had the check;
// judged as the tree under test it fails on the series checks.
TEST(verdict, recorded_old_kernel_is_a_baseline_and_never_a_tree)
{
	report::run old = from_console("x86_64-6.18.12-old-hack.log");
	old.arch = "x86_64";
	const expectations e = load_expectations(
		fs::path(FIXTURE_DIR).parent_path().parent_path() /
		"selftests/expectations.tsv");
	const matrix as_tree = judge({input(role::tree, old)}, e);
	EXPECT_EQ(as_tree.result, overall::fail);
	std::set<std::string> areas;
	for (const case_result &c : as_tree.cells[0].cases)
		if (!c.agrees())
			areas.insert(c.area);
	EXPECT_TRUE(areas.count("smaps"));
	EXPECT_TRUE(areas.count("sticky"));
	EXPECT_TRUE(areas.count("anon_vma"));
	EXPECT_TRUE(areas.count("fork"));
	for (const case_result &c : as_tree.cells[0].cases) {
		if (c.area == "fork" && !c.agrees()) {
			EXPECT_NE(c.check.find("gu"), std::string::npos)
				<< c.name << ": a marker check differs";
		}
	}
}

} // namespace

TEST(verdict, series_check_lines_stand_in_both_reports)
{
	scratch_dir d;
	fs::create_directories(d.path() / "series");
	std::ofstream(d.path() / "series" / "series-check.txt")
		<< "  7. mm: propagate VM_SOFTDIRTY on merge  -> 7 "
		   "6707915e030a by commit <sha> upstream.\n"
		   "  3. mm: vma_modify_flags()  differs: hunk 2 of "
		   "mm/mlock.c | ```\n";
	const matrix m =
		judge(as_expected(), parse_expectations(two_checks, "t"));
	const extras x = read_extras(d.path(), m);
	const std::string md = summary_md(m, x);
	EXPECT_NE(md.find("## The series against its manifest and upstream"),
		  std::string::npos);
	// The lines hold three backticks: the fence is longer.
	EXPECT_NE(md.find("````\n  7. mm: propagate VM_SOFTDIRTY"),
		  std::string::npos)
		<< md;
	const std::string html = report_html(m, x);
	EXPECT_NE(html.find("-&gt; 7 6707915e030a by commit &lt;sha&gt; "
			    "upstream."),
		  std::string::npos);
	EXPECT_EQ(report_html(m, read_extras(d.path() / "none", m))
			  .find("The series against"),
		  std::string::npos);
}
