# The guard-region suite: one static binary per area, built for ARCH against
# the kernel tree's own kselftest harness and its exported UAPI headers.
SUITE_OUT := $(OUT)/selftests
# liburing for a cross ARCH is Debian's multiarch build of the same package.
DEBIAN_ARCH := $(shell sed -n 's/^DEBIAN_ARCH=//p' qemu/arch/$(ARCH).conf)

## suite: build the suite for ARCH against KDIR/KVER (static binaries in O/ARCH/selftests)
.PHONY: suite
suite:
	$(Q)scripts/ensure-deps.sh base uring $(if $(CROSS_COMPILE_$(ARCH)),cross liburing-dev:$(DEBIAN_ARCH))
	$(Q)scripts/check-toolchain.sh $(ARCH) "$(CROSS_COMPILE)"
	$(Q)$(BUILD_DRIVER)
	$(Q)tree=$$($(GUARDCHECK) tree $(TREE_ARGS)) && \
	  uapi=$$(scripts/kernel-headers.sh "$$tree" $(ARCH)) && \
	  $(MAKE) --no-print-directory -f selftests/build.mk Q=$(Q) ARCH=$(ARCH) \
	    CROSS_COMPILE=$(CROSS_COMPILE) KSFT_DIR="$$tree/tools/testing/selftests" \
	    UAPI="$$uapi" SUITE_OUT=$(SUITE_OUT) all

## install: lay the suite out for run_kselftest.sh under INSTALL_PATH=<dir>
.PHONY: install
install: suite
	$(Q)tree=$$($(GUARDCHECK) tree $(TREE_ARGS)) && \
	  scripts/install-suite.sh $(SUITE_OUT) "$$tree/tools/testing/selftests" "$(INSTALL_PATH)"

## harness-compat: build a probe of harness_compat.h against the 6.18.y and 6.19.y harnesses
HARNESS_KVERS ?= 6.18.12 6.19.10
.PHONY: harness-compat
harness-compat:
	$(Q)scripts/ensure-deps.sh base
	$(Q)trees=; for v in $(HARNESS_KVERS); do trees="$$trees $$(scripts/kernel-src.sh $$v)" || exit 2; done; \
	  tests/harness_compat/check.sh $(HOST_OUT)/harness_compat $$trees
