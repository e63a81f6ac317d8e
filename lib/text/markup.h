// SPDX-License-Identifier: GPL-2.0
// Text placed into XML/HTML and Markdown so that it reads as the text it is:
// never as markup, never breaking the document around it.
#ifndef GUARDCHECK_TEXT_MARKUP_H
#define GUARDCHECK_TEXT_MARKUP_H

#include <string>
#include <string_view>
#include <vector>

namespace guardcheck::text
{

// For XML/HTML text and attribute values: & < > " as entities, invalid
// UTF-8 as U+FFFD, characters XML 1.0 forbids left out.
std::string xml_escape(std::string_view s);

// Plain text for a Markdown table cell, list item or paragraph: one line
// (line breaks become spaces), with \ | ` * < & escaped.
std::string md_text(std::string_view s);

// An inline code span: `s`, with a longer backtick fence when s holds
// backticks. md_code_cell also escapes '|' (GFM tables split on it even
// inside code spans).
std::string md_code(std::string_view s);
std::string md_code_cell(std::string_view s);

// The fence for a fenced code block of these lines: three backticks, or
// more than the longest backtick run in them.
std::string md_fence(const std::vector<std::string> &lines);

} // namespace guardcheck::text

#endif
