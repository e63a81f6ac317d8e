# Boot a kernel tree under QEMU (TCG) for ARCH and run the suite inside.
# qemu/arch/<arch>.conf holds everything per architecture (data, not code).
QEMU_OUT := $(OUT)/qemu
INIT_SRCS := $(wildcard qemu/init/*.cpp) $(wildcard lib/ktap/*.cpp) $(wildcard lib/process/*.cpp) \
	$(wildcard lib/text/*.cpp)
INIT_OBJS := $(INIT_SRCS:%.cpp=$(QEMU_OUT)/obj/%.o)
GUEST_INIT := $(QEMU_OUT)/guardcheck-init
QEMU_ARCHES := $(patsubst qemu/arch/%.conf,%,$(wildcard qemu/arch/*.conf))

# The guest's PID 1 is built for ARCH, static, from the same KTAP and process
# code as the host library.
$(QEMU_OUT)/obj/%.o: %.cpp
	@mkdir -p $(dir $@)
	$(Q)$(CROSS_COMPILE)g++ $(CXXSTD) $(WARN) -O2 -Ilib -MMD -MP -c $< -o $@

$(GUEST_INIT): $(INIT_OBJS)
	$(Q)$(CROSS_COMPILE)g++ -static -o $@ $^

-include $(INIT_OBJS:.o=.d)

## guest-init: build the guest's PID-1 runner for ARCH (static)
.PHONY: guest-init
guest-init:
	$(Q)scripts/ensure-deps.sh base $(if $(CROSS_COMPILE_$(ARCH)),cross)
	$(Q)scripts/check-toolchain.sh $(ARCH) "$(CROSS_COMPILE)"
	$(Q)$(MAKE) --no-print-directory $(GUEST_INIT)

## run_tests: build the suite for the host (x86_64) and run it here, KTAP on stdout
.PHONY: run_tests
run_tests:
	$(Q)$(MAKE) --no-print-directory suite ARCH=x86_64
	$(Q)$(MAKE) --no-print-directory ARCH=x86_64 CROSS_COMPILE= $(O)/x86_64/qemu/guardcheck-init
	$(Q)$(O)/x86_64/qemu/guardcheck-init --suite $(O)/x86_64/selftests $(if $(TEST_TIMEOUT),--timeout $(TEST_TIMEOUT))

# A run directory per run: under O= when O is given, else in the cache.
RUNS_BASE := $(if $(O_GIVEN),$(abspath $(O))/runs,$(GUARDCHECK_CACHE)/runs)
# The settings every verb that builds takes, as the driver's options.
DRIVER_COMMON = --out "$(O)" --make "$(MAKE)" $(if $(filter 1,$(V)),--verbose)
# The tree a target works on, as `guardcheck tree` resolves it.
TREE_ARGS = --kdir "$(KDIR)" --kver "$(KVER)" --series "$(SERIES)" --manifest "$(MANIFEST)" $(DRIVER_COMMON)
BOOT_ARGS = $(DRIVER_COMMON) --runs-base "$(RUNS_BASE)" --kdir "$(KDIR)" --kver "$(KVER)" \
	--series "$(SERIES)" --append "$(QEMU_APPEND)" --qemu-timeout "$(QEMU_TIMEOUT)" \
	--test-timeout "$(TEST_TIMEOUT)" --kconfig-add "$(KCONFIG_ADD)" --debug "$(DEBUG)" \
	--accel "$(ACCEL)" --bench-clock "$(BENCH_CLOCK)"

## qemu: build KDIR/KVER for ARCH (cached), boot it under QEMU and run the suite; QEMU_APPEND= KCONFIG_ADD= DEBUG=1 QEMU_TIMEOUT= TEST_TIMEOUT= RUN_DIR=
.PHONY: qemu
qemu:
	$(Q)scripts/ensure-deps.sh base qemu $(if $(CROSS_COMPILE_$(ARCH)),cross)
	$(Q)$(BUILD_DRIVER)
	$(Q)$(GUARDCHECK) boot --arch $(ARCH) --run-dir "$(RUN_DIR)" $(BOOT_ARGS)

## qemu-all: `make qemu` for every arch record (x86_64, arm64, i386); exit is the worst
.PHONY: qemu-all
qemu-all:
	$(Q)scripts/ensure-deps.sh base qemu cross
	$(Q)$(BUILD_DRIVER)
	$(Q)worst=0; for a in $(QEMU_ARCHES); do \
	  $(GUARDCHECK) boot --arch $$a $(BOOT_ARGS); rc=$$?; \
	  echo "qemu-all: $$a exit $$rc"; [ $$rc -gt $$worst ] && worst=$$rc; \
	done; echo "qemu-all: worst exit $$worst"; exit $$worst

## kernel: only configure and build KDIR/KVER for ARCH into the cache; prints the build dir; KCONFIG_ADD= DEBUG=1
.PHONY: kernel
kernel:
	$(Q)scripts/ensure-deps.sh base qemu $(if $(CROSS_COMPILE_$(ARCH)),cross)
	$(Q)$(BUILD_DRIVER)
	$(Q)$(GUARDCHECK) kernel --arch $(ARCH) $(TREE_ARGS) --kconfig-add "$(KCONFIG_ADD)" --debug "$(DEBUG)"
