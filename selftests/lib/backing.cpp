// SPDX-License-Identifier: GPL-2.0
#include "backing.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/mman.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

const char *backing_name(backing_kind kind)
{
	switch (kind) {
	case backing_kind::anon:
		return "anon";
	case backing_kind::shmem:
		return "shmem";
	case backing_kind::file_shared:
		return "file_shared";
	case backing_kind::file_private:
		return "file_private";
	case backing_kind::file_readonly:
		return "file_readonly";
	}
	return "unknown";
}

bool backing_is_file(backing_kind kind)
{
	return kind != backing_kind::anon;
}

std::string file_backing_dir()
{
	const char *dir = getenv("GUARD_FILE_DIR");
	return dir && *dir ? dir : ".";
}

std::string filesystem_name(const std::string &path)
{
	struct statfs fs = {};
	if (statfs(path.c_str(), &fs) != 0)
		return "unknown";
	switch (static_cast<unsigned long>(fs.f_type)) {
	case TMPFS_MAGIC:
		return "tmpfs";
	case RAMFS_MAGIC:
		return "ramfs";
	case EXT4_SUPER_MAGIC:
		return "ext2/3/4";
	case BTRFS_SUPER_MAGIC:
		return "btrfs";
	case XFS_SUPER_MAGIC:
		return "xfs";
	default:
		return "fs magic " + std::to_string(fs.f_type);
	}
}

namespace
{

/* A regular file of `bytes`; each page starts with its index so pages differ.
 */
int create_regular_file(std::size_t bytes, bool read_only, std::string &error)
{
	std::string path = file_backing_dir() + "/guardcheck-XXXXXX";
	std::vector<char> name(path.begin(), path.end());
	name.push_back('\0');
	const int rw = mkostemp(name.data(), O_CLOEXEC);
	if (rw < 0) {
		error = "cannot create a file in " + file_backing_dir() + ": " +
			strerror(errno) +
			" (set GUARD_FILE_DIR to a writable directory)";
		return -1;
	}
	int fd = rw;
	if (ftruncate(rw, static_cast<off_t>(bytes)) != 0)
		error = std::string("ftruncate: ") + strerror(errno);
	for (std::size_t off = 0; error.empty() && off < bytes;
	     off += page_size()) {
		const std::size_t index = off / page_size() + 1;
		if (pwrite(rw, &index, sizeof(index),
			   static_cast<off_t>(off)) != sizeof(index))
			error = std::string("pwrite: ") + strerror(errno);
	}
	if (error.empty() && read_only) {
		fd = open(name.data(), O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			error = std::string("reopen O_RDONLY: ") +
				strerror(errno);
		close(rw);
	}
	unlink(name.data());
	if (!error.empty()) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

} // namespace

std::string backing_object::create(backing_kind kind, std::size_t pages)
{
	kind_ = kind;
	std::string error;
	switch (kind) {
	case backing_kind::anon:
		return "";
	case backing_kind::shmem:
		fd_ = memfd_create("guardcheck", MFD_CLOEXEC);
		if (fd_ < 0)
			return std::string("memfd_create: ") + strerror(errno);
		if (ftruncate(fd_, static_cast<off_t>(pages * page_size())) !=
		    0)
			return std::string("ftruncate: ") + strerror(errno);
		return "";
	case backing_kind::file_shared:
	case backing_kind::file_private:
	case backing_kind::file_readonly:
		fd_ = create_regular_file(pages * page_size(),
					  kind == backing_kind::file_readonly,
					  error);
		return error;
	}
	return "unknown backing";
}

int backing_object::protection() const
{
	return kind_ == backing_kind::file_readonly ? PROT_READ
						    : PROT_READ | PROT_WRITE;
}

int backing_object::other_protection() const
{
	return protection() == PROT_READ ? PROT_NONE : PROT_READ;
}

std::size_t fresh_page_tag(backing_kind kind, std::size_t object_page)
{
	return backing_is_file(kind) && kind != backing_kind::shmem
		       ? object_page + 1
		       : 0;
}

void *backing_object::map(std::size_t pages, std::size_t page_offset,
			  void *address, int extra_flags) const
{
	int flags = extra_flags | (address ? MAP_FIXED : 0);
	switch (kind_) {
	case backing_kind::anon:
		flags |= MAP_PRIVATE | MAP_ANONYMOUS;
		break;
	case backing_kind::shmem:
	case backing_kind::file_shared:
		flags |= MAP_SHARED;
		break;
	case backing_kind::file_private:
	case backing_kind::file_readonly:
		flags |= MAP_PRIVATE;
		break;
	}
	const off_t offset =
		kind_ == backing_kind::anon
			? 0
			: static_cast<off_t>(page_offset * page_size());
	void *mapped = mmap(address, pages * page_size(), protection(), flags,
			    kind_ == backing_kind::anon ? -1 : fd_, offset);
	return mapped == MAP_FAILED ? nullptr : mapped;
}

page_range backing_object::map_range(std::size_t pages, std::size_t page_offset,
				     void *address, int extra_flags) const
{
	void *mapped = map(pages, page_offset, address, extra_flags);
	if (!mapped)
		return {};
	return {static_cast<char *>(mapped), pages};
}
