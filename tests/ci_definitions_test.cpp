// SPDX-License-Identifier: GPL-2.0
// The CI definitions in ci/: both parse as YAML, both run the same matrix
// (three arches x tree/base, then a verdict that needs all six), keep reports
// as artefacts, and every `make <target>` they run names a target that the
// repository's Makefile or */*.mk defines today (read at test time).
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace fs = std::filesystem;

namespace
{

const fs::path repo = fs::path(FIXTURE_DIR).parent_path().parent_path();
const fs::path fixtures = fs::path(FIXTURE_DIR) / "ci";
const std::set<std::string> arches{"x86_64", "arm64", "i386"};
const std::set<std::string> roles{"tree", "base"};

// ---- shell: the make calls in a run:/script: text ----

struct make_call {
	std::vector<std::string> targets;
	std::map<std::string, std::string> vars; // make's command line
	std::map<std::string, std::string> env;	 // NAME=value before `make`
	std::string line;
};

std::pair<std::string, std::string> split_assignment(const std::string &a)
{
	const auto eq = a.find('=');
	return {a.substr(0, eq), a.substr(eq + 1)};
}

bool is_assignment(const std::string &word)
{
	static const std::regex re("^[A-Za-z_][A-Za-z0-9_]*=.*");
	return std::regex_match(word, re);
}

bool is_operator(const std::string &word)
{
	static const std::set<std::string> ops{";", "&&", "||", "|",
					       "&", "(",  ")",	"!"};
	return ops.count(word) != 0;
}

// Words and operators of one shell line. Quotes are removed (a quoted word
// is never an operator), `${{ ... }}` and `$( ... )` stay one word, and a
// comment ends the line. Good enough for CI one-liners, not a shell.
std::vector<std::pair<std::string, bool>> shell_words(const std::string &line)
{
	std::vector<std::pair<std::string, bool>> words; // (text, quoted)
	std::string cur;
	bool quoted = false, have = false;
	auto flush = [&] {
		if (have)
			words.emplace_back(cur, quoted);
		cur.clear();
		quoted = have = false;
	};
	for (std::size_t i = 0; i < line.size(); i++) {
		const char c = line[i];
		if (c == '\'' || c == '"') {
			const std::size_t end = line.find(c, i + 1);
			const std::size_t stop =
				end == std::string::npos ? line.size() : end;
			cur += line.substr(i + 1, stop - i - 1);
			quoted = have = true;
			i = stop;
		} else if (c == '$' && i + 1 < line.size() &&
			   (line[i + 1] == '{' || line[i + 1] == '(')) {
			const char open = line[i + 1];
			const char close = open == '{' ? '}' : ')';
			int depth = 0;
			std::size_t j = i + 1;
			for (; j < line.size(); j++) {
				if (line[j] == open)
					depth++;
				else if (line[j] == close && --depth == 0)
					break;
			}
			if (j < line.size() && open == '{' &&
			    line.compare(i, 3, "${{") == 0 &&
			    j + 1 < line.size() && line[j + 1] == '}')
				j++;
			cur += line.substr(i, std::min(j, line.size() - 1) - i +
						      1);
			have = true;
			i = j;
		} else if (c == ' ' || c == '\t') {
			flush();
		} else if (c == '#' && !have) {
			break;
		} else if (c == ';' || c == '|' || c == '&' || c == '(' ||
			   c == ')' || (c == '!' && !have)) {
			flush();
			std::string op(1, c);
			if ((c == '|' || c == '&') && i + 1 < line.size() &&
			    line[i + 1] == c)
				op += line[++i];
			words.emplace_back(op, false);
		} else {
			cur += c;
			have = true;
		}
	}
	flush();
	return words;
}

// Every `make ...` in command position of a script (several lines; a
// trailing backslash continues a line).
std::vector<make_call> make_calls(const std::string &script)
{
	static const std::set<std::string> keywords{
		"if", "then", "else", "elif", "do", "while", "until", "time"};
	static const std::set<std::string> prefixes{"nice",    "env",  "exec",
						    "command", "sudo", "time",
						    "timeout", "xargs"};
	static const std::set<std::string> takes_argument{"-C", "-f", "-o",
							  "-W", "-I", "-l"};
	std::vector<make_call> calls;
	std::string joined;
	std::istringstream in(script);
	for (std::string line; std::getline(in, line);) {
		if (!line.empty() && line.back() == '\\') {
			line.pop_back();
			joined += line + " ";
			continue;
		}
		joined += line;
		const auto words = shell_words(joined);
		bool command_position = true, after_prefix = false;
		std::map<std::string, std::string> env;
		for (std::size_t i = 0; i < words.size(); i++) {
			const auto &[w, quoted] = words[i];
			if (!quoted && is_operator(w)) {
				command_position = true;
				after_prefix = false;
				env.clear();
				continue;
			}
			if (!command_position)
				continue;
			if (!quoted && keywords.count(w))
				continue;
			if (is_assignment(w)) {
				env.insert(split_assignment(w));
				continue;
			}
			if (after_prefix &&
			    (w[0] == '-' ||
			     std::all_of(w.begin(), w.end(), ::isdigit)))
				continue;
			if (!quoted && prefixes.count(w)) {
				after_prefix = true;
				continue;
			}
			command_position = after_prefix = false;
			if (quoted || (w != "make" && !w.ends_with("/make")))
				continue;
			make_call call{{}, {}, env, joined};
			for (i++; i < words.size(); i++) {
				const auto &[a, aq] = words[i];
				if (!aq && is_operator(a)) {
					i--;
					break;
				}
				if (a[0] == '>' || a[0] == '<' ||
				    (std::isdigit(a[0]) && a.size() > 1 &&
				     a[1] == '>'))
					continue;
				if (a[0] == '-') {
					if (takes_argument.count(a))
						i++;
					continue;
				}
				if (is_assignment(a)) {
					call.vars.insert(split_assignment(a));
					continue;
				}
				call.targets.push_back(a);
			}
			calls.push_back(call);
		}
		joined.clear();
	}
	return calls;
}

// ---- make: the targets the repository defines ----

// `## <target>: ...` help lines and `<target>:` rules in Makefile and every
// */*.mk, read now, so a target that is not written yet is missing.
std::set<std::string> defined_targets(const fs::path &root)
{
	std::vector<fs::path> files{root / "Makefile"};
	for (const auto &dir : fs::directory_iterator(root)) {
		if (!dir.is_directory())
			continue;
		for (const auto &f : fs::directory_iterator(dir.path()))
			if (f.path().extension() == ".mk")
				files.push_back(f.path());
	}
	static const std::regex help("^## ([A-Za-z0-9_.-]+):.*");
	static const std::regex rule("^([^\t#=:][^=:]*):([^=].*)?$");
	std::set<std::string> targets;
	for (const auto &file : files) {
		std::ifstream in(file);
		for (std::string line; std::getline(in, line);) {
			std::smatch m;
			if (std::regex_match(line, m, help)) {
				targets.insert(m[1]);
			} else if (std::regex_match(line, m, rule)) {
				std::istringstream names(m[1].str());
				for (std::string n; names >> n;)
					if (n.find_first_of("$%") ==
					    std::string::npos)
						targets.insert(n);
			}
		}
	}
	return targets;
}

// ---- YAML: load, collect scripts, check ----

// node[k1][k2]... or an undefined node when any step is missing (yaml-cpp
// throws on a lookup through a missing key).
YAML::Node at(const YAML::Node &node, std::initializer_list<std::string> path)
{
	YAML::Node cur(node);
	for (const auto &key : path) {
		if (!cur.IsDefined() || !cur.IsMap())
			return YAML::Node(YAML::NodeType::Undefined);
		const YAML::Node next = cur[key];
		if (!next.IsDefined())
			return YAML::Node(YAML::NodeType::Undefined);
		cur.reset(next);
	}
	return cur;
}

struct loaded {
	YAML::Node root;
	std::string error; // empty when it parsed
};

loaded load(const fs::path &file)
{
	loaded l;
	try {
		l.root.reset(YAML::LoadFile(file.string()));
		if (!l.root.IsMap())
			l.error = file.string() + ": not a YAML mapping";
	} catch (const YAML::BadFile &) {
		l.error = file.string() + ": cannot be read";
	} catch (const YAML::Exception &e) {
		l.error = file.string() + ":" +
			  std::to_string(e.mark.line + 1) + ":" +
			  std::to_string(e.mark.column + 1) +
			  ": YAML syntax error: " + e.msg;
	}
	return l;
}

struct script_text {
	std::string where; // e.g. jobs.qemu.steps[5].run
	std::string text;
};

void collect_scripts(const YAML::Node &node, const std::string &where,
		     std::vector<script_text> &out, bool in_script = false)
{
	static const std::set<std::string> keys{
		"run", "script", "before_script", "after_script"};
	if (node.IsScalar() && in_script) {
		out.push_back({where, node.as<std::string>()});
	} else if (node.IsSequence()) {
		for (std::size_t i = 0; i < node.size(); i++)
			collect_scripts(node[i],
					where + "[" + std::to_string(i) + "]",
					out, in_script);
	} else if (node.IsMap()) {
		for (const auto &kv : node) {
			const auto key = kv.first.as<std::string>();
			std::string inner = where;
			if (!inner.empty())
				inner += '.';
			inner += key;
			collect_scripts(kv.second, inner, out,
					keys.count(key) != 0);
		}
	}
}

std::vector<script_text> scripts_of(const YAML::Node &root)
{
	std::vector<script_text> out;
	collect_scripts(root, "", out);
	return out;
}

// The problems of one CI file: a syntax error, or each `make <target>` that
// names no target of the repository at `root`. Empty when all is well.
std::vector<std::string> check_ci_file(const fs::path &file,
				       const fs::path &root)
{
	const loaded l = load(file);
	if (!l.error.empty())
		return {l.error};
	const auto targets = defined_targets(root);
	std::vector<std::string> problems;
	for (const auto &s : scripts_of(l.root))
		for (const auto &call : make_calls(s.text))
			for (const auto &t : call.targets) {
				if (targets.count(t))
					continue;
				std::string p = file.filename().string();
				p.append(": ").append(s.where);
				p.append(": `make ").append(t);
				p.append("`: no such target (no `## ")
					.append(t);
				p.append(":` line and no `").append(t);
				p.append(":` rule in Makefile or */*.mk)");
				problems.push_back(p);
			}
	return problems;
}

std::string joined(const std::vector<std::string> &lines)
{
	std::string s;
	for (const auto &l : lines)
		s += l + "\n";
	return s;
}

std::string scalar(const YAML::Node &node)
{
	return node.IsDefined() && node.IsScalar() ? node.as<std::string>()
						   : "";
}

std::vector<std::string> strings(const YAML::Node &node)
{
	std::vector<std::string> out;
	if (!node.IsDefined())
		return out;
	if (node.IsScalar())
		out.push_back(node.as<std::string>());
	else if (node.IsSequence())
		for (std::size_t i = 0; i < node.size(); i++)
			if (node[i].IsScalar())
				out.push_back(node[i].as<std::string>());
	return out;
}

std::set<std::pair<std::string, std::string>> all_runs()
{
	std::set<std::pair<std::string, std::string>> all;
	for (const auto &a : arches)
		for (const auto &r : roles)
			all.insert({a, r});
	return all;
}

std::string describe(const std::set<std::pair<std::string, std::string>> &s)
{
	std::string out;
	for (const auto &[a, r] : s)
		out.append(r).append("-").append(a).append(" ");
	return out.empty() ? "(none)" : out;
}

std::vector<make_call> job_make_calls(const YAML::Node &job)
{
	std::vector<make_call> calls;
	for (const auto &s : scripts_of(job))
		for (auto &c : make_calls(s.text))
			calls.push_back(std::move(c));
	return calls;
}

bool runs_target(const YAML::Node &job, const std::string &target)
{
	for (const auto &c : job_make_calls(job))
		if (std::find(c.targets.begin(), c.targets.end(), target) !=
		    c.targets.end())
			return true;
	return false;
}

// ---- GitHub Actions ----

// The (arch, role) pairs a GitHub job runs: its matrix's arch x role, plus
// include entries naming both.
std::set<std::pair<std::string, std::string>> github_runs(const YAML::Node &job)
{
	std::set<std::pair<std::string, std::string>> runs;
	const YAML::Node matrix = at(job, {"strategy", "matrix"});
	if (!matrix.IsMap())
		return runs;
	for (const auto &a : strings(at(matrix, {"arch"})))
		for (const auto &r : strings(at(matrix, {"role"})))
			runs.insert({a, r});
	const YAML::Node include = at(matrix, {"include"});
	for (std::size_t i = 0; include.IsSequence() && i < include.size(); i++)
		if (at(include[i], {"arch"}).IsScalar() &&
		    at(include[i], {"role"}).IsScalar())
			runs.insert({scalar(at(include[i], {"arch"})),
				     scalar(at(include[i], {"role"}))});
	return runs;
}

bool github_uses(const YAML::Node &job, const std::string &action)
{
	const YAML::Node steps = at(job, {"steps"});
	for (std::size_t i = 0; steps.IsSequence() && i < steps.size(); i++)
		if (scalar(at(steps[i], {"uses"})).starts_with(action + "@"))
			return true;
	return false;
}

// ---- GitLab CI ----

const std::set<std::string> gitlab_keywords{
	"stages",	 "variables",	 "default",  "include",
	"workflow",	 "image",	 "services", "cache",
	"before_script", "after_script", "spec"};

// A copy of `child` with what it `extends` merged underneath (maps merge
// key by key, anything else is replaced by the child's), as GitLab does.
YAML::Node merged(const YAML::Node &child, const YAML::Node &root, int depth)
{
	YAML::Node out = YAML::Clone(child);
	if (depth > 10 || !at(child, {"extends"}).IsDefined())
		return out;
	for (const auto &parent_name : strings(at(child, {"extends"}))) {
		const YAML::Node parent = at(root, {parent_name});
		if (!parent.IsMap())
			continue;
		YAML::Node base = merged(parent, root, depth + 1);
		std::vector<std::pair<YAML::Node, YAML::Node>> todo{
			{base, out}};
		while (!todo.empty()) {
			auto [from, into] = todo.back();
			todo.pop_back();
			for (const auto &kv : from) {
				const auto key = kv.first.as<std::string>();
				if (!into[key])
					into[key] = YAML::Clone(kv.second);
				else if (into[key].IsMap() && kv.second.IsMap())
					todo.emplace_back(kv.second, into[key]);
			}
		}
	}
	out.remove("extends");
	return out;
}

std::map<std::string, YAML::Node> gitlab_jobs(const YAML::Node &root)
{
	std::map<std::string, YAML::Node> jobs;
	for (const auto &kv : root) {
		const auto name = kv.first.as<std::string>();
		if (name.starts_with(".") || gitlab_keywords.count(name) ||
		    !kv.second.IsMap())
			continue;
		jobs[name] = merged(kv.second, root, 0);
	}
	return jobs;
}

// The (arch, role) pairs a GitLab job runs: ARCH and ROLE from its
// variables or from each parallel:matrix entry.
std::set<std::pair<std::string, std::string>> gitlab_runs(const YAML::Node &job)
{
	std::set<std::pair<std::string, std::string>> runs;
	const YAML::Node vars = at(job, {"variables"});
	std::vector<std::string> job_arch, job_role;
	if (vars.IsMap()) {
		job_arch = strings(at(vars, {"ARCH"}));
		job_role = strings(at(vars, {"ROLE"}));
	}
	const YAML::Node matrix = at(job, {"parallel", "matrix"});
	if (!matrix.IsSequence()) {
		for (const auto &a : job_arch)
			for (const auto &r : job_role)
				runs.insert({a, r});
		return runs;
	}
	for (std::size_t i = 0; i < matrix.size(); i++) {
		auto a = strings(at(matrix[i], {"ARCH"}));
		auto r = strings(at(matrix[i], {"ROLE"}));
		if (a.empty())
			a = job_arch;
		if (r.empty())
			r = job_role;
		for (const auto &x : a)
			for (const auto &y : r)
				runs.insert({x, y});
	}
	return runs;
}

std::vector<std::string> gitlab_needs(const YAML::Node &job)
{
	std::vector<std::string> out;
	const YAML::Node needs = at(job, {"needs"});
	for (std::size_t i = 0; needs.IsSequence() && i < needs.size(); i++) {
		if (needs[i].IsScalar())
			out.push_back(needs[i].as<std::string>());
		else if (at(needs[i], {"job"}).IsScalar())
			out.push_back(scalar(at(needs[i], {"job"})));
	}
	return out;
}

// The shell text a job runs, in order: for GitHub each step's run:, for
// GitLab its before_script (or the default one) and its script.
std::vector<std::string> ordered_scripts(const YAML::Node &job,
					 const YAML::Node &root, bool gitlab)
{
	std::vector<std::string> out;
	if (!gitlab) {
		const YAML::Node steps = at(job, {"steps"});
		for (std::size_t i = 0; steps.IsSequence() && i < steps.size();
		     i++)
			out.push_back(scalar(at(steps[i], {"run"})));
		return out;
	}
	YAML::Node before = at(job, {"before_script"});
	if (!before.IsDefined())
		before.reset(at(root, {"default", "before_script"}));
	for (const auto &line : strings(before))
		out.push_back(line);
	for (const auto &line : strings(at(job, {"script"})))
		out.push_back(line);
	return out;
}

// A line that installs make: apt-get install naming it, or ensure-deps.sh
// with the base group.
bool installs_make(const std::string &text)
{
	std::istringstream in(text);
	for (std::string line; std::getline(in, line);) {
		std::set<std::string> words;
		for (const auto &[w, quoted] : shell_words(line))
			words.insert(w);
		if (words.count("apt-get") && words.count("install") &&
		    words.count("make"))
			return true;
		for (const auto &w : words)
			if (w.ends_with("ensure-deps.sh") &&
			    words.count("base"))
				return true;
	}
	return false;
}

// The value NAME has for a make call: from its command line, else from an
// assignment before the command.
std::string make_var(const make_call &c, const std::string &name)
{
	if (c.vars.count(name))
		return c.vars.at(name);
	return c.env.count(name) ? c.env.at(name) : "";
}

} // namespace

