// SPDX-License-Identifier: GPL-2.0
// UTF-8 as the reports need it: a serial console delivers any bytes (noise,
// a line cut off mid-character by a panic), while results.json, junit.xml
// and report.html must be valid UTF-8, and XML 1.0 also forbids some valid
// characters outright.
#ifndef GUARDCHECK_TEXT_UTF8_H
#define GUARDCHECK_TEXT_UTF8_H

#include <string>
#include <string_view>

namespace guardcheck::text
{

constexpr char32_t replacement_character = 0xFFFD;

// The code point starting at s[at]; at moves past it. A sequence that is not
// valid UTF-8 (a stray continuation byte, an overlong form, a surrogate,
// past U+10FFFF, cut off) yields U+FFFD and at moves past its longest valid
// prefix (at least one byte), as Unicode recommends for substitution.
char32_t next_code_point(std::string_view s, std::size_t &at);

void append_utf8(std::string &out, char32_t c);

// Every invalid sequence replaced with U+FFFD; valid text is unchanged.
std::string valid_utf8(std::string_view s);
bool is_valid_utf8(std::string_view s);

// The Char production of XML 1.0: tab, newline, carriage return, and the
// rest of Unicode except the other C0 controls, surrogates, U+FFFE, U+FFFF.
bool is_xml_char(char32_t c);

} // namespace guardcheck::text

#endif
