// SPDX-License-Identifier: GPL-2.0
// The bisect table: which patch of a series flips which check, judged
// against the manifest, on recorded results (console logs of real 6.18.12
// and 6.19.10 guests) and on small KTAP texts.
#include "ktap/ktap.h"
#include "series/bisect.h"
#include "series/intake.h"
#include "series/manifest.h"

#include "joined_lines.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using namespace guardcheck;
using namespace guardcheck::series;

namespace
{

const fs::path fixtures = fs::path(FIXTURE_DIR);
const fs::path repo = fixtures.parent_path().parent_path();

std::string read(const fs::path &p)
{
	std::ifstream in(p);
	std::ostringstream s;
	s << in.rdbuf();
	return s.str();
}

step recorded(const std::string &label, const std::string &text)
{
	step s;
	s.label = label;
	s.ran = true;
	s.checks = fold_checks(ktap::parse(text));
	return s;
}

// Series patch i is manifest entry i-1 (a series that is the manifest).
manifest_check identity_rows(const manifest &m)
{
	manifest_check v;
	int n = 0;
	for (std::size_t i = 0; i < m.entries.size(); i++)
		if (m.entries[i].required())
			v.rows.push_back({++n, static_cast<int>(i), "test"});
	return v;
}

// A KTAP run of one binary with the given "name ok|not ok" results.
std::string ktap_run(const std::vector<std::pair<std::string, bool>> &tests)
{
	std::string t = "KTAP version 1\n1..1\n# Subtest: smaps_test\n# 1.." +
			std::to_string(tests.size()) + "\n";
	int n = 0;
	bool all = true;
	for (const auto &[name, ok] : tests) {
		t += std::string("# ") + (ok ? "ok " : "not ok ") +
		     std::to_string(++n) + " " + name + "\n";
		all = all && ok;
	}
	t += std::string(all ? "ok" : "not ok") + " 1 smaps_test\n";
	return t;
}

const manifest fake =
	load_manifest((fixtures / "series/fake.manifest").string());

} // namespace

TEST(series_bisect, check_names_drop_the_backing)
{
	EXPECT_EQ(check_name("smaps.file_shared.install_sets_gu"),
		  "smaps.install_sets_gu");
	EXPECT_EQ(check_name("fork_wipeonfork.anon.child_vma_shows_gu"),
		  "fork_wipeonfork.child_vma_shows_gu");
	EXPECT_EQ(check_name("smaps_test"), "smaps_test");
	EXPECT_EQ(check_name("a.b"), "a.b");
}

TEST(series_bisect, one_failing_backing_fails_the_check)
{
	const auto c = fold_checks(ktap::parse(ktap_run({
		{"smaps.anon.install_sets_gu", true},
		{"smaps.shmem.install_sets_gu", false},
		{"smaps.anon.fresh_mapping_has_no_gu", true},
	})));
	EXPECT_EQ(c.at("smaps.install_sets_gu"), ktap::status::fail);
	EXPECT_EQ(c.at("smaps.fresh_mapping_has_no_gu"), ktap::status::pass);
}

TEST(series_bisect, flip_at_the_manifest_patch_is_ok)
{
	const std::string before =
		ktap_run({{"smaps.anon.install_sets_gu", false},
			  {"fork.anon.child_vmas_show_gu", false},
			  {"smaps.anon.fresh_mapping_has_no_gu", true}});
	const std::string after =
		ktap_run({{"smaps.anon.install_sets_gu", true},
			  {"fork.anon.child_vmas_show_gu", true},
			  {"smaps.anon.fresh_mapping_has_no_gu", true}});
	const std::vector<step> steps = {
		recorded("base", before), recorded("1", before),
		recorded("2", before), recorded("3", after)};
	const bisect_table t = make_table(steps, fake, identity_rows(fake));
	EXPECT_TRUE(t.ok()) << joined(t.problems) << t.text;
	ASSERT_EQ(t.flips.size(), 2U);
	for (const flip &f : t.flips) {
		EXPECT_EQ(f.step, 3);
		EXPECT_EQ(f.expected, 3);
		EXPECT_EQ(f.from, ktap::status::fail);
		EXPECT_EQ(f.to, ktap::status::pass);
	}
	EXPECT_NE(t.text.find("smaps.install_sets_gu"), std::string::npos);
	EXPECT_NE(t.text.find("F    F  F  P* 3     3"), std::string::npos)
		<< t.text;
}