// ---- the checker itself ----

TEST(ci_make_calls, finds_make_in_command_position_only)
{
	const auto calls = make_calls(
		"rc=0; make qemu ARCH=\"$A\" KVER=${{ env.KVER }} || rc=$?\n"
		"echo \"make not-a-call\" # make neither\n"
		"nice -n 19 make -j2 -C . test >log 2>&1\n"
		"if make lint; then V=1 make check; fi\n"
		"make \\\n  verdict RUNS=runs\n"
		"make\n"
		"A=1 B=\"x y\" nice make check; C=2 true; make lint\n");
	ASSERT_EQ(8u, calls.size());
	EXPECT_EQ(std::vector<std::string>{"qemu"}, calls[0].targets);
	EXPECT_EQ("$A", calls[0].vars.at("ARCH"));
	EXPECT_EQ("${{ env.KVER }}", calls[0].vars.at("KVER"));
	EXPECT_EQ(std::vector<std::string>{"test"}, calls[1].targets);
	EXPECT_EQ(std::vector<std::string>{"lint"}, calls[2].targets);
	EXPECT_EQ(std::vector<std::string>{"check"}, calls[3].targets);
	EXPECT_EQ(std::vector<std::string>{"verdict"}, calls[4].targets);
	EXPECT_EQ("runs", calls[4].vars.at("RUNS"));
	EXPECT_TRUE(calls[5].targets.empty());
	EXPECT_EQ(std::vector<std::string>{"check"}, calls[6].targets);
	EXPECT_EQ("1", calls[6].env.at("A"));
	EXPECT_EQ("x y", calls[6].env.at("B"));
	EXPECT_TRUE(calls[6].vars.empty());
	EXPECT_TRUE(calls[7].env.empty()) << "C=2 belongs to `true`";
	EXPECT_TRUE(calls[4].env.empty());
}

