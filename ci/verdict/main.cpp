// SPDX-License-Identifier: GPL-2.0
// guardcheck-verdict: judge the run directories of a matrix (tree under test
// and baseline, per arch) against selftests/expectations.tsv and write the
// verdict's reports. Exit 0 PASS, 1 FAIL, 2 no verdict. The report
// directory's path is the last line printed.
#include "cli/tool_main.h"
#include "verdict/judge.h"
#include "verdict/render.h"

#include <cstdio>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace guardcheck;

namespace
{

constexpr const char *usage =
	"usage: guardcheck-verdict --runs DIR [--arches \"x86_64 arm64 "
	"i386\"]\n"
	"         [--expectations selftests/expectations.tsv] [--out DIR]\n"
	"  DIR holds one run directory per role and arch: tree-<arch> (the\n"
	"  tree under test, judged as the series class) and base-<arch>\n"
	"  (the baseline, judged as the pre-series class), each with the\n"
	"  results.json of `make qemu RUN_DIR=...`. --out defaults to "
	"DIR/verdict.\n";

struct args {
	fs::path runs, out, expectations = "selftests/expectations.tsv";
	std::vector<std::string> arches{"x86_64", "arm64", "i386"};
};

args parse_args(int argc, char **argv)
{
	args a;
	for (int i = 1; i < argc; i++) {
		const std::string f = argv[i];
		if (f == "-h" || f == "--help") {
			std::fputs(usage, stdout);
			std::exit(0);
		}
		if (i + 1 >= argc)
			throw std::runtime_error(f + " needs a value\n" +
						 usage);
		const std::string v = argv[++i];
		if (f == "--runs") {
			a.runs = v;
		} else if (f == "--out") {
			a.out = v;
		} else if (f == "--expectations") {
			a.expectations = v;
		} else if (f == "--arches") {
			a.arches.clear();
			std::istringstream words(v);
			for (std::string w; words >> w;)
				a.arches.push_back(w);
		} else {
			throw std::runtime_error("unknown argument " + f +
						 "\n" + usage);
		}
	}
	if (a.runs.empty())
		throw std::runtime_error(std::string("--runs is required\n") +
					 usage);
	if (!fs::is_directory(a.runs))
		throw std::runtime_error(
			a.runs.string() +
			" is not a directory; give the directory that holds "
			"tree-<arch> and base-<arch> run directories");
	if (a.arches.empty())
		throw std::runtime_error("--arches names no architecture");
	if (a.out.empty())
		a.out = a.runs / "verdict";
	return a;
}

int run(const args &a)
{
	const verdict::expectations e =
		verdict::load_expectations(a.expectations);
	const verdict::matrix m =
		verdict::judge(verdict::collect(a.runs, a.arches), e);
	verdict::write_verdict(a.out, m, verdict::read_extras(a.runs, m));
	for (const std::string &p : m.problems)
		std::printf("verdict: no verdict: %s\n", p.c_str());
	for (const std::string &d : m.disagreements)
		std::printf("verdict: disagrees: %s\n", d.c_str());
	int as_expected = 0;
	for (const verdict::cell &c : m.cells)
		as_expected += c.problem.empty() && c.disagreements == 0;
	std::printf("verdict: cells: %d as expected, %zu not\n", as_expected,
		    m.cells.size() - as_expected);
	std::printf("verdict: %s (%zu cells, %zu disagreements, %zu without "
		    "a verdict); report %s\n",
		    std::string(verdict::overall_name(m.result)).c_str(),
		    m.cells.size(), m.disagreements.size(), m.problems.size(),
		    (a.out / "report.html").c_str());
	std::printf("%s\n", fs::absolute(a.out).c_str());
	return m.exit_code();
}

} // namespace

int main(int argc, char **argv)
{
	return cli::tool_main("guardcheck-verdict",
			      [&] { return run(parse_args(argc, argv)); });
}
