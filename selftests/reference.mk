# Upstream's own guard-region selftest, built from the tree's
# tools/testing/selftests/mm as the reference column beside the suite: the
# same guests run it, and the mutants' kill matrix counts its kills apart.
# Included by build.mk (same variables). Trees before v6.13 have none.
REF_SRC_DIR := $(KSFT_DIR)/mm
REF_OUT := $(SUITE_OUT)/reference
REF_CC := $(CROSS_COMPILE)gcc
# It is upstream's C code: its own warnings are not ours to fix.
REF_CFLAGS := -O2 -w -static -D_GNU_SOURCE -I$(KSFT_DIR) -isystem $(UAPI) -isystem $(KSFT_DIR)/../../include/uapi

ifneq ($(wildcard $(REF_SRC_DIR)/guard-regions.c),)
REF_BINS := $(REF_OUT)/guard-regions
$(REF_OUT)/guard-regions: $(REF_SRC_DIR)/guard-regions.c $(REF_SRC_DIR)/vm_util.c $(STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(REF_CC) $(REF_CFLAGS) -o $@ $(REF_SRC_DIR)/guard-regions.c $(REF_SRC_DIR)/vm_util.c
else
REF_BINS :=
$(info suite: $(REF_SRC_DIR)/guard-regions.c not in this tree; no upstream reference column)
endif

.PHONY: reference
reference: $(REF_BINS)
	@printf '%s\n' $(patsubst $(SUITE_OUT)/%,%,$(REF_BINS)) > $(SUITE_OUT)/reference.list
