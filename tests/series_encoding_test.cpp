// SPDX-License-Identifier: GPL-2.0
// Intake through git mailsplit/mailinfo: the fixture series of good.mbox as
// mail clients encode it (tests/fixtures/series/encodings/, made by
// make-encodings.pl), body lines reading "From ", quilt series files with
// comments, and the real texts in ../shared/series when they are there.
#include "series/intake.h"
#include "series/manifest.h"
#include "series/mbox.h"

#include "joined_lines.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

namespace fs = std::filesystem;
using namespace guardcheck::series;

namespace
{

const fs::path fixtures = fs::path(FIXTURE_DIR) / "series";
const fs::path repo = fs::path(FIXTURE_DIR).parent_path().parent_path();
const fs::path real = repo.parent_path() / "shared/series";

std::string read(const fs::path &p)
{
	std::ifstream in(p, std::ios::binary);
	std::ostringstream s;
	s << in.rdbuf();
	return s.str();
}

// Blank lines that end a message separate it from the next one in an mbox.
std::string trailing_blanks_removed(std::string s)
{
	while (!s.empty() && s.back() == '\n')
		s.pop_back();
	return s;
}

patch_series load_fixture(const std::string &name)
{
	return load((fixtures / name).string(), "");
}

manifest fake()
{
	return load_manifest((fixtures / "fake.manifest").string());
}

} // namespace

TEST(series_encoding, every_encoding_decodes_to_the_plain_series)
{
	const patch_series plain = load_fixture("good.mbox");
	ASSERT_EQ(plain.patches.size(), 3U);
	const manifest_check plain_v = verify(plain, fake());
	for (const char *name :
	     {"qp.mbox", "base64.mbox", "latin1.mbox", "crlf.mbox"}) {
		SCOPED_TRACE(name);
		const std::string file = std::string("encodings/") + name;
		const patch_series s = load_fixture(file);
		ASSERT_TRUE(s.errors.empty()) << joined(s.errors);
		ASSERT_EQ(s.patches.size(), 3U);
		for (std::size_t i = 0; i < 3; i++) {
			const patch &p = s.patches[i], &q = plain.patches[i];
			EXPECT_EQ(p.tags.title, q.tags.title);
			EXPECT_EQ(p.tags.number, q.tags.number);
			EXPECT_EQ(p.tags.version, 4);
			EXPECT_EQ(p.upstream.sha, q.upstream.sha);
			EXPECT_EQ(trailing_blanks_removed(p.diff_text),
				  trailing_blanks_removed(q.diff_text));
			ASSERT_EQ(p.changes.files.size(),
				  q.changes.files.size());
			for (std::size_t f = 0; f < p.changes.files.size();
			     f++) {
				EXPECT_EQ(p.changes.files[f].path,
					  q.changes.files[f].path);
				EXPECT_EQ(p.changes.files[f].hunks.size(),
					  q.changes.files[f].hunks.size());
			}
			EXPECT_EQ(p.diff_text.find('\r'), std::string::npos);
		}
		const manifest_check v = verify(s, fake());
		EXPECT_TRUE(v.ok()) << joined(v.problems);
		ASSERT_EQ(v.rows.size(), plain_v.rows.size());
		for (std::size_t i = 0; i < v.rows.size(); i++) {
			EXPECT_EQ(v.rows[i].entry, plain_v.rows[i].entry);
			EXPECT_EQ(v.rows[i].how, plain_v.rows[i].how);
		}
	}
}

TEST(series_encoding, subjects_that_differ_only_in_encoding_are_one_series)
{
	// The Subject: lines as mailed have nothing in common...
	const std::string qp = read(fixtures / "encodings/qp.mbox");
	const std::string b64 = read(fixtures / "encodings/base64.mbox");
	EXPECT_EQ(qp.find("fake: define VM_MAYBE_GUARD"), std::string::npos);
	EXPECT_EQ(b64.find("fake: define VM_MAYBE_GUARD"), std::string::npos);
	EXPECT_NE(qp.find("Subject: =?UTF-8?q?"), std::string::npos);
	EXPECT_NE(b64.find("Subject: =?UTF-8?B?"), std::string::npos);
	// ... and decode to the same subjects, so the same series.
	std::vector<message> a, b;
	std::vector<std::string> errors;
	a = parse_mbox(qp, "qp", errors);
	b = parse_mbox(b64, "b64", errors);
	ASSERT_TRUE(errors.empty()) << joined(errors);
	ASSERT_EQ(a.size(), 3U);
	ASSERT_EQ(b.size(), 3U);
	for (std::size_t i = 0; i < 3; i++)
		EXPECT_EQ(a[i].subject, b[i].subject);
	EXPECT_EQ(a[0].subject,
		  "[PATCH 6.18.y v4 1/3] fake: define VM_MAYBE_GUARD");
	// One encoded mixed with plain ones is no mixed series either.
	const patch_series plain = load_fixture("good.mbox");
	const std::string mixed =
		a[0].raw + "\n" + plain.patches[1].raw + "\n" + b[2].raw;
	const patch_series s = from_mbox_text(mixed, "mixed");
	EXPECT_TRUE(s.errors.empty()) << joined(s.errors);
	EXPECT_EQ(s.patches.size(), 3U);
}

