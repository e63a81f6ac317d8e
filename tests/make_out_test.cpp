// SPDX-License-Identifier: GPL-2.0
// O= as the driver hands it to make: the name make's own targets have, so
// that the .d dependency files of an earlier build still apply.
#include "run/boot.h"

#include <gtest/gtest.h>

using guardcheck::run::project;

TEST(make_out, inside_the_checkout_it_is_relative_as_make_names_it)
{
	project p;
	p.repo = "/work/main";
	p.out = "/work/main/build";
	EXPECT_EQ(p.out_for_make(), "build");
	p.out = "/work/main/out/ci";
	EXPECT_EQ(p.out_for_make(), "out/ci");
}

TEST(make_out, outside_the_checkout_it_stays_absolute)
{
	project p;
	p.repo = "/work/main";
	p.out = "/tmp/guardcheck-build";
	EXPECT_EQ(p.out_for_make(), "/tmp/guardcheck-build");
	p.out = "/work/main-other/build";
	EXPECT_EQ(p.out_for_make(), "/work/main-other/build");
}
