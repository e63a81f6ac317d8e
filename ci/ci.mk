# The matrix: the tree under test and a baseline on every arch, one
# differential verdict, its reports. CI definitions for services live here too.
# Both targets are `guardcheck validate` and `guardcheck verdict`; ARCHES
# and BASE default in the driver (every qemu/arch record; lib/facts).

## validate: tree under test (KDIR=/KVER=, default 6.19.10; SERIES=, UPSTREAM= sets its patches against upstream) against BASE= (6.18.12) on ARCHES=, one verdict; BENCH=1 FORCE=1 DEBUG=1, MUTANTS=<ids, globs or all> adds the kill matrix
.PHONY: validate
validate:
	$(Q)scripts/ensure-deps.sh base
	$(Q)$(BUILD_DRIVER)
	$(Q)$(GUARDCHECK) validate $(DRIVER_COMMON) --runs-base "$(RUNS_BASE)" --run-dir "$(RUN_DIR)" \
	  --kdir "$(KDIR)" --kver "$(KVER)" --series "$(SERIES)" --arches "$(ARCHES)" --base "$(BASE)" \
	  --bench "$(BENCH)" --force "$(FORCE)" --debug "$(DEBUG)" --mutants "$(MUTANTS)" --upstream "$(UPSTREAM)"

## verdict: judge RUNS=<dir> holding tree-<arch> and base-<arch> run directories (CI's last job)
.PHONY: verdict
verdict:
	$(Q)scripts/ensure-deps.sh base
	$(Q)$(BUILD_DRIVER)
	$(Q)$(GUARDCHECK) verdict --runs "$(RUNS)" --arches "$(ARCHES)"
