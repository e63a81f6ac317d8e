// SPDX-License-Identifier: GPL-2.0
/*
 * I/O into guard pages: pinning or writing a guard page from the kernel side
 * must fail with EFAULT, never see memory behind the marker.
 */
#include <fcntl.h>
#include <liburing.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>

#include "suite_common.h"

FIXTURE(io_uring)
{
	backing_kind kind;
	backing_object object;
	page_range range; /* 4 pages, page 2 guarded */
	struct io_uring ring;
	int source_fd; /* a memfd of 4 pages of data */
};

GUARD_VARIANT(io_uring, anon);

FIXTURE_SETUP(io_uring)
{
	SETUP_BACKED_MAPPING(4, 4);
	ASSERT_EQ(0, guard_install(self->range, 2));
	const int error = io_uring_queue_init(4, &self->ring, 0);
	if (error != 0) {
		const std::string reason = "io_uring unavailable (" +
					   errno_name(-error) + "; " +
					   describe_config("CONFIG_IO_URING") +
					   " or kernel.io_uring_disabled)";
		SKIP(return, "%s", reason.c_str());
	}
	self->source_fd = memfd_create("guardcheck-source", MFD_CLOEXEC);
	ASSERT_LE(0, self->source_fd);
	ASSERT_EQ(0, ftruncate(self->source_fd, 4 * page_size()));
}

FIXTURE_TEARDOWN(io_uring)
{
}

TEST_F(io_uring, register_buffer_spanning_guard_fails_efault)
{
	iovec buffer{self->range.base, self->range.bytes()};
	EXPECT_EQ(-EFAULT, io_uring_register_buffers(&self->ring, &buffer, 1));
}

TEST_F(io_uring, read_into_guard_page_fails_efault)
{
	io_uring_sqe *sqe = io_uring_get_sqe(&self->ring);
	ASSERT_TRUE(sqe != nullptr);
	io_uring_prep_read(sqe, self->source_fd, self->range.page(2),
			   page_size(), 0);
	ASSERT_EQ(1, io_uring_submit(&self->ring));
	io_uring_cqe *cqe = nullptr;
	ASSERT_EQ(0, io_uring_wait_cqe(&self->ring, &cqe));
	EXPECT_EQ(-EFAULT, cqe->res);
	io_uring_cqe_seen(&self->ring, cqe);
}

TEST_F(io_uring, o_direct_read_into_guard_page_fails_efault)
{
	const std::string path = file_backing_dir() + "/guardcheck-direct";
	const int writer = open(path.c_str(),
				O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	ASSERT_LE(0, writer);
	const std::string page(page_size(), 'x');
	ASSERT_EQ(static_cast<ssize_t>(page.size()),
		  write(writer, page.data(), page.size()));
	fsync(writer);
	const int direct = open(path.c_str(), O_RDONLY | O_DIRECT | O_CLOEXEC);
	const int open_error = errno;
	unlink(path.c_str());
	close(writer);
	if (direct < 0) {
		const std::string reason = "O_DIRECT unsupported on " +
					   filesystem_name(file_backing_dir()) +
					   " (" + errno_name(open_error) + ")";
		SKIP(return, "%s", reason.c_str());
	}
	EXPECT_EQ(-1, pread(direct, self->range.page(2), page_size(), 0));
	EXPECT_EQ(EFAULT, errno);
	close(direct);
}

TEST_HARNESS_MAIN