TEST(ci_make_calls, reads_targets_from_the_real_makefiles)
{
	const auto targets = defined_targets(repo);
	for (const char *t : {"help", "qemu", "check", "test", "lint"})
		EXPECT_TRUE(targets.count(t)) << t;
	EXPECT_FALSE(targets.count("no-such-target"));
	EXPECT_FALSE(targets.count(".PHONY:"));
}

TEST(ci_checker, rejects_a_make_target_that_does_not_exist)
{
	const auto problems = check_ci_file(fixtures / "bad-target.yml", repo);
	ASSERT_EQ(1u, problems.size()) << joined(problems);
	EXPECT_NE(std::string::npos,
		  problems[0].find("`make no-such-target`: no such target"))
		<< problems[0];
	EXPECT_NE(std::string::npos, problems[0].find("jobs.build.steps[1]"))
		<< problems[0];
}

TEST(ci_checker, rejects_a_yaml_syntax_error_with_its_line)
{
	const auto problems =
		check_ci_file(fixtures / "syntax-error.yml", repo);
	ASSERT_EQ(1u, problems.size()) << joined(problems);
	EXPECT_NE(std::string::npos, problems[0].find("YAML syntax error"))
		<< problems[0];
	// The unclosed `[` opens on line 9; yaml-cpp names where it gave up.
	EXPECT_TRUE(std::regex_search(problems[0],
				      std::regex("syntax-error\\.yml:(9|10):")))
		<< problems[0];
}

