// SPDX-License-Identifier: GPL-2.0
#include "series/apply.h"

#include "text/text_file.h"

#include "series/command.h"
#include "series/sha256.h"

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <unistd.h>

namespace fs = std::filesystem;

namespace guardcheck::series
{

namespace
{

using std::chrono::minutes;
using std::chrono::seconds;

std::string trimmed(std::string s)
{
	while (!s.empty() && (s.back() == '\n' || s.back() == ' '))
		s.pop_back();
	return s;
}

std::string last_lines(const std::string &text, int n)
{
	std::vector<std::string> lines = split_lines(text);
	std::string out;
	const std::size_t from = lines.size() > static_cast<std::size_t>(n)
					 ? lines.size() - n
					 : 0;
	for (std::size_t i = from; i < lines.size(); i++)
		out += (out.empty() ? "" : " | ") + lines[i];
	return out;
}

// The hunk of file in p whose preimage starts at line (git apply names the
// line of the hunk it could not place); 0 when none does.
int hunk_at(const patch &p, const std::string &file, int line)
{
	for (const file_diff &f : p.changes.files) {
		if (f.path != file)
			continue;
		for (std::size_t i = 0; i < f.hunks.size(); i++)
			if (f.hunks[i].old_start == line)
				return static_cast<int>(i) + 1;
	}
	return 0;
}

// `git apply` (its --check dry run when dry) of file in dir. Outside a
// repository git apply works like patch(1) without fuzz; context below 3
// lets it drop that many lines of context, as patch's fuzz does. The
// ceiling keeps git from finding a repository above dir (a cache inside a
// work tree). On failure reads the file, line and hunk into where.
bool run_git_apply(const patch &p, const std::string &dir, const fs::path &file,
		   bool dry, int context, conflict &where)
{
	std::vector<std::string> argv = {"git",	  "-C",	 dir,
					 "apply", "-p1", "--whitespace=nowarn"};
	if (context < 3)
		argv.push_back("-C" + std::to_string(context));
	if (dry)
		argv.emplace_back("--check");
	argv.push_back(file.string());
	const command_result r =
		run_command(argv, minutes(5), true,
			    {"GIT_CEILING_DIRECTORIES=" +
			     fs::path(dir).parent_path().string()});
	if (r.ok)
		return true;
	static const std::regex failed("^error: patch failed: (.*):([0-9]+)$");
	static const std::regex missing(
		"^error: (.*): (No such file or directory|does not exist in "
		"index)$");
	std::string said;
	for (const std::string &l : split_lines(r.output)) {
		std::smatch m;
		if (l.rfind("error: ", 0) == 0)
			said += (said.empty() ? "" : " | ") + l.substr(7);
		if (!where.file.empty())
			continue;
		if (std::regex_search(l, m, failed)) {
			where.file = m.str(1);
			where.line = std::stoi(m.str(2));
			where.hunk = hunk_at(p, where.file, where.line);
		} else if (std::regex_search(l, m, missing)) {
			where.file = m.str(1);
			where.detail = "a file it patches is not in the tree";
		}
	}
	if (where.detail.empty())
		where.detail = "git apply: " +
			       (said.empty() ? last_lines(r.output, 3) : said);
	return false;
}

bool newer_file_in(const fs::path &tree, fs::file_time_type stamp)
{
	std::error_code ec;
	for (fs::recursive_directory_iterator it(
		     tree, fs::directory_options::skip_permission_denied, ec),
	     end;
	     it != end; it.increment(ec)) {
		if (ec)
			return true;
		if (it->is_symlink(ec)) {
			if (it->is_directory(ec))
				it.disable_recursion_pending();
			continue;
		}
		if (it->is_regular_file(ec) && it->last_write_time(ec) > stamp)
			return true;
	}
	return false;
}

} // namespace

std::string conflict::text() const
{
	std::string s = "patch " + std::to_string(patch) + " \"" + subject +
			"\" does not apply";
	if (!file.empty()) {
		s += ": file " + file;
		if (hunk > 0)
			s += ", hunk " + std::to_string(hunk);
		if (line > 0)
			s += " (at line " + std::to_string(line) + ")";
	}
	if (!detail.empty())
		s += (file.empty() ? ": " : "; ") + detail;
	return s;
}

tree_info inspect_tree(const std::string &tree)
{
	tree_info t;
	std::error_code ec;
	const fs::path canon = fs::canonical(tree, ec);
	if (ec || !fs::is_directory(canon)) {
		t.error = "tree " + tree + " does not exist";
		return t;
	}
	t.path = canon.string();
	t.version = tree_version(t.path);
	const command_result top = run_command(
		{"git", "-C", t.path, "rev-parse", "--show-toplevel", "HEAD"},
		seconds(30));
	const std::vector<std::string> said = split_lines(top.output);
	if (top.ok && said.size() == 2 && said[0] == t.path) {
		t.git = true;
		t.head = said[1];
		const command_result dirty = run_command(
			{"git", "--no-optional-locks", "-C", t.path, "status",
			 "--porcelain", "--untracked-files=no"},
			minutes(5));
		if (!dirty.ok || t.head.size() != 40)
			t.error = "git cannot read the tree " + t.path + ": " +
				  last_lines(dirty.output, 2);
		else if (!trimmed(dirty.output).empty())
			t.error = t.path +
				  " has uncommitted changes; the series is "
				  "applied onto HEAD, so commit or stash "
				  "them first";
		t.id = "git-" + t.head.substr(0, 12);
	} else {
		t.id = canon.filename().string() + "-" +
		       sha256_hex(t.path + "\n" + t.version).substr(0, 8);
	}
	return t;
}

std::string plain_copy(const tree_info &t, const std::string &dest)
{
	fs::remove_all(dest);
	fs::create_directories(fs::path(dest).parent_path());
	if (t.git) {
		const command_result r = run_command(
			{"git", "clone", "-q", "--no-checkout", t.path, dest},
			minutes(30));
		if (!r.ok)
			return "git clone " + t.path +
			       " failed: " + last_lines(r.output, 3);
		const command_result c =
			run_command({"git", "-C", dest, "checkout", "-q",
				     "--detach", t.head},
				    minutes(30));
		if (!c.ok)
			return "git checkout " + t.head +
			       " failed: " + last_lines(c.output, 3);
		return "";
	}
	const command_result r = run_command(
		{"cp", "-a", "--reflink=auto", t.path, dest}, minutes(30));
	return r.ok ? ""
		    : "copying " + t.path +
			       " failed: " + last_lines(r.output, 3);
}

bool apply_with_patch(const patch &p, const std::string &dir,
		      const std::string &scratch, conflict &where,
		      std::string *note)
{
	const fs::path file =
		fs::path(scratch) / ("patch-" + std::to_string(p.position));
	text::write_file(file, p.diff_text);
	where = conflict{};
	where.patch = p.position;
	where.subject = p.tags.title;
	conflict exact = where;
	if (run_git_apply(p, dir, file, true, 3, exact))
		return run_git_apply(p, dir, file, false, 3, where);
	// Where the context moved, one line of it each side is enough, as
	// patch(1)'s default fuzz of 2.
	if (!run_git_apply(p, dir, file, true, 1, where))
		return false;
	if (note)
		*note = "patch " + std::to_string(p.position) + " \"" +
			p.tags.title + "\" applies only with reduced context " +
			"(fuzz): " + exact.text();
	where = conflict{};
	where.patch = p.position;
	where.subject = p.tags.title;
	return run_git_apply(p, dir, file, false, 1, where);
}

namespace
{

// `git am -3` of the whole series in one go (an mboxrd of the messages as
// mailed: git am decodes them as intake did); on failure the patch it
// stopped at goes through `git apply --check` on the tree as it was before
// that patch, which names the file and hunk the same way for both kinds of
// tree.
bool git_am(const patch_series &s, const fs::path &work,
	    const fs::path &scratch, conflict &where)
{
	std::vector<std::string> raws;
	for (const patch &p : s.patches)
		raws.push_back(p.raw);
	const fs::path file = scratch / "series.mbox";
	text::write_file(file, mboxrd_of(raws));
	const command_result r = run_command(
		{"git", "-C", work.string(), "-c", "user.name=guardcheck", "-c",
		 "user.email=guardcheck@localhost", "am", "-3",
		 "--patch-format=mboxrd", file.string()},
		minutes(30));
	if (r.ok)
		return true;
	static const std::regex stopped("^Patch failed at ([0-9]+) ");
	std::size_t n = 0;
	std::string git_says;
	for (const std::string &l : split_lines(r.output)) {
		std::smatch m;
		if (std::regex_search(l, m, stopped))
			n = std::stoul(m.str(1));
		else if (l.rfind("error:", 0) == 0 ||
			 l.rfind("CONFLICT", 0) == 0)
			git_says += (git_says.empty() ? "" : " | ") + l;
	}
	where = conflict{};
	if (n < 1 || n > s.patches.size()) {
		where.detail = "git am -3 failed: " + last_lines(r.output, 3);
		return false;
	}
	const patch &p = s.patches[n - 1];
	where.patch = p.position;
	where.subject = p.tags.title;
	run_command({"git", "-C", work.string(), "reset", "-q", "--hard"},
		    minutes(10));
	const fs::path one = scratch / ("patch-" + std::to_string(n));
	text::write_file(one, p.diff_text);
	run_git_apply(p, work.string(), one, true, 3, where);
	where.detail = "git am -3: " + git_says;
	return false;
}

} // namespace

apply_result apply_series(const patch_series &s, const std::string &tree,
			  const apply_options &o)
{
	apply_result res;
	auto say = [&o](const std::string &text) {
		if (o.say)
			o.say(text);
	};
	const tree_info t = inspect_tree(tree);
	if (!t.error.empty()) {
		res.error = t.error;
		return res;
	}
	// A tree this series was already applied to (KDIR= handed on by a
	// target that resolved SERIES= before) is used as it is.
	{
		std::ifstream in(fs::path(t.path) / marker_name);
		std::string first;
		if (std::getline(in, first) && first == "id=" + s.id) {
			say(t.path + " already carries the series");
			res.result = apply_result::state::reused;
			res.path = t.path;
			return res;
		}
	}
	const fs::path base = fs::path(o.cache) / "applied";
	const fs::path dest = base / (t.id + "-" + s.id);
	const fs::path marker = dest / marker_name;
	std::error_code ec;
	if (fs::is_regular_file(marker, ec)) {
		if (t.git ||
		    !newer_file_in(t.path, fs::last_write_time(marker))) {
			say("reusing " + dest.string());
			res.result = apply_result::state::reused;
			res.path = dest.string();
			return res;
		}
		say(t.path + " changed since " + dest.string() +
		    " was made; applying again");
	}
	const std::string suffix = ".tmp-" + std::to_string(getpid());
	const fs::path work = dest.string() + suffix;
	const fs::path scratch = dest.string() + suffix + ".patches";
	struct cleanup {
		fs::path a, b;
		~cleanup()
		{
			std::error_code e;
			fs::remove_all(a, e);
			fs::remove_all(b, e);
		}
	} remove_on_return{work, scratch};
	fs::create_directories(scratch);
	say(std::string(t.git ? "cloning " : "copying ") + t.path + " to " +
	    work.string());
	if (const std::string err = plain_copy(t, work.string());
	    !err.empty()) {
		res.error = err;
		return res;
	}
	if (t.git) {
		say("git am -3 of " + std::to_string(s.patches.size()) +
		    " patch(es)");
		if (!git_am(s, work, scratch, res.where)) {
			res.result = apply_result::state::conflict;
			return res;
		}
	} else {
		for (const patch &p : s.patches) {
			say("applying " + std::to_string(p.position) + "/" +
			    std::to_string(s.patches.size()) + " " +
			    p.tags.title);
			std::string note;
			if (!apply_with_patch(p, work.string(),
					      scratch.string(), res.where,
					      &note)) {
				res.result = apply_result::state::conflict;
				return res;
			}
			if (!note.empty()) {
				say(note);
				res.notes.push_back(note);
			}
		}
	}
	std::string list;
	for (const patch &p : s.patches)
		list += "patch=" + std::to_string(p.position) + " " +
			p.tags.title + "\n";
	text::write_file(work / marker_name, "id=" + s.id + "\nspec=" + s.spec +
						     "\ntree=" + t.path + "\n" +
						     list);
	if (fs::exists(dest, ec))
		fs::remove_all(dest, ec); // stale or unfinished
	fs::rename(work, dest, ec);
	if (ec) {
		if (!fs::is_regular_file(marker)) {
			res.error = "cannot move " + work.string() + " to " +
				    dest.string() + ": " + ec.message();
			return res;
		}
		say(dest.string() + " was made meanwhile; using it");
	}
	res.result = apply_result::state::applied;
	res.path = dest.string();
	return res;
}

} // namespace guardcheck::series
