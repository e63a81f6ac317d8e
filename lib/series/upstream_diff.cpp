// SPDX-License-Identifier: GPL-2.0
#include "series/upstream_diff.h"

#include "series/command.h"
#include "text/text_file.h"

#include <filesystem>
#include <sstream>
#include <stdexcept>

#include <unistd.h>

namespace guardcheck::series
{

namespace fs = std::filesystem;
using std::chrono::seconds;

namespace
{

std::string interdiff_of(const std::string &upstream,
			 const std::string &backport, const std::string &sha)
{
	std::string dir_name =
		(fs::temp_directory_path() / "guardcheck-interdiff-XXXXXX")
			.string();
	if (!mkdtemp(dir_name.data()))
		throw std::runtime_error("cannot make a temporary directory");
	const fs::path dir = dir_name;
	text::write_file(dir / "upstream", upstream);
	text::write_file(dir / "backport", backport);
	const command_result r =
		run_command({"diff", "-u", "--label", "upstream " + sha,
			     "--label", "backport", (dir / "upstream").string(),
			     (dir / "backport").string()},
			    seconds(60));
	fs::remove_all(dir);
	return r.output;
}

int changed_lines(const std::string &interdiff)
{
	int n = 0;
	std::istringstream in(interdiff);
	for (std::string l; std::getline(in, l);)
		if ((l[0] == '+' || l[0] == '-') && l.rfind("+++", 0) != 0 &&
		    l.rfind("---", 0) != 0)
			n++;
	return n;
}

} // namespace

std::string normalized_diff(std::string_view text)
{
	std::istringstream in{std::string(text)};
	std::string out, line;
	bool in_diff = false;
	while (std::getline(in, line)) {
		if (line.rfind("diff --git ", 0) == 0)
			in_diff = true;
		if (!in_diff)
			continue;
		if (line == "-- ")
			break;
		if (line.rfind("index ", 0) == 0)
			continue;
		if (line.rfind("@@ ", 0) == 0) {
			// Keep the function context, drop the line numbers.
			const auto end = line.find(" @@", 3);
			line = "@@" + (end == std::string::npos
					       ? std::string()
					       : line.substr(end + 3));
		}
		out += line + "\n";
	}
	return out;
}

std::vector<upstream_comparison>
compare_with_upstream(const patch_series &s, const std::string &upstream_git)
{
	const command_result repo = run_command(
		{"git", "-C", upstream_git, "rev-parse", "--git-dir"},
		seconds(30));
	if (!repo.ok)
		throw std::runtime_error(
			"UPSTREAM=" + upstream_git +
			" is not a git repository; give a clone of mainline "
			"that holds the upstream commits");
	std::vector<upstream_comparison> out;
	for (const patch &p : s.patches) {
		upstream_comparison c;
		c.position = p.position;
		c.sha = p.upstream.sha;
		if (c.sha.empty()) {
			out.push_back(c);
			continue;
		}
		const command_result shown = run_command(
			{"git", "-C", upstream_git, "show", "--no-color",
			 "--format=", c.sha + "^{commit}"},
			seconds(60), false);
		if (!shown.ok) {
			c.result = likeness::not_upstream;
			c.explanation = "git show " + c.sha + ": " + shown.how;
			out.push_back(c);
			continue;
		}
		const std::string up = normalized_diff(shown.output);
		const std::string back = normalized_diff(p.raw);
		if (up == back) {
			c.result = likeness::same;
		} else {
			c.result = likeness::differs;
			c.interdiff = interdiff_of(up, back, c.sha);
			c.changed_lines = changed_lines(c.interdiff);
		}
		out.push_back(c);
	}
	return out;
}

std::string describe_comparisons(const std::vector<upstream_comparison> &c,
				 std::vector<std::string> &problems)
{
	std::ostringstream o;
	o << "against upstream:\n";
	for (const upstream_comparison &x : c) {
		o << "  patch " << x.position << ": ";
		switch (x.result) {
		case likeness::same:
			o << "same diff as " << x.sha << "\n";
			break;
		case likeness::no_sha:
			o << "names no upstream commit; not compared\n";
			break;
		case likeness::not_upstream:
			o << x.sha << " is not a commit of the upstream tree ("
			  << x.explanation << ")\n";
			problems.push_back(
				"patch " + std::to_string(x.position) + ": " +
				x.sha + " is not in the upstream tree");
			break;
		case likeness::differs:
			o << "differs from " << x.sha << " in "
			  << x.changed_lines << " line(s):\n";
			std::istringstream in(x.interdiff);
			for (std::string l; std::getline(in, l);)
				o << "    " << l << "\n";
			break;
		}
	}
	return o.str();
}

} // namespace guardcheck::series
