// SPDX-License-Identifier: GPL-2.0
// The result cache key changes with every input that can change a result
// (kernel image, each initramfs file, the host runner, the arch record,
// the command line, both timeouts) and with nothing else; through the
// driver, an unchanged cell is reused and a changed one boots again. The
// entry lock makes a second writer wait and say for whom.
#include "fake_cell.h"
#include "lock/entry_lock.h"
#include "run/result_key.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace guardcheck;

namespace
{

std::string text_of(const fs::path &p)
{
	std::ifstream in(p);
	return std::string(std::istreambuf_iterator<char>(in), {});
}

void w_record_changed(const fake_cell &w)
{
	const_cast<fake_cell &>(w).record("arm64", "# changed\n");
}

struct inputs_on_disk {
	scratch_dir dir;
	run::result_inputs in;
	inputs_on_disk()
	{
		const fs::path d = dir.path();
		for (const char *f :
		     {"Image", "runner", "arch.conf", "init", "test_a"})
			fake_cell::write(d / f, std::string(f) + " v1\n");
		fake_cell::write(d / "initramfs.spec",
				 "dir /dev 0755 0 0\nfile /init " +
					 (d / "init").string() +
					 " 0755 0 0\nfile /selftests/test_a " +
					 (d / "test_a").string() +
					 " 0755 0 0\n");
		in.kernel_image = d / "Image";
		in.runner = d / "runner";
		in.arch_record = d / "arch.conf";
		in.initramfs_spec = d / "initramfs.spec";
		in.append = "";
		in.qemu_timeout_s = 300;
		in.test_timeout_s = 240;
	}
};

TEST(result_key, every_input_changes_the_key)
{
	inputs_on_disk t;
	const std::string first = run::result_key(t.in);
	EXPECT_EQ(first, run::result_key(t.in)) << "nothing changed";
	EXPECT_EQ(16u, first.size());
	const fs::path d = t.dir.path();
	for (const char *f :
	     {"Image", "runner", "arch.conf", "init", "test_a"}) {
		fake_cell::write(d / f, std::string(f) + " v2\n");
		EXPECT_NE(first, run::result_key(t.in)) << f;
		fake_cell::write(d / f, std::string(f) + " v1\n");
		EXPECT_EQ(first, run::result_key(t.in)) << f << " restored";
	}
	run::result_inputs other = t.in;
	other.append = "guardcheck.run=bench";
	EXPECT_NE(first, run::result_key(other)) << "command line";
	other = t.in;
	other.qemu_timeout_s = 600;
	EXPECT_NE(first, run::result_key(other)) << "QEMU_TIMEOUT";
	other = t.in;
	other.test_timeout_s = 900;
	EXPECT_NE(first, run::result_key(other)) << "TEST_TIMEOUT";
}

TEST(result_key, files_count_by_content_not_by_path)
{
	inputs_on_disk t;
	const std::string first = run::result_key(t.in);
	const fs::path d = t.dir.path();
	fs::create_directories(d / "clone");
	fs::copy_file(d / "init", d / "clone" / "init");
	std::string spec = text_of(d / "initramfs.spec");
	spec.replace(spec.find((d / "init").string()),
		     (d / "init").string().size(), (d / "clone/init").string());
	fake_cell::write(d / "initramfs.spec", spec);
	EXPECT_EQ(first, run::result_key(t.in));
}

TEST(result_key, missing_input_is_named)
{
	inputs_on_disk t;
	t.in.kernel_image = t.dir.path() / "no-such-image";
	try {
		run::result_key(t.in);
		FAIL() << "no error";
	} catch (const std::runtime_error &e) {
		EXPECT_NE(std::string::npos,
			  std::string(e.what()).find("no-such-image"));
	}
}

// Through the driver: the same cell is reused, a changed one boots again.
TEST(result_cache, unchanged_cell_is_reused_and_a_changed_one_boots)
{
	const fake_cell w;
	const fs::path tree = w.path() / "tree";
	fake_cell::make_tree(tree, "good");
	const std::string run = (w.path() / "run").string();
	const auto boot = [&](const std::string &more) {
		return run_in_repo(
			w.boot_command(tree, run, "--result-cache 1 " + more));
	};
	const auto reused = [](const shell_outcome &r) {
		return r.output.find("reusing the result of") !=
		       std::string::npos;
	};
	shell_outcome r = boot("");
	ASSERT_EQ(0, r.status) << r.output;
	EXPECT_FALSE(reused(r)) << r.output;
	r = boot("");
	EXPECT_EQ(0, r.status) << r.output;
	EXPECT_TRUE(reused(r)) << "nothing changed\n" << r.output;
	for (const char *more :
	     {"--append guardcheck.extra=1", "--qemu-timeout 301",
	      "--test-timeout 241", "--force 1"}) {
		r = boot(std::string(more));
		EXPECT_FALSE(reused(r)) << more << "\n" << r.output;
	}
	// The arch record, then the kernel image (a "bad" tree fails: 1).
	w_record_changed(w);
	r = boot("");
	EXPECT_FALSE(reused(r)) << "arch record\n" << r.output;
	fake_cell::make_tree(tree, "bad");
	r = boot("");
	EXPECT_EQ(1, r.status) << r.output;
	EXPECT_FALSE(reused(r)) << "kernel image\n" << r.output;
	r = boot("");
	EXPECT_EQ(1, r.status) << "a reused FAIL is still 1\n" << r.output;
	EXPECT_TRUE(reused(r)) << r.output;
}

TEST(entry_lock, second_writer_waits_and_names_the_holder)
{
	const scratch_dir d;
	const fs::path entry = d.path() / "results" / "x86_64-6.19.10-key";
	int ready[2];
	ASSERT_EQ(0, pipe(ready));
	const pid_t child = fork();
	if (child == 0) {
		{
			const lock::entry_lock held(entry, "boot x86_64 test",
						    nullptr);
			(void)!write(ready[1], "x", 1);
			usleep(300 * 1000);
		}
		_exit(0);
	}
	char c;
	ASSERT_EQ(1, read(ready[0], &c, 1));
	std::string said;
	{
		const lock::entry_lock mine(
			entry, "second",
			[&](const std::string &s) { said = s; });
		EXPECT_TRUE(mine.waited());
	}
	int status = 0;
	waitpid(child, &status, 0);
	EXPECT_EQ("waiting for " + lock::lock_path(entry).string() +
			  " held by pid " + std::to_string(child) +
			  " (boot x86_64 test)",
		  said);
	EXPECT_EQ(d.path() / "results" / "x86_64-6.19.10-key.lock",
		  lock::lock_path(entry));
}

TEST(entry_lock, shell_holder_by_the_documented_protocol_is_waited_for)
{
	const scratch_dir d;
	const fs::path entry = d.path() / "kbuild-entry";
	const fs::path lock = lock::lock_path(entry);
	// The header's shell recipe, holding the lock for a moment.
	fake_cell::write(d.path() / "holder.sh",
			 "exec 9>>'" + lock.string() +
				 "'\nflock 9\necho \"$$ kbuild x86_64\" >'" +
				 lock.string() + "'\ntouch '" +
				 (d.path() / "held").string() +
				 "'\nsleep 0.5\n");
	FILE *holder = popen(
		("sh '" + (d.path() / "holder.sh").string() + "'").c_str(),
		"r");
	ASSERT_NE(nullptr, holder);
	for (int i = 0; i < 500 && !fs::exists(d.path() / "held"); i++)
		usleep(10 * 1000);
	ASSERT_TRUE(fs::exists(d.path() / "held"));
	std::string said;
	{
		const lock::entry_lock mine(
			entry, "boot", [&](const std::string &s) { said = s; });
		EXPECT_TRUE(mine.waited());
	}
	pclose(holder);
	EXPECT_NE(std::string::npos, said.find("held by pid ")) << said;
	EXPECT_NE(std::string::npos, said.find("(kbuild x86_64)")) << said;
	EXPECT_EQ(0u, said.find("waiting for " + lock.string())) << said;
}

} // namespace

// make relinked the driver while a run used it: the run's stages keep the
// program it began with, which /proc/<pid>/exe still opens.
TEST(self_exe, a_relinked_driver_is_run_through_the_process_link)
{
	using guardcheck::run::runnable_self;
	EXPECT_EQ(runnable_self("/repo/build/host/guardcheck", 42),
		  "/repo/build/host/guardcheck");
	EXPECT_EQ(runnable_self("/repo/build/host/guardcheck (deleted)", 42),
		  "/proc/42/exe");
	EXPECT_EQ(guardcheck::run::self_exe(),
		  std::filesystem::read_symlink("/proc/self/exe"));
}