// ---- the real definitions ----

TEST(ci_definitions, both_parse)
{
	for (const char *f : {"ci/github-actions.yml", "ci/gitlab-ci.yml"}) {
		const loaded l = load(repo / f);
		EXPECT_EQ("", l.error);
	}
}

TEST(ci_definitions, every_make_target_exists)
{
	for (const char *f : {"ci/github-actions.yml", "ci/gitlab-ci.yml"}) {
		const auto problems = check_ci_file(repo / f, repo);
		EXPECT_TRUE(problems.empty()) << joined(problems);
	}
}

TEST(ci_definitions, github_runs_the_matrix_then_the_verdict)
{
	const loaded l = load(repo / "ci/github-actions.yml");
	ASSERT_EQ("", l.error);
	ASSERT_TRUE(at(l.root, {"on"}).IsDefined()) << "no `on:` trigger";
	const YAML::Node jobs = at(l.root, {"jobs"});
	ASSERT_TRUE(jobs.IsMap()) << "no `jobs:` mapping";

	std::set<std::pair<std::string, std::string>> covered;
	std::vector<std::string> run_jobs, verdict_jobs;
	for (const auto &kv : jobs) {
		const auto name = kv.first.as<std::string>();
		const YAML::Node job = kv.second;
		EXPECT_TRUE(at(job, {"timeout-minutes"}).IsScalar())
			<< name << " has no timeout-minutes";
		const auto runs = github_runs(job);
		if (!runs.empty()) {
			run_jobs.push_back(name);
			covered.insert(runs.begin(), runs.end());
			EXPECT_TRUE(runs_target(job, "qemu")) << name;
			EXPECT_TRUE(github_uses(job, "actions/cache")) << name;
			EXPECT_TRUE(github_uses(job, "actions/upload-artifact"))
				<< name << " keeps no run directory";
		}
		if (runs_target(job, "verdict"))
			verdict_jobs.push_back(name);
	}
	EXPECT_EQ(all_runs(), covered) << "runs: " << describe(covered);

	ASSERT_EQ(1u, verdict_jobs.size()) << "one job runs `make verdict`";
	const YAML::Node verdict = at(jobs, {verdict_jobs[0]});
	const auto needs = strings(at(verdict, {"needs"}));
	for (const auto &r : run_jobs)
		EXPECT_NE(needs.end(), std::find(needs.begin(), needs.end(), r))
			<< "the verdict does not need " << r;
	EXPECT_NE(std::string::npos,
		  scalar(at(verdict, {"if"})).find("cancelled()"))
		<< "the verdict must also run when a run job failed";
	EXPECT_TRUE(github_uses(verdict, "actions/download-artifact"));
	EXPECT_TRUE(github_uses(verdict, "actions/upload-artifact"));
}

