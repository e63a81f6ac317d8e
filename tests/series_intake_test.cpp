// SPDX-License-Identifier: GPL-2.0
// Series intake and the manifest check, on the project's own fixture
// series (tests/fixtures/series/, see make-fixtures.sh there).
#include "series/intake.h"
#include "series/manifest.h"
#include "series/mbox.h"
#include "series/sha256.h"

#include "joined_lines.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using namespace guardcheck::series;

namespace
{

const fs::path fixtures = fs::path(FIXTURE_DIR) / "series";
const fs::path repo = fs::path(FIXTURE_DIR).parent_path().parent_path();

std::string read(const fs::path &p)
{
	std::ifstream in(p);
	std::ostringstream s;
	s << in.rdbuf();
	return s.str();
}

patch_series load_fixture(const std::string &name)
{
	return load((fixtures / name).string(), "");
}

manifest fake()
{
	return load_manifest((fixtures / "fake.manifest").string());
}

// True when one of the texts contains needle.
bool any_has(const std::vector<std::string> &texts, const std::string &needle)
{
	for (const std::string &t : texts)
		if (t.find(needle) != std::string::npos)
			return true;
	return false;
}

} // namespace

TEST(series_sha256, known_vectors)
{
	EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b"
				  "934ca495991b7852b855");
	EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a39"
				     "6177a9cb410ff61f20015ad");
	// Two blocks of padding (56 bytes of data).
	EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmn"
			     "omnopnopq"),
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd41"
		  "9db06c1");
}

TEST(series_subject, tags_versions_parts_and_replies)
{
	subject_tags t = parse_subject("[PATCH 6.18.y v4 3/9] mm: implement "
				       "sticky VMA flags");
	EXPECT_TRUE(t.patch);
	EXPECT_FALSE(t.reply);
	EXPECT_EQ(t.version, 4);
	EXPECT_EQ(t.number, 3);
	EXPECT_EQ(t.total, 9);
	EXPECT_EQ(t.title, "mm: implement sticky VMA flags");

	t = parse_subject("Re: [PATCH v2 1/2] mm: x");
	EXPECT_TRUE(t.reply);
	EXPECT_EQ(t.version, 2);

	t = parse_subject("[RFC PATCH 0/3] cover");
	EXPECT_TRUE(t.patch);
	EXPECT_EQ(t.number, 0);
	EXPECT_EQ(t.total, 3);

	t = parse_subject("[PATCH] one patch");
	EXPECT_TRUE(t.patch);
	EXPECT_EQ(t.version, 1);
	EXPECT_EQ(t.total, 0);
	EXPECT_EQ(t.title, "one patch");
}

TEST(series_upstream, the_three_conventions)
{
	EXPECT_EQ(find_upstream("commit 5dba5cc2e0ffabcdef upstream.\n\nText\n")
			  .sha,
		  "5dba5cc2e0ffabcdef");
	EXPECT_EQ(find_upstream("[ Upstream commit 568822502383 ]\n").sha,
		  "568822502383");
	EXPECT_EQ(find_upstream("Text\n(cherry picked from commit "
				"9119D6C2095B)\n")
			  .sha,
		  "9119d6c2095b");
	// After the "---" line it is the diff's business, not a reference.
	EXPECT_EQ(
		find_upstream("Text\n---\ncommit 64212ba02e66 upstream.\n").sha,
		"");
}

TEST(series_mbox, mboxrd_quoting_is_undone)
{
	std::vector<std::string> errors;
	const std::vector<message> m =
		parse_mbox(read(fixtures / "good.mbox"), "good.mbox", errors);
	EXPECT_TRUE(errors.empty()) << joined(errors);
	ASSERT_EQ(m.size(), 6U); // cover, 3 patches, a reply, a review
	EXPECT_NE(m[4].body.find("\nFrom the look of it"), std::string::npos)
		<< m[4].body;
	EXPECT_EQ(m[4].body.find(">From"), std::string::npos);
}

TEST(series_intake, good_mbox_is_ordered_and_skips_non_patches)
{
	const patch_series s = load_fixture("good.mbox");
	ASSERT_TRUE(s.errors.empty()) << joined(s.errors);
	ASSERT_EQ(s.patches.size(), 3U);
	EXPECT_EQ(s.patches[0].tags.title, "fake: define VM_MAYBE_GUARD");
	EXPECT_EQ(s.patches[2].tags.title,
		  "fake: set VM_MAYBE_GUARD on guard install");
	EXPECT_EQ(s.patches[1].upstream.sha,
		  "2222222222220000000000000000000000000002");
	ASSERT_EQ(s.patches[1].changes.files.size(), 1U);
	EXPECT_EQ(s.patches[1].changes.files[0].path, "fs/proc/task_mmu.c");
	EXPECT_EQ(s.patches[1].changes.files[0].hunks.size(), 2U);
	EXPECT_NE(s.cover.find("0/3"), std::string::npos);
	std::multiset<std::string> reasons;
	for (const skipped &k : s.ignored)
		reasons.insert(k.reason);
	EXPECT_EQ(reasons.count("cover letter"), 1U);
	EXPECT_EQ(reasons.count("reply"), 1U);
	EXPECT_EQ(reasons.count("no diff (review or discussion mail)"), 1U);
	EXPECT_EQ(s.id.size(), 16U);
}

