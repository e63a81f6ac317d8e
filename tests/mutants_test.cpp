// SPDX-License-Identifier: GPL-2.0
// The mutant catalogue (the real one in patches/mutants and broken copies)
// and the kill matrix judged from boots' folded checks.
#include "mutants/catalogue.h"
#include "mutants/kill_matrix.h"
#include "scratch_dir.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace guardcheck;
using namespace guardcheck::mutants;

namespace
{

const fs::path repo = fs::path(FIXTURE_DIR).parent_path().parent_path();
const std::vector<std::string> arches = {"arm64", "i386", "x86_64"};

void write(const fs::path &p, const std::string &text)
{
	std::ofstream(p) << text;
}

std::string thrown(const fs::path &dir)
{
	try {
		read_catalogue(dir.string(), arches);
	} catch (const std::invalid_argument &e) {
		return e.what();
	}
	return "";
}

const char *header = "# id\tupstream\thunk\tarches\tkills\tequivalent\twhat\n";

// A boot's suite checks and upstream's (the reference collection).
boot_result boot(std::map<std::string, ktap::status> checks,
		 std::map<std::string, ktap::status> upstream = {})
{
	boot_result b;
	b.ran = true;
	b.checks = std::move(checks);
	b.upstream_checks = std::move(upstream);
	return b;
}

mutant named(const std::string &id, const std::string &equivalent = "")
{
	mutant m;
	m.id = id;
	m.kills = {"smaps.*gu*"};
	m.equivalent = equivalent;
	m.what = "something";
	return m;
}

constexpr auto pass = ktap::status::pass;
constexpr auto fail = ktap::status::fail;

} // namespace

TEST(MutantCatalogue, TheRealOneIsConsistentAndLargeEnough)
{
	const auto all =
		read_catalogue((repo / "patches/mutants").string(), arches);
	EXPECT_GE(all.size(), 20U);
	int equivalent = 0;
	for (const mutant &m : all) {
		EXPECT_TRUE(fs::is_regular_file(m.patch)) << m.id;
		EXPECT_FALSE(m.upstream.empty()) << m.id;
		EXPECT_FALSE(m.hunk.empty()) << m.id;
		equivalent += !m.equivalent.empty();
		if (m.equivalent.empty()) {
			EXPECT_FALSE(m.kills.empty()) << m.id;
		}
	}
	EXPECT_LT(equivalent, static_cast<int>(all.size()) / 2);
}

TEST(MutantCatalogue, ChoosesTheSpellingOfTheTree)
{
	const auto all =
		read_catalogue((repo / "patches/mutants").string(), arches);
	const auto it =
		std::find_if(all.begin(), all.end(), [](const mutant &m) {
			return m.id == "p6-install-no-flag";
		});
	ASSERT_NE(it, all.end());
	EXPECT_EQ(it->patch_for("6.19.10"), it->patch);
	EXPECT_NE(it->patch_for("6.18.12"), it->patch);
	EXPECT_NE(it->patch_for("6.18.12").find("@6.18.patch"),
		  std::string::npos);
	EXPECT_EQ(it->patch_for("6.180.1"), it->patch);
}

TEST(MutantCatalogue, RefusesBrokenCataloguesNamingTheLine)
{
	const scratch_dir d;
	EXPECT_NE(thrown(d.path()).find("no mutant catalogue"),
		  std::string::npos);

	write(d.path() / "catalogue.tsv",
	      std::string(header) + "m1\tabc\tmm/x.c f\tall\tsmaps.*\n");
	EXPECT_NE(thrown(d.path()).find("catalogue.tsv:2: expected 7"),
		  std::string::npos);

	write(d.path() / "catalogue.tsv",
	      std::string(header) +
		      "m1\tabc\tmm/x.c f\tall\tsmaps.*\t-\twhat\n");
	EXPECT_NE(thrown(d.path()).find("no patch"), std::string::npos);

	write(d.path() / "m1.patch", "diff\n");
	EXPECT_EQ(thrown(d.path()), "");
	write(d.path() / "m2.patch", "diff\n");
	EXPECT_NE(thrown(d.path()).find("m2.patch has no row"),
		  std::string::npos);
	fs::remove(d.path() / "m2.patch");

	write(d.path() / "catalogue.tsv",
	      std::string(header) + "m1\tabc\tmm/x.c f\tmips\tsmaps.*\t-\tw\n");
	EXPECT_NE(thrown(d.path()).find("names arch mips"), std::string::npos);

	write(d.path() / "catalogue.tsv",
	      std::string(header) + "m1\tabc\tmm/x.c f\tall\t-\t-\tw\n");
	EXPECT_NE(thrown(d.path()).find("neither equivalent nor names"),
		  std::string::npos);

	write(d.path() / "catalogue.tsv",
	      std::string(header) +
		      "m1\ta\th\tall\ts.*\t-\tw\nm1\ta\th\tall\ts.*\t-\tw\n");
	EXPECT_NE(thrown(d.path()).find(":3: duplicate id m1"),
		  std::string::npos);
}