TEST(ci_definitions, gitlab_runs_the_matrix_then_the_verdict)
{
	const loaded l = load(repo / "ci/gitlab-ci.yml");
	ASSERT_EQ("", l.error);
	const auto stages = strings(at(l.root, {"stages"}));
	ASSERT_FALSE(stages.empty()) << "no `stages:`";
	const auto stage_index = [&](const YAML::Node &job) {
		const auto s = scalar(at(job, {"stage"}));
		return std::find(stages.begin(), stages.end(), s) -
		       stages.begin();
	};

	std::set<std::pair<std::string, std::string>> covered;
	std::vector<std::string> run_jobs, verdict_jobs;
	const auto jobs = gitlab_jobs(l.root);
	for (const auto &[name, job] : jobs) {
		EXPECT_LT(stage_index(job), std::ssize(stages))
			<< name << ": stage '" << scalar(at(job, {"stage"}))
			<< "' is not in stages";
		EXPECT_TRUE(at(job, {"timeout"}).IsScalar())
			<< name << " has no timeout";
		const auto runs = gitlab_runs(job);
		if (!runs.empty()) {
			run_jobs.push_back(name);
			covered.insert(runs.begin(), runs.end());
			EXPECT_TRUE(runs_target(job, "qemu")) << name;
			EXPECT_TRUE(at(job, {"cache"}).IsDefined())
				<< name << " has no cache";
		}
		const bool is_verdict = runs_target(job, "verdict");
		if (is_verdict)
			verdict_jobs.push_back(name);
		if (!runs.empty() || is_verdict) {
			const YAML::Node art = at(job, {"artifacts"});
			EXPECT_EQ("always", scalar(at(art, {"when"})))
				<< name << ": keep reports of failed runs too";
			EXPECT_FALSE(strings(at(art, {"paths"})).empty())
				<< name;
		}
		// The verdict's JUnit file is the pipeline's test report; a run
		// job's is not (the baseline fails checks by design).
		const YAML::Node junit =
			at(job, {"artifacts", "reports", "junit"});
		if (is_verdict)
			EXPECT_FALSE(scalar(junit).empty())
				<< name << " has no artifacts:reports:junit";
		else
			EXPECT_FALSE(junit.IsDefined())
				<< name << " publishes " << scalar(junit)
				<< " as a test report; only the verdict may";
		// A run job waits for no earlier stage (the check job).
		if (!runs.empty()) {
			const YAML::Node needs = at(job, {"needs"});
			EXPECT_TRUE(needs.IsSequence() && needs.size() == 0)
				<< name << " must start at once: needs: []";
		}
	}
	EXPECT_EQ(all_runs(), covered) << "runs: " << describe(covered);

	ASSERT_EQ(1u, verdict_jobs.size()) << "one job runs `make verdict`";
	const YAML::Node &verdict = jobs.at(verdict_jobs[0]);
	const auto needs = gitlab_needs(verdict);
	for (const auto &r : run_jobs) {
		EXPECT_NE(needs.end(), std::find(needs.begin(), needs.end(), r))
			<< "the verdict does not need " << r;
		EXPECT_GT(stage_index(verdict), stage_index(jobs.at(r)));
	}
	EXPECT_EQ("always", scalar(at(verdict, {"when"})))
		<< "the verdict must also run when a run job failed";
}