TEST(series_encoding, charsets_are_decoded_to_utf8)
{
	const patch_series s = load_fixture("encodings/latin1.mbox");
	ASSERT_TRUE(s.errors.empty()) << joined(s.errors);
	std::vector<std::string> errors;
	const std::vector<message> m = parse_mbox(
		read(fixtures / "encodings/latin1.mbox"), "latin1", errors);
	ASSERT_EQ(m.size(), 3U);
	EXPECT_NE(m[0].log.find("Tested-by: J\xc3\xb6rg Gr\xc3\xbc\xc3\x9f"
				"e <joerg@example.org>"),
		  std::string::npos)
		<< m[0].log;
	EXPECT_EQ(m[0].from, "Fixture <fixture@example.org>");
}

TEST(series_encoding, body_lines_reading_from_stay_in_their_message)
{
	std::vector<std::string> errors;
	const std::string text = read(fixtures / "encodings/from-line.mbox");
	const std::vector<message> m = parse_mbox(text, "f", errors);
	ASSERT_TRUE(errors.empty()) << joined(errors);
	ASSERT_EQ(m.size(), 1U);
	EXPECT_NE(m[0].log.find("\nFrom the start this flag"),
		  std::string::npos)
		<< m[0].log;
	EXPECT_NE(m[0].log.find("\n>From a quoted mail: \">From \" lines."),
		  std::string::npos)
		<< m[0].log;
	EXPECT_NE(m[0].log.find("\nFrom the look of it, a bare line."),
		  std::string::npos)
		<< m[0].log;
	// Written for git am, the lines are quoted again, once more each.
	const std::string again = mboxrd_of({m[0].raw});
	EXPECT_NE(again.find("\n>From the start"), std::string::npos);
	EXPECT_NE(again.find("\n>>From a quoted"), std::string::npos);
	EXPECT_NE(again.find("\n>From the look"), std::string::npos);
	EXPECT_EQ(again.rfind("From 13de4c6e", 0), 0U);
	const std::vector<message> round = parse_mbox(again, "again", errors);
	ASSERT_EQ(round.size(), 1U);
	EXPECT_EQ(round[0].log, m[0].log);

	const patch_series s = from_mbox_text(text, "f");
	ASSERT_TRUE(s.errors.empty()) << joined(s.errors);
	ASSERT_EQ(s.patches.size(), 1U);
	EXPECT_EQ(s.patches[0].changes.files.size(), 1U);
}

TEST(series_encoding, sources_name_the_line_each_message_starts_at)
{
	const std::string text = read(fixtures / "good.mbox");
	std::vector<std::string> lines = split_lines(text);
	std::vector<std::string> errors;
	const std::vector<message> m = parse_mbox("\n\n" + text, "g", errors);
	ASSERT_EQ(m.size(), 6U);
	for (const message &x : m) {
		const int line = std::stoi(x.source.substr(2));
		ASSERT_GE(line, 3);
		EXPECT_EQ(lines[line - 3].rfind("From ", 0), 0U) << x.source;
	}
}

