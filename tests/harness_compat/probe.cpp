// SPDX-License-Identifier: GPL-2.0
/*
 * Exercises every part of kselftest_harness.h that harness_compat.h bridges;
 * built against each tree's harness by `make harness-compat`, which compares
 * the results with expected.txt.
 */
#include <cstdlib>
#include <fcntl.h>
#include <unistd.h>

#include "harness_compat.h"

struct probe_variant {
	int value;
};

FIXTURE(typed)
{
	int value;
	int *mapped;
};

GUARD_VARIANT_ADD(typed, one, probe_variant){1};
GUARD_VARIANT_ADD(typed, two, probe_variant){2};

FIXTURE_SETUP(typed)
{
	self->value = guard_variant<probe_variant>(variant).value;
	self->mapped = static_cast<int *>(::operator new(sizeof(int)));
	*self->mapped = self->value * 10;
}

FIXTURE_TEARDOWN(typed)
{
	/* Teardown must see the typed self that setup filled in. */
	if (*self->mapped != self->value * 10)
		abort();
}

TEST_F(typed, variant_reaches_setup)
{
	ASSERT_GT(self->value, 0);
	EXPECT_EQ(self->value * 10, *self->mapped);
}

TEST_F(typed, failing_expect_is_reported)
{
	EXPECT_EQ(0, self->value);
}

FIXTURE(parent_side)
{
	int pipe_fds[2];
};

FIXTURE_SETUP(parent_side)
{
	ASSERT_EQ(0, pipe(self->pipe_fds));
}

/* Runs in the harness's parent process: proves the shared self arrives. */
FIXTURE_TEARDOWN_PARENT(parent_side)
{
	const char *marker = getenv("PROBE_TEARDOWN_MARKER");
	if (marker) {
		const int fd = open(marker, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd >= 0 && write(fd, "parent\n", 7) == 7)
			close(fd);
	}
}

TEST_F(parent_side, runs)
{
	EXPECT_LE(0, self->pipe_fds[0]);
}

TEST(plain_test_skips_with_reason)
{
	SKIP(return, "probe skip reason");
}

TEST(plain_pointer_compare)
{
	int value = 0;
	int *pointer = &value;
	ASSERT_TRUE(pointer != nullptr);
}

TEST_HARNESS_MAIN
