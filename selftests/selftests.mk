# The guard-region suite: one static binary per area, built for ARCH against
# the kernel tree's own kselftest harness and its exported UAPI headers.
SUITE_OUT := $(OUT)/selftests

## suite: build the suite for ARCH against KDIR/KVER (static binaries in O/ARCH/selftests)
.PHONY: suite
suite:
	$(Q)scripts/ensure-deps.sh base $(if $(CROSS_COMPILE),cross) uring
	$(Q)tree=$$(scripts/kernel-tree.sh) && \
	  uapi=$$(scripts/kernel-headers.sh "$$tree" $(ARCH)) && \
	  $(MAKE) --no-print-directory -f selftests/build.mk Q=$(Q) ARCH=$(ARCH) \
	    CROSS_COMPILE=$(CROSS_COMPILE) KSFT_DIR="$$tree/tools/testing/selftests" \
	    UAPI="$$uapi" SUITE_OUT=$(SUITE_OUT) all
