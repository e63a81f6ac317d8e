# The matrix: the tree under test and a baseline on every arch, one
# differential verdict, its reports. CI definitions for services live here too.
VERDICT_SRCS := $(wildcard ci/verdict/*.cpp)
VERDICT_OBJS := $(VERDICT_SRCS:%.cpp=$(HOST_OUT)/%.o)
VERDICT_TOOL := $(HOST_OUT)/guardcheck-verdict
ARCHES ?= x86_64 arm64 i386
BASE ?= 6.18.12

$(HOST_OUT)/ci/%.o: ci/%.cpp
	@mkdir -p $(dir $@)
	$(Q)$(CXX_HOST) $(HOST_CXXFLAGS) -c $< -o $@

$(VERDICT_TOOL): $(VERDICT_OBJS) $(LIBGUARDCHECK)
	$(Q)$(CXX_HOST) -o $@ $^

-include $(VERDICT_OBJS:.o=.d)

## validate: tree under test (KDIR=/KVER=, default 6.19.10; SERIES=) against BASE= (6.18.12) on ARCHES=, one verdict; BENCH=1 FORCE=1 DEBUG=1, MUTANTS=<ids, globs or all> adds the kill matrix
.PHONY: validate
validate:
	$(Q)$(QEMU_ENV) ARCHES="$(ARCHES)" BASE="$(BASE)" BENCH="$(BENCH)" FORCE="$(FORCE)" MUTANTS="$(MUTANTS)" scripts/validate.sh

## verdict: judge RUNS=<dir> holding tree-<arch> and base-<arch> run directories (CI's last job)
.PHONY: verdict
verdict:
	$(Q)test -n "$(RUNS)" || { echo "verdict: give RUNS=<dir> holding tree-<arch> and base-<arch> run directories" >&2; exit 2; }
	$(Q)scripts/ensure-deps.sh base
	$(Q)$(MAKE) --no-print-directory $(if $(Q),-s) $(VERDICT_TOOL)
	$(Q)$(VERDICT_TOOL) --runs "$(RUNS)" --arches "$(ARCHES)"
