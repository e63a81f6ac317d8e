// SPDX-License-Identifier: GPL-2.0
// No console can break the reports: a recorded console with invalid UTF-8,
// control characters and a last line cut off mid-character
// (tests/fixtures/console/noisy-utf8-cutoff.log) goes through the host
// runner's path to a run directory and through the verdict to report.html;
// every file must still be read by its reader.
#include "recorded_console.h"
#include "report/console_intake.h"
#include "report/report.h"
#include "report/results_reader.h"
#include "scratch_dir.h"
#include "verdict/judge.h"
#include "verdict/render.h"

#include "text/text_file.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <string>

namespace fs = std::filesystem;
using namespace guardcheck;

namespace
{

const fs::path repo = fs::path(FIXTURE_DIR).parent_path().parent_path();

// The console as the emulator printed it, line by line as process::run hands
// it over: split at '\n', a last line without one delivered too.
report::run boot_from_recording(const fs::path &run_dir)
{
	const std::string bytes = text::read_file(
		fs::path(FIXTURE_DIR) / "console/noisy-utf8-cutoff.log");
	report::console_intake console;
	feed_recording(console, bytes);
	report::boot_facts boot;
	boot.arch = "arm64";
	boot.tree = "/trees/linux-6.19.10";
	boot.kernel = "/builds/arm64/Image";
	boot.seconds = 12.5;
	boot.how.bound_s = 300;
	report::run r = console.finish(boot);
	fs::create_directories(run_dir);
	report::write_all(
		run_dir, r,
		{"2026-02-01T01:44:32Z", "qemu-system-aarch64 -M virt"});
	return r;
}

bool shell_ok(const std::string &command)
{
	return std::system((command + " >/dev/null 2>&1").c_str()) == 0;
}

// Checked by a tool outside the project: glibc's decoder.
bool valid_utf8_file(const fs::path &file)
{
	return shell_ok("iconv -f UTF-8 -t UTF-8 '" + file.string() + "'");
}

const ktap::test *find_case(const std::vector<ktap::test> &tests,
			    const std::string &name)
{
	for (const ktap::test &t : tests) {
		if (t.name == name)
			return &t;
		if (const ktap::test *sub = find_case(t.subtests, name))
			return sub;
	}
	return nullptr;
}

bool has_line_with(const std::vector<std::string> &lines,
		   const std::string &text)
{
	for (const std::string &l : lines)
		if (l.find(text) != std::string::npos)
			return true;
	return false;
}

// The cells of a Markdown table row: '|' not escaped by a backslash.
int unescaped_pipes(const std::string &row)
{
	int n = 0;
	for (std::size_t i = 0; i < row.size(); i++)
		if (row[i] == '\\')
			i++;
		else
			n += row[i] == '|';
	return n;
}

std::string line_starting(const std::string &text, const std::string &start)
{
	const std::size_t at = text.find("\n" + start);
	if (at == std::string::npos)
		return "";
	const std::size_t end = text.find('\n', at + 1);
	return text.substr(at + 1, end - at - 1);
}

TEST(noisy_console_report, run_directory_files_are_valid_and_read_back)
{
	const scratch_dir runs;
	const fs::path dir = runs.path() / "tree-arm64";
	boot_from_recording(dir);

	for (const char *f :
	     {"results.json", "junit.xml", "summary.md", "kcidb.json"})
		EXPECT_TRUE(valid_utf8_file(dir / f)) << f;
	nlohmann::json j;
	EXPECT_NO_THROW(j = nlohmann::json::parse(
				text::read_file(dir / "results.json")));
	nlohmann::json kcidb;
	EXPECT_NO_THROW(kcidb = nlohmann::json::parse(
				text::read_file(dir / "kcidb.json")));
	EXPECT_FALSE(kcidb.value("tests", nlohmann::json::array()).empty());
	EXPECT_EQ(j.value("outcome", ""), "guest died before the sentinel");
	EXPECT_TRUE(shell_ok("xmllint --noout '" +
			     (dir / "junit.xml").string() + "'"));

	const report::run back = report::read_results(dir / "results.json");
	EXPECT_EQ(back.outcome.exit_code, 2);
	// The noise became U+FFFD, the controls are gone, the text is kept.
	ASSERT_EQ(back.facts.size(), 3u);
	EXPECT_EQ(back.facts[2],
		  "guardcheck: host note \xEF\xBF\xBD\xEF\xBF\xBD | "
		  "pipe `tick` back\\slash <b>&amp;</b>");
	const ktap::test *failed = find_case(
		back.tests,
		"anon_vma.shmem.fork_of_guarded_mappings_allocates_none");
	ASSERT_NE(failed, nullptr);
	EXPECT_EQ(failed->result, ktap::status::fail);
	EXPECT_TRUE(has_line_with(failed->log, "+1 \xEF\xBF\xBD\xEF\xBF\xBD | "
					       "`x` \\ <b>&</b> \xEF\xBF\xBD"));
	// The case the console was cut off in crashed, its cut-off line kept.
	const ktap::test *cut =
		find_case(back.tests, "sticky.anon.mremap_move_keeps_markers");
	ASSERT_NE(cut, nullptr);
	EXPECT_EQ(cut->result, ktap::status::crashed);
	EXPECT_NE(back.outcome.cause.find("`mremap` \xEF\xBF\xBD"),
		  std::string::npos)
		<< back.outcome.cause;

	// summary.md: the cause, with its '|' and '`', stays one cell.
	const std::string md = text::read_file(dir / "summary.md");
	const std::string cause = line_starting(md, "| cause |");
	ASSERT_FALSE(cause.empty()) << md;
	EXPECT_EQ(unescaped_pipes(cause), 3) << cause;
}

TEST(noisy_console_report, verdict_report_is_valid)
{
	const scratch_dir runs;
	boot_from_recording(runs.path() / "tree-arm64");
	const verdict::matrix m =
		verdict::judge(verdict::collect(runs.path(), {"arm64"}),
			       verdict::load_expectations(
				       repo / "selftests/expectations.tsv"));
	const fs::path out = runs.path() / "verdict";
	verdict::write_verdict(out, m, verdict::read_extras(runs.path(), m));

	for (const char *f : {"report.html", "summary.md", "junit.xml",
			      "results.json", "kcidb.json"})
		EXPECT_TRUE(valid_utf8_file(out / f)) << f;
	nlohmann::json j;
	EXPECT_NO_THROW(j = nlohmann::json::parse(
				text::read_file(out / "results.json")));
	EXPECT_EQ(j.value("verdict", ""), "NO VERDICT");
	EXPECT_TRUE(shell_ok("xmllint --noout '" +
			     (out / "junit.xml").string() + "'"));
	// report.html parses as HTML without an encoding error.
	EXPECT_TRUE(shell_ok("xmllint --html --noout '" +
			     (out / "report.html").string() + "'"));
	const std::string html = text::read_file(out / "report.html");
	EXPECT_NE(html.find("&lt;b&gt;&amp;&lt;/b&gt; \xEF\xBF\xBD"),
		  std::string::npos);
	const std::string md = text::read_file(out / "summary.md");
	const std::string row = line_starting(md, "| tree ");
	ASSERT_FALSE(row.empty()) << md;
	EXPECT_EQ(unescaped_pipes(row), 6) << row;
}

} // namespace
