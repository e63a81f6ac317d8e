// SPDX-License-Identifier: GPL-2.0
#include "verdict/judge.h"

#include "protocol/protocol.h"
#include "report/results_reader.h"

#include <cctype>
#include <set>
#include <sstream>

namespace guardcheck::verdict
{

namespace
{

using ktap::status;

bool bad(status s)
{
	return s == status::fail || s == status::crashed;
}

// The cases of a binary; a binary that failed or crashed after every case
// of its own passed (it died at exit, say) stands as a case itself.
void leaves(const ktap::test &t, std::vector<const ktap::test *> &out)
{
	if (t.subtests.empty()) {
		out.push_back(&t);
		return;
	}
	const std::size_t first = out.size();
	for (const ktap::test &s : t.subtests)
		leaves(s, out);
	bool any_bad = false;
	for (std::size_t i = first; i < out.size(); i++)
		any_bad |= bad(out[i]->result);
	if (bad(t.result) && !any_bad)
		out.push_back(&t);
}

// "pass", "fail", "skip", "crashed": the KTAP names, in a sentence's case.
std::string outcome_word(status s)
{
	std::string word(ktap::status_name(s));
	for (char &c : word)
		c = static_cast<char>(
			std::tolower(static_cast<unsigned char>(c)));
	return word;
}

std::string expected_word(const case_result &c)
{
	if (!c.expected_pass)
		return "no expectation";
	return *c.expected_pass ? "pass" : "fail";
}

cell judge_cell(const cell_input &in, const expectations &e)
{
	cell c;
	c.who = in.who;
	c.arch = in.arch;
	c.dir = in.dir;
	c.expected_class = in.who == role::tree ? kernel_class::series
						: kernel_class::pre_series;
	if (!in.run) {
		c.problem = in.problem;
		return c;
	}
	const report::run &r = *in.run;
	c.kernel = report::kernel_release(r);
	if (r.outcome.kind != console::outcome::finished)
		c.problem = std::string(console::outcome_name(r.outcome.kind)) +
			    ": " + r.outcome.cause;
	std::set<std::string, std::less<>> seen;
	std::vector<const ktap::test *> all;
	for (const ktap::test &t : r.tests) {
		if (!protocol::is_reference(t.name)) {
			leaves(t, all);
			continue;
		}
		const ktap::totals n = ktap::count_cases({t});
		c.reference.passed += n.passed;
		c.reference.failed += n.failed;
		c.reference.skipped += n.skipped;
		c.reference.crashed += n.crashed;
		std::vector<const ktap::test *> ref;
		leaves(t, ref);
		for (const ktap::test *l : ref) {
			if (l->result == ktap::status::fail ||
			    l->result == ktap::status::crashed)
				c.reference_failed.push_back(l->name);
			if (!l->kernel_warnings.empty())
				all.push_back(l);
		}
	}
	for (const ktap::test *t : all) {
		case_result cr;
		cr.name = t->name;
		const case_name split = split_case(t->name);
		cr.check = split.check;
		cr.backing = split.backing;
		cr.actual = t->result;
		cr.directive = t->directive;
		cr.log = t->log;
		cr.kernel_warnings = t->kernel_warnings;
		if (auto it = e.find(cr.check); it != e.end()) {
			cr.area = it->second.area;
			cr.expected_pass =
				it->second.passes_on(c.expected_class);
			seen.insert(cr.check);
		}
		c.disagreements += !cr.agrees();
		c.cases.push_back(std::move(cr));
	}
	for (const auto &[check, _] : e)
		if (!seen.count(check))
			c.absent_checks.push_back(check);
	c.kernel_warnings = r.kernel_warnings;
	c.disagreements += static_cast<int>(c.kernel_warnings.size());
	return c;
}

} // namespace

std::string_view role_name(role r)
{
	return r == role::tree ? "tree" : "base";
}

std::string_view overall_name(overall o)
{
	switch (o) {
	case overall::pass:
		return "PASS";
	case overall::fail:
		return "FAIL";
	case overall::no_verdict:
		return "NO VERDICT";
	}
	return "?";
}

bool case_result::agrees() const
{
	// A skip carries its reason and is judged by the reader; a case that
	// never reported, or one nobody has an expectation for, cannot agree.
	// A kernel splat is a failure of its own: even a case expected to
	// fail must not hide one.
	if (!kernel_warnings.empty())
		return false;
	if (actual == status::skip)
		return true;
	if (actual == status::crashed || !expected_pass)
		return false;
	return (actual == status::pass) == *expected_pass;
}

int matrix::exit_code() const
{
	switch (result) {
	case overall::pass:
		return 0;
	case overall::fail:
		return 1;
	case overall::no_verdict:
		return 2;
	}
	return 2;
}

const cell *matrix::find(role who, const std::string &arch) const
{
	for (const cell &c : cells)
		if (c.who == who && c.arch == arch)
			return &c;
	return nullptr;
}

matrix judge(const std::vector<cell_input> &inputs, const expectations &e)
{
	matrix m;
	for (const cell_input &in : inputs)
		m.cells.push_back(judge_cell(in, e));
	for (const cell &c : m.cells) {
		const std::string who =
			std::string(role_name(c.who)) + " " +
			(c.kernel.empty() ? std::string("?") : c.kernel);
		if (!c.problem.empty())
			m.problems.push_back(c.arch + ", " + who + ": " +
					     c.problem);
		const cell *other = m.find(
			c.who == role::tree ? role::base : role::tree, c.arch);
		for (const case_result &cr : c.cases) {
			if (cr.agrees())
				continue;
			std::string line =
				c.arch + ", " + who + ": " + cr.name +
				" expected " + expected_word(cr) + " (" +
				std::string(class_name(c.expected_class)) +
				"), got " + outcome_word(cr.actual);
			if (!cr.kernel_warnings.empty())
				line += " (" + cr.directive + ")";
			if (other) {
				for (const case_result &o : other->cases)
					if (o.name == cr.name)
						line += "; " +
							std::string(role_name(
								other->who)) +
							" " + other->kernel +
							" got " +
							outcome_word(o.actual);
			}
			m.disagreements.push_back(line);
		}
		for (const console::splat &w : c.kernel_warnings)
			m.disagreements.push_back(c.arch + ", " + who + ": " +
						  console::splat_noun(w) +
						  " outside every test, " +
						  w.where + ": " + w.title);
	}
	if (!m.problems.empty() || m.cells.empty())
		m.result = overall::no_verdict;
	else
		m.result =
			m.disagreements.empty() ? overall::pass : overall::fail;
	return m;
}

std::vector<cell_input> collect(const std::filesystem::path &runs,
				const std::vector<std::string> &arches)
{
	std::vector<cell_input> out;
	for (const role who : {role::tree, role::base})
		for (const std::string &arch : arches) {
			cell_input in;
			in.who = who;
			in.arch = arch;
			in.dir = runs /
				 (std::string(role_name(who)) + "-" + arch);
			const auto file = in.dir / "results.json";
			if (!std::filesystem::exists(file)) {
				in.problem = "no results: " + file.string() +
					     " is missing (the run did not "
					     "happen or did not finish)";
			} else {
				try {
					in.run = report::read_results(file);
				} catch (const std::exception &ex) {
					in.problem = ex.what();
				}
			}
			out.push_back(std::move(in));
		}
	return out;
}

} // namespace guardcheck::verdict
