// SPDX-License-Identifier: GPL-2.0
// KTAP read strictly, for a file that must hold nothing else (ktap.txt):
// unlike the tolerant parser, a line that is no KTAP is a problem, not
// noise. Every line, after its indentation (four spaces or a tab per
// level), is a version line ("KTAP version N", "TAP version N"), a plan
// ("1..N", a "# " comment after it allowed), a result ("ok"/"not ok") or a
// diagnostic ("#..."); the document opens with a version line and its
// top-level results are as many as its plan says.
#ifndef GUARDCHECK_KTAP_STRICT_H
#define GUARDCHECK_KTAP_STRICT_H

#include <string>
#include <string_view>
#include <vector>

namespace guardcheck::ktap
{

// What keeps text from being one strict KTAP document, each as "line N:
// <what>: <the line>"; empty when nothing does.
std::vector<std::string> strict_problems(std::string_view text);

} // namespace guardcheck::ktap

#endif