TEST(ci_definitions, run_jobs_pass_arch_version_and_run_dir)
{
	for (const char *f : {"ci/github-actions.yml", "ci/gitlab-ci.yml"}) {
		const loaded l = load(repo / f);
		ASSERT_EQ("", l.error);
		int seen = 0;
		for (const auto &s : scripts_of(l.root))
			for (const auto &c : make_calls(s.text)) {
				if (c.targets !=
				    std::vector<std::string>{"qemu"})
					continue;
				seen++;
				for (const char *v :
				     {"ARCH", "KVER", "RUN_DIR"})
					EXPECT_TRUE(c.vars.count(v))
						<< f << ": " << c.line
						<< " sets no " << v;
			}
		EXPECT_GT(seen, 0) << f << " never runs `make qemu`";
	}
}

// The jobs that run `make check` start from a bare debian:12 (git only), so
// make comes first; and they leave the QEMU matrix to the run jobs:
// VALIDATE=0 makes scripts/check.sh skip `make validate` and the mutants.
TEST(ci_definitions, check_jobs_install_make_and_skip_validate)
{
	for (const bool gitlab : {false, true}) {
		const char *f =
			gitlab ? "ci/gitlab-ci.yml" : "ci/github-actions.yml";
		const loaded l = load(repo / f);
		ASSERT_EQ("", l.error);
		std::map<std::string, YAML::Node> jobs;
		if (gitlab)
			jobs = gitlab_jobs(l.root);
		else
			for (const auto &kv : at(l.root, {"jobs"}))
				jobs[kv.first.as<std::string>()] = kv.second;
		int seen = 0;
		for (const auto &[name, job] : jobs) {
			bool make_installed = false;
			for (const auto &text :
			     ordered_scripts(job, l.root, gitlab)) {
				for (const auto &c : make_calls(text)) {
					if (std::find(c.targets.begin(),
						      c.targets.end(),
						      "check") ==
					    c.targets.end())
						continue;
					seen++;
					EXPECT_TRUE(make_installed)
						<< f << ": " << name
						<< " runs `" << c.line
						<< "` before installing make";
					EXPECT_EQ("0", make_var(c, "VALIDATE"))
						<< f << ": " << name << ": `"
						<< c.line
						<< "` runs the QEMU matrix "
						   "again; give VALIDATE=0";
				}
				make_installed |= installs_make(text);
			}
		}
		EXPECT_GT(seen, 0) << f << " never runs `make check`";
	}
	// The switch is scripts/check.sh's, and documented there.
	std::ifstream in(repo / "scripts/check.sh");
	const std::string check((std::istreambuf_iterator<char>(in)),
				std::istreambuf_iterator<char>());
	EXPECT_NE(std::string::npos, check.find("${VALIDATE:-1}"));
}

