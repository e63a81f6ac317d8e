// SPDX-License-Identifier: GPL-2.0
// ktap.txt holds KTAP only. The guest quiets the console while the tests
// run and relays the kernel's log from /dev/kmsg on lines of their own;
// the host keeps those, splats and panics out of ktap.txt and in
// kernel.log. Checked strictly on real consoles: one recorded with the
// relay (a passing 6.19.10 and the WARN mutant) and one recorded before
// it, whose KTAP the kernel's messages broke.
#include "console/reader.h"
#include "ktap/strict.h"
#include "protocol/protocol.h"

#include "joined_lines.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

using namespace guardcheck;

namespace
{

console::reader read_fixture(const std::string &name)
{
	console::reader r;
	std::ifstream in(std::string(FIXTURE_DIR) + "/console/" + name);
	EXPECT_TRUE(in.is_open()) << name;
	for (std::string line; std::getline(in, line);)
		r.feed(line);
	return r;
}

TEST(ktap_channel, real_console_with_the_relay_gives_strict_ktap)
{
	for (const char *name :
	     {"x86_64-6.19.10-kmsg-pass.log",
	      "x86_64-6.19.10-kmsg-mutant-atomic-mask-warn.log"}) {
		console::reader r = read_fixture(name);
		r.finish_tests();
		const std::string &ktap = r.ktap_text();
		EXPECT_EQ("", joined(ktap::strict_problems(ktap))) << name;
		EXPECT_EQ(ktap.find("clocksource"), std::string::npos) << name;
		EXPECT_EQ(ktap.find("GUARDCHECK-"), std::string::npos) << name;
		EXPECT_TRUE(ktap.starts_with("TAP version 13\n")) << name;
		// What the kernel said is kept, without the relay's prefix.
		const std::string &kernel = r.kernel_text();
		EXPECT_NE(kernel.find("\nclocksource: Switched to clocksource"),
			  std::string::npos)
			<< name;
		EXPECT_EQ(kernel.find(protocol::kmsg_prefix), std::string::npos)
			<< name;
		EXPECT_EQ(kernel.find("\nok "), std::string::npos) << name;
		EXPECT_EQ(kernel.find("# guardcheck:"), std::string::npos)
			<< name;
	}
}

TEST(ktap_channel, the_warn_goes_to_the_kernel_log_not_the_ktap)
{
	console::reader r =
		read_fixture("x86_64-6.19.10-kmsg-mutant-atomic-mask-warn.log");
	r.finish_tests();
	EXPECT_EQ(r.ktap_text().find("WARNING:"), std::string::npos);
	EXPECT_NE(r.kernel_text().find("WARNING: include/linux/mm.h:995"),
		  std::string::npos);
}

// Recorded before the relay: the console's kernel lines landed inside the
// KTAP, and the strict reading names them.
TEST(ktap_channel, console_without_the_relay_fails_the_strict_reading)
{
	console::reader r = read_fixture("x86_64-6.18.12-old-hack.log");
	r.finish_tests();
	const std::string problems =
		joined(ktap::strict_problems(r.ktap_text()));
	EXPECT_NE(problems.find("not KTAP: input: ImExPS/2"), std::string::npos)
		<< problems;
	EXPECT_NE(problems.find("not KTAP: clocksource: Switched to "
				"clocksource tsc"),
		  std::string::npos)
		<< problems;
}

TEST(ktap_strict, forms_and_plan)
{
	EXPECT_EQ("", joined(ktap::strict_problems(
			      "KTAP version 1\n# a fact\n1..2\n    KTAP "
			      "version 1\n    1..1\n    ok 1 inner\nok 1 a\n"
			      "not ok 2 b # SKIP no thp\n")));
	EXPECT_EQ("line 1: no version line first: 1..0\n"
		  "no plan at the top level\n",
		  joined(ktap::strict_problems("1..0\n")));
	EXPECT_EQ("line 3: not KTAP: okay 1 x\n"
		  "line 4: a second plan: 1..3\n"
		  "line 5: a second version line: TAP version 13\n"
		  "line 6: not KTAP: \n"
		  "the plan says 3 top-level results, there are 1\n",
		  joined(ktap::strict_problems("TAP version 13\n1..1\nokay 1 "
					       "x\n1..3\nTAP version 13\n\nok "
					       "1 y\n")));
	EXPECT_EQ("empty: no KTAP document\n",
		  joined(ktap::strict_problems("")));
}

TEST(ktap_channel, kmsg_record_becomes_one_prefixed_line)
{
	EXPECT_EQ("GUARDCHECK-KMSG clocksource: Switched to clocksource tsc",
		  protocol::kmsg_line("6,312,5709484,-;clocksource: Switched "
				      "to clocksource tsc\n"));
	EXPECT_EQ("GUARDCHECK-KMSG WARNING: at x\\x0a",
		  protocol::kmsg_line("4,40,1,-;WARNING: at x\\x0a\n "
				      "SUBSYSTEM=mm\n DEVICE=+x\n"));
	EXPECT_EQ("GUARDCHECK-KMSG no header",
		  protocol::kmsg_line("no header\n"));
	// The level is the low bits; facility 1 (user) adds 8.
	EXPECT_EQ(4, protocol::kmsg_level("4,40,1,-;WARNING: at x\n"));
	EXPECT_EQ(0, protocol::kmsg_level("0,41,1,-;Kernel panic\n"));
	EXPECT_EQ(6, protocol::kmsg_level("14,42,1,-;from user space\n"));
	EXPECT_EQ(-1, protocol::kmsg_level("no header\n"));
}

} // namespace
