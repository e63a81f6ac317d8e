// SPDX-License-Identifier: GPL-2.0
#include "text/utf8.h"

namespace guardcheck::text
{

namespace
{

bool continuation(unsigned char b)
{
	return (b & 0xC0) == 0x80;
}

} // namespace

char32_t next_code_point(std::string_view s, std::size_t &at)
{
	const auto lead = static_cast<unsigned char>(s[at]);
	at++;
	if (lead < 0x80)
		return lead;
	// Length and the range the second byte must fall in (Unicode table
	// 3-7): that excludes overlong forms, surrogates and > U+10FFFF.
	int length = 0;
	unsigned char low = 0x80, high = 0xBF;
	char32_t c = 0;
	if (lead >= 0xC2 && lead <= 0xDF) {
		length = 2;
		c = lead & 0x1F;
	} else if (lead >= 0xE0 && lead <= 0xEF) {
		length = 3;
		c = lead & 0x0F;
		if (lead == 0xE0)
			low = 0xA0;
		else if (lead == 0xED)
			high = 0x9F;
	} else if (lead >= 0xF0 && lead <= 0xF4) {
		length = 4;
		c = lead & 0x07;
		if (lead == 0xF0)
			low = 0x90;
		else if (lead == 0xF4)
			high = 0x8F;
	} else {
		return replacement_character;
	}
	for (int i = 1; i < length; i++) {
		if (at >= s.size())
			return replacement_character;
		const auto b = static_cast<unsigned char>(s[at]);
		if (i == 1 ? (b < low || b > high) : !continuation(b))
			return replacement_character;
		c = (c << 6) | (b & 0x3F);
		at++;
	}
	return c;
}

void append_utf8(std::string &out, char32_t c)
{
	auto byte = [&](char32_t b) { out.push_back(static_cast<char>(b)); };
	if (c < 0x80) {
		byte(c);
	} else if (c < 0x800) {
		byte(0xC0 | (c >> 6));
		byte(0x80 | (c & 0x3F));
	} else if (c < 0x10000) {
		byte(0xE0 | (c >> 12));
		byte(0x80 | ((c >> 6) & 0x3F));
		byte(0x80 | (c & 0x3F));
	} else {
		byte(0xF0 | (c >> 18));
		byte(0x80 | ((c >> 12) & 0x3F));
		byte(0x80 | ((c >> 6) & 0x3F));
		byte(0x80 | (c & 0x3F));
	}
}

std::string valid_utf8(std::string_view s)
{
	if (is_valid_utf8(s))
		return std::string(s);
	std::string out;
	out.reserve(s.size() + 8);
	for (std::size_t at = 0; at < s.size();)
		append_utf8(out, next_code_point(s, at));
	return out;
}

bool is_valid_utf8(std::string_view s)
{
	for (std::size_t at = 0; at < s.size();) {
		const std::size_t from = at;
		if (next_code_point(s, at) == replacement_character &&
		    s.substr(from, at - from) != "\xEF\xBF\xBD")
			return false;
	}
	return true;
}

bool is_xml_char(char32_t c)
{
	if (c < 0x20)
		return c == '\t' || c == '\n' || c == '\r';
	return (c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
	       (c >= 0x10000 && c <= 0x10FFFF);
}

} // namespace guardcheck::text
