// SPDX-License-Identifier: GPL-2.0
// `guardcheck verdict`: judge the run directories of a matrix (tree-<arch>
// and base-<arch>) against the expectations, write the reports, and say the
// verdict.
#ifndef GUARDCHECK_VERDICT_MATRIX_RUN_H
#define GUARDCHECK_VERDICT_MATRIX_RUN_H

#include <filesystem>
#include <string>
#include <vector>

namespace guardcheck::verdict
{

struct matrix_request {
	std::filesystem::path runs, out, expectations;
	std::vector<std::string> arches;
};

// 0 PASS, 1 FAIL, 2 no verdict. Prints the cells and the report
// directory's path last.
int judge_matrix(const matrix_request &r);

} // namespace guardcheck::verdict

#endif