// arm64 has no soft-dirty: a check the manifest expects to flip that
// skips at every step is said to be unchecked, neither passed over in
// silence nor a problem.
TEST(series_bisect, expected_flip_skipped_everywhere_is_unchecked)
{
	const std::string skipping =
		"KTAP version 1\n1..1\n# Subtest: smaps_test\n# 1..2\n"
		"# ok 1 smaps.anon.install_sets_gu # SKIP no soft-dirty\n"
		"# ok 2 fork.anon.child_vmas_show_gu # SKIP no soft-dirty\n"
		"ok 1 smaps_test\n";
	const std::vector<step> steps = {
		recorded("base", skipping), recorded("1", skipping),
		recorded("2", skipping), recorded("3", skipping)};
	const bisect_table t = make_table(steps, fake, identity_rows(fake));
	EXPECT_EQ("", joined(t.problems));
	EXPECT_EQ("fork.child_vmas_show_gu skipped at every step: its flip at "
		  "patch 3 (3 333333333333) is not checked here\n"
		  "smaps.install_sets_gu skipped at every step: its flip at "
		  "patch 3 (3 333333333333) is not checked here\n",
		  joined(t.unchecked));
}

TEST(series_bisect, flip_at_another_patch_regression_and_no_results)
{
	const std::string before =
		ktap_run({{"smaps.anon.install_sets_gu", false},
			  {"fork.anon.child_vmas_show_gu", false},
			  {"smaps.anon.fresh_mapping_has_no_gu", true}});
	const std::string early =
		ktap_run({{"smaps.anon.install_sets_gu", true},
			  {"fork.anon.child_vmas_show_gu", false},
			  {"smaps.anon.fresh_mapping_has_no_gu", false}});
	step broken;
	broken.label = "3";
	broken.cause = "qemu/run.sh exit 2";
	const std::vector<step> steps = {recorded("base", before),
					 recorded("1", before),
					 recorded("2", early), broken};
	const bisect_table t = make_table(steps, fake, identity_rows(fake));
	EXPECT_FALSE(t.ok());
	const std::string all = joined(t.problems);
	EXPECT_NE(all.find("smaps.install_sets_gu F->P at patch 2; the "
			   "manifest names patch 3"),
		  std::string::npos)
		<< all;
	EXPECT_NE(all.find("smaps.fresh_mapping_has_no_gu P->F at patch 2: a "
			   "regression"),
		  std::string::npos)
		<< all;
	EXPECT_NE(all.find("step 3: no results (qemu/run.sh exit 2)"),
		  std::string::npos)
		<< all;
	EXPECT_NE(all.find("fork.child_vmas_show_gu was expected to flip at "
			   "patch 3"),
		  std::string::npos)
		<< all;
	EXPECT_NE(t.text.find('?'), std::string::npos) << t.text;
}

TEST(series_bisect, unexpected_flip_is_named)
{
	const std::vector<step> steps = {
		recorded("base", ktap_run({{"sticky.anon.mremap_move_keeps_gu",
					    false}})),
		recorded("1", ktap_run({{"sticky.anon.mremap_move_keeps_gu",
					 true}}))};
	const bisect_table t = make_table(steps, fake, identity_rows(fake));
	ASSERT_EQ(t.problems.size(), 1U) << joined(t.problems);
	EXPECT_NE(t.problems[0].find("which no manifest patch is expected to "
				     "flip"),
		  std::string::npos);
}

// Recorded guests: 6.18.12 with the old anon_vma hack stands for the tree
// before patch 6, a 6.19.10 guest for the tree from patch 6 on.
TEST(series_bisect, recorded_runs_flip_the_gu_checks_at_patch_6)
{
	const manifest stable = load_manifest(
		(repo / "patches/stable-6.18.y.manifest").string());
	const std::string old =
		read(fixtures / "console/x86_64-6.18.12-old-hack.log");
	const std::string fixed =
		read(fixtures / "console/arm64-6.19.10-pass.log");
	std::vector<step> steps = {recorded("base", old)};
	for (int i = 1; i <= 9; i++)
		steps.push_back(
			recorded(std::to_string(i), i < 6 ? old : fixed));
	const bisect_table t = make_table(steps, stable, identity_rows(stable));
	EXPECT_TRUE(t.ok()) << joined(t.problems) << t.text;
	int gu_flips = 0;
	for (const flip &f : t.flips) {
		EXPECT_EQ(f.step, 6) << f.check;
		if (f.to == ktap::status::pass)
			gu_flips++;
	}
	EXPECT_EQ(gu_flips, 15) << t.text;

	// The same runs one patch early: every one of them is a mismatch.
	steps[5] = recorded("5", fixed);
	const bisect_table early =
		make_table(steps, stable, identity_rows(stable));
	EXPECT_EQ(early.problems.size(), 15U) << joined(early.problems);
}

