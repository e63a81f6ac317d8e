// SPDX-License-Identifier: GPL-2.0
// Reads a run directory's results.json back into the structure report.cpp
// wrote it from, so that later steps (verdicts, reports) never parse the
// console a second time.
#ifndef GUARDCHECK_RESULTS_READER_H
#define GUARDCHECK_RESULTS_READER_H

#include "report/report.h"

#include <filesystem>

namespace guardcheck::report
{

// Throws std::runtime_error naming the file and what is wrong with it.
run read_results(const std::filesystem::path &results_json);

console::outcome outcome_from_name(std::string_view name);
ktap::status status_from_name(std::string_view name);

} // namespace guardcheck::report

#endif
