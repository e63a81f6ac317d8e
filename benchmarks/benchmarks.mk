# Fork-latency benchmarks (Google Benchmark), static for ARCH, and the
# comparison of two kernels booted alternately under QEMU.
BENCH_OUT := $(OUT)/benchmarks
FORK_BENCH_SRCS := $(wildcard benchmarks/*.cpp) $(wildcard selftests/lib/*.cpp)
FORK_BENCH_OBJS := $(FORK_BENCH_SRCS:%.cpp=$(BENCH_OUT)/obj/%.o)
FORK_BENCH := $(BENCH_OUT)/fork_bench
# The guest's run: every point, 5 repetitions (see README "Benchmarks").
GUEST_BENCH_ARGS ?= --benchmark_format=json --benchmark_repetitions=5 --hold_report

# BENCH_LIB (the static Google Benchmark for ARCH) comes from `make benchmarks`.
$(BENCH_OUT)/obj/%.o: %.cpp
	@mkdir -p $(dir $@)
	$(Q)$(CROSS_COMPILE)g++ $(CXXSTD) $(WARN) -O2 -MMD -MP -D_FILE_OFFSET_BITS=64 \
	  -isystem $(BENCH_LIB)/include -DBENCHMARK_STATIC_DEFINE -Ibenchmarks -Iselftests/lib -c $< -o $@

$(FORK_BENCH): $(FORK_BENCH_OBJS)
	$(Q)$(CROSS_COMPILE)g++ -static -o $@ $^ $(BENCH_LIB)/lib/libbenchmark.a -pthread

$(BENCH_OUT)/bench.list: $(FORK_BENCH) benchmarks/benchmarks.mk
	$(Q)echo "fork_bench $(GUEST_BENCH_ARGS)" >$@

-include $(FORK_BENCH_OBJS:.o=.d)

## benchmarks: build the fork benchmarks for ARCH (static) and the guest's bench.list into O/ARCH/benchmarks
.PHONY: benchmarks
benchmarks:
	$(Q)scripts/ensure-deps.sh base bench $(if $(CROSS_COMPILE_$(ARCH)),cross)
	$(Q)scripts/check-toolchain.sh $(ARCH) "$(CROSS_COMPILE)"
	$(Q)lib=$$(scripts/benchmark-lib.sh $(ARCH)) && \
	  $(MAKE) --no-print-directory BENCH_LIB="$$lib" $(BENCH_OUT)/bench.list

## bench: run the fork benchmarks on this host (every point); JSON into a run directory; BENCH_ARGS=
BENCH_ARGS ?= --benchmark_repetitions=5
.PHONY: bench
bench:
	$(Q)$(MAKE) --no-print-directory benchmarks ARCH=x86_64 CROSS_COMPILE=
	$(Q)dir=$(RUNS_BASE)/$$(date +%Y%m%d-%H%M%S)-bench-host && mkdir -p $$dir && \
	  $(O)/x86_64/benchmarks/fork_bench $(BENCH_ARGS) --benchmark_out=$$dir/fork_bench.json \
	    --benchmark_out_format=json && echo "$$dir"

## bench-compare: boot BASE and NEW (versions or tree paths) alternately ROUNDS times each, compare fork latency; BASE= NEW= ROUNDS= BASE_SERIES= NEW_SERIES= BENCH_CLOCK=icount|wall|both; FROM=<run dir> compares a finished run again
ROUNDS ?= 3
.PHONY: bench-compare
bench-compare:
	$(Q)scripts/ensure-deps.sh base qemu bench $(if $(CROSS_COMPILE_$(ARCH)),cross)
	$(Q)$(BUILD_DRIVER)
	$(Q)$(GUARDCHECK) bench-compare --arch $(ARCH) --base "$(BASE)" --new "$(NEW)" --rounds "$(ROUNDS)" \
	  --base-series "$(BASE_SERIES)" --new-series "$(NEW_SERIES)" --qemu-timeout "$(QEMU_TIMEOUT)" \
	  --test-timeout "$(TEST_TIMEOUT)" --run-dir "$(RUN_DIR)" --runs-base "$(RUNS_BASE)" $(DRIVER_COMMON) \
	  --accel "$(ACCEL)" --bench-clock "$(BENCH_CLOCK)" --from "$(FROM)"

# The unit tests run the host's fork_bench (make check builds it first).
$(HOST_OUT)/tests/fork_bench_host_test.o: HOST_CXXFLAGS += -DFORK_BENCH_HOST='"$(abspath $(O))/x86_64/benchmarks/fork_bench"'