TEST(series_encoding, quilt_series_file_comments_and_blank_lines)
{
	const fs::path dir =
		fs::temp_directory_path() /
		("guardcheck-quilt-comments-" + std::to_string(getpid()));
	fs::remove_all(dir);
	fs::create_directories(dir);
	for (const char *n : {"0001.patch", "0002.patch", "0003.patch"})
		fs::copy_file(fixtures / "quilt" / n, dir / n);
	// A mail without a separator line, quoted-printable: decoded too.
	std::string mail = read(fixtures / "encodings/qp.mbox");
	mail = mail.substr(mail.find('\n') + 1);
	mail = mail.substr(0, mail.find("\nFrom bbb746da") + 1);
	// Unnumbered like the quilt patches: only the encoded title stays.
	const std::string tag = "=?UTF-8?q?=5BPATCH_6=2E18=2Ey_v4_1/3=5D_?=\n ";
	ASSERT_NE(mail.find(tag), std::string::npos);
	mail.erase(mail.find(tag), tag.size());
	std::ofstream(dir / "0000-encoded.patch") << mail;
	std::ofstream(dir / "series")
		<< "# the series\n\n   \n0002.patch -p1 # smaps\n"
		   "#0001.patch\n\t\n0003.patch\n0000-encoded.patch\n";
	const patch_series s = load(dir.string(), "");
	fs::remove_all(dir);
	ASSERT_TRUE(s.errors.empty()) << joined(s.errors);
	ASSERT_EQ(s.patches.size(), 3U);
	EXPECT_EQ(s.patches[0].tags.title, "fake: show gu in smaps");
	EXPECT_EQ(s.patches[2].tags.title, "fake: define VM_MAYBE_GUARD");
	EXPECT_EQ(s.patches[2].upstream.sha,
		  "1111111111110000000000000000000000000001");
	EXPECT_NE(s.patches[2].diff_text.find("+#define VM_MAYBE_GUARD\t0x"),
		  std::string::npos);
	ASSERT_EQ(s.ignored.size(), 1U);
	EXPECT_NE(s.ignored[0].source.find("0001.patch"), std::string::npos);
}

TEST(series_real, stable_6_18_37_carries_the_manifest)
{
	if (!fs::is_directory(real / "stable-6.18.37"))
		GTEST_SKIP() << real << "/stable-6.18.37 is not here (the real "
			     << "texts live outside the repository)";
	const patch_series s = load((real / "stable-6.18.37").string(), "");
	ASSERT_TRUE(s.errors.empty()) << joined(s.errors);
	ASSERT_EQ(s.patches.size(), 9U);
	const manifest m = load_manifest(
		(repo / "patches/stable-6.18.y.manifest").string());
	const manifest_check v = verify(s, m);
	EXPECT_TRUE(v.ok()) << joined(v.problems);
	ASSERT_EQ(v.rows.size(), 9U);
	for (std::size_t i = 0; i < 9; i++) {
		ASSERT_GE(v.rows[i].entry, 0);
		const manifest_entry &e = m.entries[v.rows[i].entry];
		EXPECT_EQ(e.position, static_cast<int>(i) + 1);
		EXPECT_EQ(v.rows[i].how, "commit <sha> upstream.");
		EXPECT_EQ(normalize_subject(e.subject),
			  normalize_subject(s.patches[i].tags.title));
		// Every file a released patch touches is in the manifest.
		for (const file_diff &f : s.patches[i].changes.files)
			EXPECT_NE(std::find(e.files.begin(), e.files.end(),
					    f.path),
				  e.files.end())
				<< e.sha << " " << f.path;
	}
	EXPECT_EQ(joined(v.notes), "");
}

TEST(series_real, upstream_v4_posting_carries_the_manifest)
{
	if (!fs::is_regular_file(real / "upstream-v4.mbox"))
		GTEST_SKIP() << real << "/upstream-v4.mbox is not here (the "
			     << "real texts live outside the repository)";
	const patch_series s = load((real / "upstream-v4.mbox").string(), "");
	ASSERT_TRUE(s.errors.empty()) << joined(s.errors);
	ASSERT_EQ(s.patches.size(), 9U);
	EXPECT_NE(s.cover.find("[PATCH v4 0/9]"), std::string::npos);
	const manifest m = load_manifest(
		(repo / "patches/upstream-v6.19.manifest").string());
	const manifest_check v = verify(s, m);
	EXPECT_TRUE(v.ok()) << joined(v.problems);
	for (std::size_t i = 0; i < v.rows.size(); i++) {
		ASSERT_GE(v.rows[i].entry, 0);
		const manifest_entry &e = m.entries[v.rows[i].entry];
		EXPECT_EQ(e.position, static_cast<int>(i) + 1);
		EXPECT_EQ(v.rows[i].how, "subject");
		for (const file_diff &f : s.patches[i].changes.files)
			EXPECT_NE(std::find(e.files.begin(), e.files.end(),
					    f.path),
				  e.files.end())
				<< e.sha << " " << f.path;
	}
}