// The build caches refresh: actions/cache never saves over an existing
// key, so a fixed key keeps the first run's ccache for ever. Each run saves
// under a key of its own and restores the newest through restore-keys,
// prefixes of the key. The toolchain (gcc, QEMU) is in the key, computed by
// an earlier step. Superseded runs are cancelled.
TEST(ci_definitions, github_build_caches_refresh_and_name_the_toolchain)
{
	const loaded l = load(repo / "ci/github-actions.yml");
	ASSERT_EQ("", l.error);
	EXPECT_FALSE(scalar(at(l.root, {"concurrency", "group"})).empty())
		<< "no concurrency group";
	EXPECT_EQ("true",
		  scalar(at(l.root, {"concurrency", "cancel-in-progress"})))
		<< "a newer push must cancel the run it supersedes";

	int build_caches = 0;
	for (const auto &kv : at(l.root, {"jobs"})) {
		const auto job = kv.first.as<std::string>();
		const YAML::Node steps = at(kv.second, {"steps"});
		bool toolchain_known = false;
		for (std::size_t i = 0; steps.IsSequence() && i < steps.size();
		     i++) {
			const std::string run = scalar(at(steps[i], {"run"}));
			if (run.find("TOOLCHAIN=") != std::string::npos &&
			    run.find("GITHUB_ENV") != std::string::npos) {
				EXPECT_NE(std::string::npos, run.find("gcc"));
				EXPECT_NE(std::string::npos, run.find("qemu"));
				toolchain_known = true;
			}
			if (!scalar(at(steps[i], {"uses"}))
				     .starts_with("actions/cache@"))
				continue;
			const std::string path =
				scalar(at(steps[i], {"with", "path"}));
			if (path.find("kbuild") == std::string::npos &&
			    path.find("ccache") == std::string::npos)
				continue;
			build_caches++;
			const std::string key =
				scalar(at(steps[i], {"with", "key"}));
			const std::string where =
				job + ".steps[" + std::to_string(i) + "]";
			EXPECT_NE(std::string::npos, key.find("github.run_id"))
				<< where << ": key " << key
				<< " is the same every run";
			EXPECT_NE(std::string::npos, key.find("env.TOOLCHAIN"))
				<< where << ": key " << key
				<< " does not name the toolchain";
			EXPECT_TRUE(toolchain_known)
				<< where << ": TOOLCHAIN is not set before";
			std::istringstream restore(
				scalar(at(steps[i], {"with", "restore-keys"})));
			int prefixes = 0;
			for (std::string r; std::getline(restore, r);) {
				r.erase(0, r.find_first_not_of(' '));
				if (r.empty())
					continue;
				prefixes++;
				EXPECT_TRUE(key.starts_with(r))
					<< where << ": restore key " << r
					<< " is no prefix of " << key;
				EXPECT_EQ(std::string::npos,
					  r.find("github.run_id"))
					<< where << ": " << r;
			}
			EXPECT_GT(prefixes, 0)
				<< where
				<< ": no restore-keys; a new run "
				   "would start cold";
		}
	}
	EXPECT_GE(build_caches, 2) << "the kbuild and ccache caches";
}
