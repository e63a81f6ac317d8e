// SPDX-License-Identifier: GPL-2.0
#include "verdict/matrix_run.h"

#include "verdict/judge.h"
#include "verdict/render.h"

#include <cstdio>
#include <string>

namespace fs = std::filesystem;

namespace guardcheck::verdict
{

int judge_matrix(const matrix_request &a)
{
	const expectations e = load_expectations(a.expectations);
	const matrix m = judge(collect(a.runs, a.arches), e);
	write_verdict(a.out, m, read_extras(a.runs, m));
	for (const std::string &p : m.problems)
		std::printf("verdict: no verdict: %s\n", p.c_str());
	for (const std::string &d : m.disagreements)
		std::printf("verdict: disagrees: %s\n", d.c_str());
	int as_expected = 0;
	for (const cell &c : m.cells)
		as_expected += c.problem.empty() && c.disagreements == 0;
	std::printf("verdict: cells: %d as expected, %zu not\n", as_expected,
		    m.cells.size() - as_expected);
	std::printf("verdict: %s (%zu cells, %zu disagreements, %zu without "
		    "a verdict); report %s\n",
		    std::string(overall_name(m.result)).c_str(), m.cells.size(),
		    m.disagreements.size(), m.problems.size(),
		    (a.out / "report.html").c_str());
	std::printf("%s\n", fs::absolute(a.out).c_str());
	return m.exit_code();
}

} // namespace guardcheck::verdict
