// SPDX-License-Identifier: GPL-2.0
// Whether KVM really runs a guest here. Opening /dev/kvm is not enough: a
// sandbox may offer a node that creates VMs whose vCPUs never run, and
// QEMU then hangs without a line on the console. So a child process sets
// up one vCPU in real mode over a page holding `hlt` and runs it; KVM_EXIT_HLT
// within the bound means usable.
#include "accel/accel.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <linux/kvm.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

namespace guardcheck::accel
{

namespace
{

constexpr int test_vm_bound_s = 5;

#if defined(__x86_64__) || defined(__i386__)
// Exit status of the child: 0 the vCPU halted, else the step that failed.
int run_test_vm(int kvm)
{
	const int vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		return 2;
	const long page = sysconf(_SC_PAGESIZE);
	void *mem = mmap(nullptr, page, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return 3;
	static_cast<unsigned char *>(mem)[0] = 0xf4; // hlt
	kvm_userspace_memory_region region{};
	region.guest_phys_addr = 0x1000;
	region.memory_size = static_cast<__u64>(page);
	region.userspace_addr = reinterpret_cast<__u64>(mem);
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		return 4;
	const int vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	const int run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (vcpu < 0 || run_size <= 0)
		return 5;
	auto *run = static_cast<kvm_run *>(mmap(nullptr, run_size,
						PROT_READ | PROT_WRITE,
						MAP_SHARED, vcpu, 0));
	if (run == MAP_FAILED)
		return 6;
	kvm_sregs sregs{};
	if (ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0)
		return 7;
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	if (ioctl(vcpu, KVM_SET_SREGS, &sregs) < 0)
		return 7;
	kvm_regs regs{};
	regs.rip = 0x1000;
	regs.rflags = 0x2;
	if (ioctl(vcpu, KVM_SET_REGS, &regs) < 0)
		return 8;
	if (ioctl(vcpu, KVM_RUN, 0) < 0)
		return 9;
	return run->exit_reason == KVM_EXIT_HLT ? 0 : 10;
}
#else
// Elsewhere a VM that can be created is taken as usable.
int run_test_vm(int kvm)
{
	const int vm = ioctl(kvm, KVM_CREATE_VM, 0);
	return vm < 0 ? 2 : 0;
}
#endif

const char *step_name(int status)
{
	switch (status) {
	case 2:
		return "KVM_CREATE_VM failed";
	case 3:
		return "no memory for the test VM";
	case 4:
		return "KVM_SET_USER_MEMORY_REGION failed";
	case 5:
		return "KVM_CREATE_VCPU failed";
	case 6:
		return "the vCPU's run area cannot be mapped";
	case 7:
		return "the vCPU's segment registers cannot be set";
	case 8:
		return "the vCPU's registers cannot be set";
	case 9:
		return "KVM_RUN failed";
	case 10:
		return "the test vCPU did not halt";
	default:
		return "the test VM failed";
	}
}

} // namespace

kvm_probe probe_kvm(const std::string &dev)
{
	kvm_probe p;
	const int fd = open(dev.c_str(), O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		p.detail = dev + ": " + std::strerror(errno);
		p.kvm = errno == ENOENT || errno == ENODEV || errno == ENXIO
				? kvm_probe::state::absent
				: kvm_probe::state::not_permitted;
		return p;
	}
	if (ioctl(fd, KVM_GET_API_VERSION, 0) != KVM_API_VERSION) {
		close(fd);
		p.detail = dev + ": not the KVM API " +
			   std::to_string(KVM_API_VERSION);
		p.kvm = kvm_probe::state::does_not_run;
		return p;
	}
	const pid_t child = fork();
	if (child == 0) {
		alarm(test_vm_bound_s);
		_exit(run_test_vm(fd));
	}
	close(fd);
	int status = 0;
	if (child < 0 || waitpid(child, &status, 0) != child) {
		p.detail = "cannot start the test VM";
		p.kvm = kvm_probe::state::does_not_run;
		return p;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		p.kvm = kvm_probe::state::usable;
		return p;
	}
	p.kvm = kvm_probe::state::does_not_run;
	p.detail = WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM
			   ? "the test vCPU did not halt within " +
				     std::to_string(test_vm_bound_s) + " s"
			   : step_name(WIFEXITED(status) ? WEXITSTATUS(status)
							 : 0);
	return p;
}

} // namespace guardcheck::accel
