// SPDX-License-Identifier: GPL-2.0
#include "report/report.h"

#include "protocol/protocol.h"
#include "report/kcidb.h"
#include "text/text_file.h"

#include <sstream>

namespace guardcheck::report
{

std::string kernel_release(const run &r)
{
	// The guest's runner prints "guardcheck: kernel <release> arch <arch>".
	for (const std::string &f : r.facts) {
		std::istringstream words(f);
		std::string tag, key, release;
		if (words >> tag >> key >> release &&
		    key == protocol::fact_kernel)
			return release;
	}
	return "?";
}

void write_all(const std::filesystem::path &dir, const run &r,
	       const provenance &p)
{
	text::write_file(dir / "results.json", results_json(r));
	text::write_file(dir / "junit.xml", junit_xml(r));
	text::write_file(dir / "summary.md", summary_md(r));
	text::write_file(dir / "kcidb.json", kcidb_json(r, p));
}

} // namespace guardcheck::report
