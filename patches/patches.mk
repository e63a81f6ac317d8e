# Backport series: manifests (data, patches/*.manifest) and the series tool.
#   make series-check SERIES=...            verify against the manifest
#   make apply SERIES=... KDIR=|KVER=       apply into a scratch tree; prints it
#   make bisect SERIES=... KDIR=|KVER=      patch x check table under QEMU
# With SERIES= set, `guardcheck tree` applies the series itself, so every
# other target (qemu, kernel, suite) runs on the applied tree. The series
# verbs are the driver's; guardcheck-series is only the old name (a link to
# it), kept for scripts written against it.
SERIES_TOOL := $(HOST_OUT)/guardcheck-series
SERIES_ARGS = --series "$(SERIES)" $(if $(MANIFEST),--manifest "$(MANIFEST)")
SERIES_CHECK_ARGS = $(SERIES_ARGS) $(if $(UPSTREAM),--upstream "$(UPSTREAM)")

$(SERIES_TOOL): $(GUARDCHECK)
	$(Q)ln -sf guardcheck $@

.PHONY: series-tool
series-tool: $(SERIES_TOOL)

## series-check: check SERIES= (mbox, *.patch dir, A..B) against its manifest; KDIR=/KVER= choose it, MANIFEST= overrides; UPSTREAM=<mainline git or the posting mbox> diffs each patch with its upstream one
.PHONY: series-check
series-check:
	$(Q)scripts/ensure-deps.sh base
	$(Q)$(BUILD_DRIVER)
	$(Q)$(GUARDCHECK) series-check $(SERIES_CHECK_ARGS) --kdir "$(KDIR)" --kver "$(KVER)"

## apply: apply SERIES= onto KDIR/KVER in a scratch copy in the cache (never in the tree); prints its path last
.PHONY: apply
apply:
	$(Q)scripts/ensure-deps.sh base
	$(Q)$(BUILD_DRIVER)
	$(Q)test -n "$(SERIES)" || { echo 'apply: give SERIES=<mbox | *.patch dir | A..B>' >&2; exit 2; }
	$(Q)$(GUARDCHECK) tree --kdir "$(KDIR)" --kver "$(KVER)" --series "$(SERIES)" --manifest "$(MANIFEST)" $(DRIVER_COMMON)

## bisect: build and boot KDIR/KVER after each patch of SERIES= for ARCH under QEMU; table of which patch flips which check; RESUME=1 keeps the steps an interrupted bisect finished
.PHONY: bisect
bisect:
	$(Q)scripts/ensure-deps.sh base qemu $(if $(CROSS_COMPILE_$(ARCH)),cross)
	$(Q)$(BUILD_DRIVER)
	$(Q)$(GUARDCHECK) bisect $(SERIES_ARGS) --kdir "$(KDIR)" --kver "$(KVER)" --arch $(ARCH) --run-dir "$(RUN_DIR)" \
	    $(if $(filter 1,$(RESUME)),--resume)
export MANIFEST

# The unit tests run the driver and its old series name too (exit codes).
$(UNIT_BIN): $(SERIES_TOOL) $(GUARDCHECK)
$(HOST_OUT)/tests/series_apply_test.o: HOST_CXXFLAGS += -DSERIES_TOOL='"$(abspath $(SERIES_TOOL))"'

## mutants: boot the series tree (default KVER=6.19.10; or KDIR=, or KVER= SERIES=), then each mutant of patches/mutants built incrementally from it; kill matrix. ARCHES= (default x86_64) MUTANTS= (ids or globs)
MUTANT_ARCHES ?= $(if $(filter command line environment,$(origin ARCHES)),$(ARCHES),x86_64)
.PHONY: mutants
mutants:
	$(Q)scripts/ensure-deps.sh base qemu $(if $(filter-out x86_64,$(MUTANT_ARCHES)),cross)
	$(Q)$(BUILD_DRIVER)
	$(Q)tree=$$($(GUARDCHECK) tree $(DRIVER_COMMON) --kdir "$(KDIR)" \
	    --kver "$(or $(KVER),$(if $(KDIR),,$(TREE_VERSION)))" --series "$(SERIES)") || exit 2; \
	  $(GUARDCHECK) mutants --tree "$$tree" --arches "$(MUTANT_ARCHES)" \
	    $(if $(MUTANTS),--mutants "$(MUTANTS)") $(if $(filter 1,$(MUTANTS_REBOOT)),--reboot-mutants) \
	    --cache "$(GUARDCHECK_CACHE)"

## bench-mutant: benchmark judging one mutant from scratch on ARCH (incremental build + boot; the unmutated tree's result cached): hyperfine, BENCH_RUNS= (default 3), MUTANT= (default p6-install-no-flag)
MUTANT ?= p6-install-no-flag
BENCH_RUNS ?= 3
.PHONY: bench-mutant
bench-mutant:
	$(Q)scripts/ensure-deps.sh base qemu bench $(if $(CROSS_COMPILE_$(ARCH)),cross)
	$(Q)$(BUILD_DRIVER)
	$(Q)$(MAKE) --no-print-directory mutants ARCHES=$(ARCH) MUTANTS=$(MUTANT) >/dev/null 2>&1 || true
	$(Q)hyperfine --runs $(BENCH_RUNS) --export-markdown $(O)/bench-mutant-$(ARCH)-$(MUTANT).md \
	  --prepare 'rm -rf "$(GUARDCHECK_CACHE)"/mutants/$(ARCH)-*/$(MUTANT)-*' \
	  '$(MAKE) --no-print-directory mutants ARCHES=$(ARCH) MUTANTS=$(MUTANT) MUTANTS_REBOOT=1 KVER=$(KVER) KDIR=$(KDIR) SERIES=$(SERIES)'
