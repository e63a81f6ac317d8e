// SPDX-License-Identifier: GPL-2.0
// What a console line becomes on its way into the reports: valid UTF-8
// without control characters, and escaped for XML and Markdown.
#include "ktap/ktap.h"
#include "text/markup.h"
#include "text/utf8.h"

#include <gtest/gtest.h>

using namespace guardcheck;

namespace
{

const std::string fffd = "\xEF\xBF\xBD";

TEST(text_utf8, valid_text_is_unchanged)
{
	const std::string s = "ascii, \xC3\xA9t\xC3\xA9, \xE2\x82\xAC, "
			      "\xF0\x9F\x90\xA7, " +
			      fffd;
	EXPECT_TRUE(text::is_valid_utf8(s));
	EXPECT_EQ(text::valid_utf8(s), s);
}

TEST(text_utf8, each_invalid_sequence_becomes_one_replacement)
{
	EXPECT_EQ(text::valid_utf8("a\xFF\xFE"
				   "b"),
		  "a" + fffd + fffd + "b");
	EXPECT_EQ(text::valid_utf8("\x80"), fffd);	      // stray
	EXPECT_EQ(text::valid_utf8("\xC0\xAF"), fffd + fffd); // overlong
	EXPECT_EQ(text::valid_utf8("\xED\xA0\x80"), fffd + fffd + fffd);
	EXPECT_EQ(text::valid_utf8("\xF4\x90\x80\x80"),
		  fffd + fffd + fffd + fffd); // past U+10FFFF
	// Cut off mid-character: the valid prefix is one replacement.
	EXPECT_EQ(text::valid_utf8("pages \xE2\x94"), "pages " + fffd);
	EXPECT_EQ(text::valid_utf8("\xE2\x94x"), fffd + "x");
	EXPECT_FALSE(text::is_valid_utf8("\xE2\x94"));
}

TEST(text_utf8, xml_chars_are_those_of_xml_1_0)
{
	EXPECT_TRUE(text::is_xml_char('\t'));
	EXPECT_TRUE(text::is_xml_char('\n'));
	EXPECT_FALSE(text::is_xml_char(0));
	EXPECT_FALSE(text::is_xml_char(0x1B));
	EXPECT_FALSE(text::is_xml_char(0xFFFE));
	EXPECT_FALSE(text::is_xml_char(0xFFFF));
	EXPECT_TRUE(text::is_xml_char(0xFFFD));
	EXPECT_TRUE(text::is_xml_char(0x1F427));
}

TEST(text_utf8, console_lines_come_in_as_text)
{
	const char noise[] = "\xFF\xFE serial\x00noise\x7F \x1B[31mred\x1B[0m "
			     "\xC2\x85\xEF\xBF\xBE \x01 end\r";
	const std::string line =
		ktap::strip_control(std::string_view(noise, sizeof(noise) - 1));
	EXPECT_EQ(line, fffd + fffd + " serialnoise red   end");
	EXPECT_EQ(ktap::strip_control(line), line);
	EXPECT_EQ(ktap::strip_control("\xC3\xA9\t\xE2\x82\xAC"),
		  "\xC3\xA9\t\xE2\x82\xAC");
}

TEST(text_markup, xml_escape_never_lets_markup_or_forbidden_bytes_through)
{
	EXPECT_EQ(text::xml_escape("<a href=\"x\">&</a>"),
		  "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
	EXPECT_EQ(text::xml_escape("a\x01\x1B"
				   "b\xFF"
				   "c\xEF\xBF\xBF\n"),
		  "ab" + fffd + "c\n");
}

TEST(text_markup, markdown_cells_stay_one_cell)
{
	EXPECT_EQ(text::md_text("a | b\\c `d` *e* <f> & g\nh"),
		  "a \\| b\\\\c \\`d\\` \\*e\\* &lt;f> &amp; g h");
	EXPECT_EQ(text::md_code("plain"), "`plain`");
	EXPECT_EQ(text::md_code("has ` one"), "``has ` one``");
	EXPECT_EQ(text::md_code("`edge"), "`` `edge ``");
	EXPECT_EQ(text::md_code_cell("a|b"), "`a\\|b`");
	EXPECT_EQ(text::md_fence({"no ticks"}), "```");
	EXPECT_EQ(text::md_fence({"x", "````"}), "`````");
}

} // namespace