TEST(series_intake, parts_are_ordered_by_number_not_by_position)
{
	std::vector<std::string> errors;
	const std::string text = read(fixtures / "good.mbox");
	const std::vector<message> m = parse_mbox(text, "good", errors);
	const std::string reversed =
		m[3].raw + "\n" + m[1].raw + "\n" + m[2].raw;
	const patch_series s = from_mbox_text(reversed, "reversed");
	ASSERT_TRUE(s.errors.empty()) << joined(s.errors);
	ASSERT_EQ(s.patches.size(), 3U);
	for (int i = 0; i < 3; i++) {
		EXPECT_EQ(s.patches[i].tags.number, i + 1);
		EXPECT_EQ(s.patches[i].position, i + 1);
	}
	// Same patches, same order: same identity as the original mbox.
	EXPECT_EQ(s.id, load_fixture("good.mbox").id);
}

TEST(series_intake, identity_follows_content)
{
	const std::string text = read(fixtures / "good.mbox");
	const patch_series a = from_mbox_text(text, "a");
	const patch_series b = from_mbox_text(text, "b");
	EXPECT_EQ(a.id, b.id);
	std::string changed = text;
	changed.replace(changed.find("0x00000800"), 10, "0x00000400");
	EXPECT_NE(from_mbox_text(changed, "a").id, a.id);
}

TEST(series_intake, bad_mailboxes_say_why)
{
	const std::vector<std::pair<std::string, std::string>> cases = {
		{"empty.mbox", "is empty"},
		{"malformed.mbox", "not an mbox"},
		{"missing-part.mbox", "missing part(s) 2/3"},
		{"duplicate-part.mbox", "duplicate part 1/3"},
		{"mixed-versions.mbox", "mixed versions in one series: v1 "
					"(1/3) v4 (2/3, 3/3)"},
		{"total-mismatch.mbox", "disagree on the series length"},
		{"truncated-hunk.mbox", "truncated or malformed diff"},
	};
	for (const auto &[name, reason] : cases) {
		const patch_series s = load_fixture(name);
		EXPECT_TRUE(any_has(s.errors, reason))
			<< name << " should say \"" << reason << "\", said:\n"
			<< joined(s.errors);
	}
	const patch_series none = load("/nonexistent/series.mbox", "");
	EXPECT_TRUE(any_has(none.errors, "no such file"));
	const std::string only_reply =
		"From a@b Mon Jun  1 00:00:00 2026\nFrom: a@b\nSubject: Re: "
		"[PATCH 1/2] x\n\nlooks good\n";
	EXPECT_TRUE(any_has(from_mbox_text(only_reply, "r").errors,
			    "none with a diff"));
}

TEST(series_intake, quilt_directory_follows_its_series_file)
{
	const patch_series s = load_fixture("quilt");
	ASSERT_TRUE(s.errors.empty()) << joined(s.errors);
	ASSERT_EQ(s.patches.size(), 3U);
	EXPECT_EQ(s.patches[0].tags.title, "fake: define VM_MAYBE_GUARD");
	EXPECT_EQ(s.patches[1].tags.title, "fake: show gu in smaps");
	ASSERT_EQ(s.ignored.size(), 1U);
	EXPECT_NE(s.ignored[0].source.find("stray.patch"), std::string::npos);
	EXPECT_EQ(s.ignored[0].reason, "not in the series file");
	// Plain diffs get headers so that git am can take them.
	EXPECT_EQ(s.patches[0].raw.rfind("From ", 0), 0U);

	const manifest_check v = verify(s, fake());
	EXPECT_TRUE(v.ok()) << joined(v.problems);
	EXPECT_TRUE(any_has(v.notes, "mapped by subject"));
}

TEST(series_intake, directory_without_series_file_goes_by_name)
{
	const fs::path dir = fs::temp_directory_path() /
			     ("guardcheck-quilt-" + std::to_string(getpid()));
	fs::create_directories(dir);
	// Named so that name order differs from the series file's.
	fs::copy_file(fixtures / "quilt/0003.patch", dir / "c.patch");
	fs::copy_file(fixtures / "quilt/0001.patch", dir / "a.patch");
	fs::copy_file(fixtures / "quilt/0002.patch", dir / "b.patch");
	const patch_series s = load(dir.string(), "");
	fs::remove_all(dir);
	ASSERT_TRUE(s.errors.empty()) << joined(s.errors);
	ASSERT_EQ(s.patches.size(), 3U);
	EXPECT_EQ(s.patches[2].tags.title,
		  "fake: set VM_MAYBE_GUARD on guard install");
}