// A real bisect (see fixtures/series/bisect-hide-gu/README): a patch that
// only hides the gu mnemonic flips every smaps-visible series check to fail
// and leaves the markers and the anon_vma accounting alone.
TEST(series_bisect, recorded_real_bisect_of_a_patch_hiding_gu)
{
	const fs::path dir = fixtures / "series/bisect-hide-gu";
	const std::vector<step> steps = {
		recorded("base", read(dir / "step-00.ktap")),
		recorded("1", read(dir / "step-01.ktap"))};
	manifest_check none; // the patch is in no manifest
	none.rows.push_back({1, -1, ""});
	const bisect_table t = make_table(steps, fake, none);
	std::set<std::string> flipped;
	for (const flip &f : t.flips) {
		EXPECT_EQ(f.step, 1);
		EXPECT_EQ(f.from, ktap::status::pass) << f.check;
		EXPECT_EQ(f.to, ktap::status::fail) << f.check;
		flipped.insert(f.check);
	}
	EXPECT_EQ(flipped.size(), 13U) << t.text;
	EXPECT_TRUE(flipped.count("smaps.install_sets_gu"));
	EXPECT_TRUE(flipped.count("fork_wipeonfork.child_vma_shows_gu"));
	EXPECT_FALSE(flipped.count("anon_vma.guard_install_allocates_none"));
	EXPECT_FALSE(flipped.count("fork.child_keeps_markers"));
	EXPECT_EQ(t.problems.size(), 13U);
	EXPECT_TRUE(t.problems[0].find("a regression") != std::string::npos);
}

TEST(series_bisect,
     a_break_the_manifest_knows_is_a_note_and_any_other_a_regression)
{
	// Patch 2 breaks fresh_mapping_has_no_gu, patch 3 fixes it, as a
	// manifest with "!check" on 2 and the check on 3 says.
	manifest m = fake;
	m.entries[1].breaks = {"smaps.fresh_mapping_has_no_gu"};
	m.entries[2].checks.push_back("smaps.fresh_mapping_has_no_gu");
	const auto run = [](bool gu, bool fresh) {
		return ktap_run(
			{{"smaps.anon.install_sets_gu", gu},
			 {"fork.anon.child_vmas_show_gu", gu},
			 {"smaps.anon.fresh_mapping_has_no_gu", fresh}});
	};
	const std::vector<step> steps = {recorded("base", run(false, true)),
					 recorded("1", run(false, true)),
					 recorded("2", run(false, false)),
					 recorded("3", run(true, true))};
	const bisect_table t = make_table(steps, m, identity_rows(m));
	EXPECT_TRUE(t.ok()) << joined(t.problems) << t.text;
	ASSERT_EQ(t.notes.size(), 1U);
	EXPECT_NE(t.notes[0].find("smaps.fresh_mapping_has_no_gu P->F at "
				  "patch 2: known"),
		  std::string::npos)
		<< t.notes[0];
	// Broken at 1 instead: the manifest did not say so.
	const std::vector<step> early = {recorded("base", run(false, true)),
					 recorded("1", run(false, false)),
					 recorded("2", run(false, false)),
					 recorded("3", run(true, true))};
	const bisect_table e = make_table(early, m, identity_rows(m));
	EXPECT_NE(joined(e.problems)
			  .find("smaps.fresh_mapping_has_no_gu "
				"P->F at patch 1: a regression"),
		  std::string::npos)
		<< joined(e.problems);
}

TEST(series_bisect, the_stable_manifest_reads_its_breaks)
{
	const manifest m = load_manifest(
		(repo / "patches" / "stable-6.18.y.manifest").string());
	const std::string uffd =
		"uffd_fork.without_event_fork_child_has_no_ptes_but_markers";
	EXPECT_EQ(m.entries[4].breaks, std::vector<std::string>{uffd});
	EXPECT_NE(std::find(m.entries[8].checks.begin(),
			    m.entries[8].checks.end(), uffd),
		  m.entries[8].checks.end());
}