TEST(MutantCatalogue, SelectsByIdOrGlobAndRefusesUnknownNames)
{
	const std::vector<mutant> all = {named("p1-a"), named("p4-b"),
					 named("p4-c")};
	EXPECT_EQ(select(all, "").size(), 3U);
	EXPECT_EQ(select(all, "p4-*").size(), 2U);
	EXPECT_EQ(select(all, "p1-a, p4-c").size(), 2U);
	EXPECT_EQ(select(all, "p4-* p4-b").size(), 2U);
	EXPECT_THROW(select(all, "p9-*"), std::invalid_argument);
}

TEST(KillMatrix, AFailureTheTreeDoesNotHaveKills)
{
	const auto ref =
		boot({{"smaps.install_sets_gu", pass}, {"sticky.x", fail}},
		     {{"guard_regions.basic", pass}});
	const auto mut =
		boot({{"smaps.install_sets_gu", fail}, {"sticky.x", fail}},
		     {{"guard_regions.basic", pass}});
	const cell c = judge(named("m"), "x86_64", ref, mut);
	EXPECT_EQ(c.result, fate::killed);
	ASSERT_EQ(c.suite_killers.size(), 1U);
	EXPECT_EQ(c.suite_killers[0], "smaps.install_sets_gu (FAIL)");
	EXPECT_TRUE(c.upstream_ran);
	EXPECT_TRUE(c.upstream_killers.empty());
	EXPECT_TRUE(c.missed.empty());
}

TEST(KillMatrix, UpstreamKillsAreCountedApart)
{
	const auto ref =
		boot({{"smaps.a", pass}}, {{"guard_regions.basic", pass}});
	const auto mut =
		boot({{"smaps.a", pass}}, {{"guard_regions.basic", fail}});
	const cell c = judge(named("m"), "x86_64", ref, mut);
	EXPECT_EQ(c.result, fate::survived);
	EXPECT_EQ(c.upstream_killers.size(), 1U);
	EXPECT_EQ(c.missed, std::vector<std::string>{"smaps.*gu*"});
}

TEST(KillMatrix, AWarningOrAnEarlyEndKillsWithoutAFailedCheck)
{
	const auto ref = boot({{"smaps.a", pass}});
	auto mut = boot({{"smaps.a", pass}});
	mut.cell_warnings = {"WARNING: CPU: 0 PID: 1 at mm/vma.c:1"};
	EXPECT_EQ(judge(named("m"), "x86_64", ref, mut).result, fate::killed);
	auto died = boot({{"smaps.a", pass}});
	died.cause = "kernel panic: Kernel panic - not syncing";
	EXPECT_EQ(judge(named("m"), "x86_64", ref, died).result, fate::killed);
}

TEST(KillMatrix, NoResultsAreNoJudgement)
{
	boot_result none;
	none.cause = "did not apply";
	const cell c = judge(named("m"), "x86_64", boot({}), none);
	EXPECT_EQ(c.result, fate::no_result);
	EXPECT_EQ(c.cause, "did not apply");
	const cell r = judge(named("m"), "x86_64", none, boot({}));
	EXPECT_EQ(r.result, fate::no_result);
	EXPECT_NE(r.cause.find("unmutated tree"), std::string::npos);
}

TEST(KillMatrix, ScoreProblemsAndRenderings)
{
	matrix m;
	m.mutants = {named("killed"), named("survivor"),
		     named("equiv", "changes nothing"), named("broken")};
	m.arches = {"x86_64"};
	const auto ref =
		boot({{"smaps.a_gu", pass}}, {{"guard_regions.b", pass}});
	m.cells.push_back(judge(
		m.mutants[0], "x86_64", ref,
		boot({{"smaps.a_gu", fail}}, {{"guard_regions.b", fail}})));
	m.cells.push_back(judge(m.mutants[1], "x86_64", ref, ref));
	m.cells.push_back(judge(m.mutants[2], "x86_64", ref, ref));
	boot_result none;
	none.cause = "build failed";
	m.cells.push_back(judge(m.mutants[3], "x86_64", ref, none));
	EXPECT_EQ(m.score_line(),
		  "score: x86_64: suite kills 1/2 non-equivalent, upstream "
		  "1/2; 1 equivalent (0 killed)");
	ASSERT_EQ(m.problems().size(), 1U);
	EXPECT_NE(m.problems()[0].find("survivor survived"), std::string::npos);
	ASSERT_EQ(m.unjudged().size(), 1U);
	EXPECT_NE(render_text(m).find("survivor x86_64: SURVIVED"),
		  std::string::npos);
	EXPECT_NE(render_markdown(m).find("| equiv (equivalent) |"),
		  std::string::npos);
	const auto j = nlohmann::json::parse(render_json(m));
	EXPECT_EQ(j["cells"].size(), 4U);
	EXPECT_EQ(j["cells"][0]["fate"], "killed");
	EXPECT_NE(render_html_section(m).find("<section id=\"mutants\">"),
		  std::string::npos);
}
