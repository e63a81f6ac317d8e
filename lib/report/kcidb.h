// SPDX-License-Identifier: GPL-2.0
// kcidb.json: a run as KernelCI's common report database takes it, I/O
// schema v5.3 (kernelci/kcidb-io, kcidb_io/schema/v05_03.py). Origin
// "guardcheck"; one checkout (the tree and its release), one build (that
// tree's kernel for the arch), and tests: one per KTAP case, at paths
// "guardcheck.<collection>.<binary>.<case>", plus "guardcheck" for the boot
// as a whole and "guardcheck.kernel_splats" for splats outside every test.
#ifndef GUARDCHECK_REPORT_KCIDB_H
#define GUARDCHECK_REPORT_KCIDB_H

#include "report/report.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace guardcheck::report
{

constexpr int kcidb_major = 5;
constexpr int kcidb_minor = 3;
constexpr std::string_view kcidb_origin = "guardcheck";

std::string kcidb_json(const run &r, const provenance &p);

// The reports of several run directories as one: each one's kcidb.json,
// or, for a run written before there was one, a report made from its
// results.json. A checkout or build shared by runs is listed once.
// Directories with neither are left out.
std::string kcidb_combined(const std::vector<std::filesystem::path> &runs);

// A KTAP name as a KCIDB path: parts of [A-Za-z0-9_-] joined by '.'. ':',
// '/' and '.' separate parts, spaces around them go, any other character
// becomes '_'. "selftests: upstream: reference/guard-regions" gives
// "selftests.upstream.reference.guard-regions".
std::string kcidb_path(std::string_view name);

// KTAP's results as KCIDB's statuses: PASS, FAIL, SKIP; a case that
// started and never reported is ERROR (it did not complete, the code's
// status is unknown), one planned and never started is MISS.
std::string_view kcidb_status(const ktap::test &t);

} // namespace guardcheck::report

#endif