TEST(series_verify, good_series_carries_the_manifest)
{
	const manifest_check v = verify(load_fixture("good.mbox"), fake());
	EXPECT_TRUE(v.ok()) << joined(v.problems);
	ASSERT_EQ(v.rows.size(), 3U);
	for (int i = 0; i < 3; i++) {
		EXPECT_EQ(v.rows[i].entry, i);
		EXPECT_EQ(v.rows[i].how, "commit <sha> upstream.");
	}
}

TEST(series_verify, lacking_wrong_and_extra_are_flagged)
{
	const manifest_check lacking =
		verify(load_fixture("lacking.mbox"), fake());
	EXPECT_FALSE(lacking.ok());
	EXPECT_TRUE(any_has(lacking.problems,
			    "missing: manifest patch 2 222222222222"))
		<< joined(lacking.problems);

	const manifest_check wrong =
		verify(load_fixture("wrong-sha.mbox"), fake());
	EXPECT_TRUE(any_has(wrong.problems, "wrong upstream SHA "
					    "9999999999990000000000000000000"
					    "000000009"))
		<< joined(wrong.problems);
	EXPECT_TRUE(any_has(wrong.problems, "the manifest has 222222222222"));

	const manifest_check extra = verify(load_fixture("extra.mbox"), fake());
	ASSERT_EQ(extra.problems.size(), 1U) << joined(extra.problems);
	EXPECT_TRUE(any_has(extra.problems, "fake: unrelated cleanup"));
	EXPECT_TRUE(any_has(extra.problems, "extra"));
}

TEST(series_manifest, project_manifests_parse_and_name_real_checks)
{
	// Checks of expectations.tsv, and those that fail before the series.
	std::set<std::string> known, pre_series_fail;
	std::istringstream in(read(repo / "selftests/expectations.tsv"));
	std::string line;
	while (std::getline(in, line)) {
		if (line.empty() || line[0] == '#')
			continue;
		const std::string check = line.substr(0, line.find('\t'));
		known.insert(check);
		if (line.find("\tfail\tpass\t") != std::string::npos)
			pre_series_fail.insert(check);
	}
	ASSERT_GT(known.size(), 30U);
	for (const char *name :
	     {"upstream-v6.19.manifest", "stable-6.18.y.manifest"}) {
		const manifest m =
			load_manifest((repo / "patches" / name).string());
		EXPECT_EQ(m.required_count(), 9) << name;
		std::set<std::string> flipped, broken;
		for (const manifest_entry &e : m.entries) {
			EXPECT_FALSE(e.files.empty()) << name << " " << e.sha;
			for (const std::string &c : e.breaks) {
				EXPECT_TRUE(known.count(c))
					<< name << ": !" << c
					<< " is not in expectations.tsv";
				broken.insert(c);
			}
			for (const std::string &c : e.checks) {
				EXPECT_TRUE(known.count(c))
					<< name << ": " << c
					<< " is not in expectations.tsv";
				EXPECT_TRUE(flipped.insert(c).second)
					<< name << ": " << c << " twice";
				// A check an earlier patch broke comes back:
				// over the whole series it does not flip.
				if (broken.erase(c))
					flipped.erase(c);
			}
		}
		// Every break is mended by a later patch of the manifest.
		EXPECT_TRUE(broken.empty()) << name << ": " << *broken.begin()
					    << " is broken and never fixed";
		// The manifest flips exactly the checks that fail before the
		// series: every one of them, and none that already passes.
		EXPECT_EQ(flipped, pre_series_fail) << name;
	}
}

TEST(series_manifest, default_by_version_and_bad_lines)
{
	EXPECT_EQ(default_manifest("p", "6.18.12"), "p/stable-6.18.y.manifest");
	EXPECT_EQ(default_manifest("p", "6.19.10"),
		  "p/upstream-v6.19.manifest");
	EXPECT_EQ(default_manifest("p", ""), "p/upstream-v6.19.manifest");
	EXPECT_EQ(tree_version((fixtures / "tree").string()), "6.18.5");
	EXPECT_THROW(parse_manifest("1\tabc\tsubject\tf\t-\n", "m"),
		     std::runtime_error);
	EXPECT_THROW(parse_manifest("2\t111111111111\ts\tf\t-\n", "m"),
		     std::runtime_error);
	EXPECT_THROW(parse_manifest("1\t111111111111\tonly three\n", "m"),
		     std::runtime_error);
	try {
		parse_manifest("# c\n1\tzz\ts\tf\t-\n", "m.manifest");
	} catch (const std::runtime_error &e) {
		EXPECT_NE(std::string(e.what()).find("m.manifest:2"),
			  std::string::npos)
			<< e.what();
	}
}
