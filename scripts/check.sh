#!/usr/bin/env bash
# `make check`: every test the project has that runs on this machine, each
# step's counts, then one closing line "N passed, N failed, N skipped".
# Exit 0 only when nothing failed.
# VALIDATE=0 skips `make validate` and the mutants (one skip): for CI jobs
# whose other jobs run the QEMU matrix (ci/), and for a quick local check.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
make=${MAKE:-make}
log_dir=${CHECK_LOG_DIR:-build/check}
mkdir -p "$log_dir"
passed=0 failed=0 skipped=0

# Adds a step's counts; a step that printed no counts but failed counts once.
tally() { # name status pass fail skip
    local name=$1 status=$2 p=${3:-0} f=${4:-0} s=${5:-0}
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
    printf 'check: %-16s %s (%d passed, %d failed, %d skipped; log %s/%s.log)\n' \
        "$name" "$([ "$status" -eq 0 ] && echo ok || echo FAILED)" "$p" "$f" "$s" "$log_dir" "$name"
}

step() { # name command...
    local name=$1; shift
    echo "check: running $name: $*"
    "$@" >"$log_dir/$name.log" 2>&1
}

step deps scripts/ensure-deps.sh base cross uring bench lint
tally deps $? 1 0 0

# Every part of lint runs; each says what it checked (see `make help`).
step lint "$make" --no-print-directory lint
tally lint $? 1 0 0
grep -E '^lint(-[a-z]+)?: ' "$log_dir/lint.log" | sed 's/^/check:   /'

# The unit tests run the host's fork_bench too.
step bench-host "$make" --no-print-directory benchmarks ARCH=x86_64 CROSS_COMPILE=
tally bench-host $? 1 0 0

step unit "$make" --no-print-directory test
status=$?
tally unit $status \
    "$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log_dir/unit.log" | tail -1)" \
    "$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log_dir/unit.log" | tail -1)"

step harness-compat "$make" --no-print-directory harness-compat
status=$?
tally harness-compat $status "$(grep -c '^ok harness-compat' "$log_dir/harness-compat.log")" \
    "$(grep -c '^not ok harness-compat' "$log_dir/harness-compat.log")"

for arch in arm64 i386; do
    step "suite-$arch" "$make" --no-print-directory suite ARCH="$arch"
    tally "suite-$arch" $? 1 0 0
done

step run_tests "$make" --no-print-directory run_tests
status=$?
read -r p f s < <(sed -n -E 's/^([0-9]+) passed, ([0-9]+) failed(, ([0-9]+) skipped)?$/\1 \2 \4/p' \
    "$log_dir/run_tests.log" | tail -1)
tally run_tests $status "${p:-0}" "${f:-0}" "${s:-0}"
grep -E '^# +SKIP|^not ok' "$log_dir/run_tests.log" | sed 's/^/check:   /' | sort | uniq -c | head -20

# The main job on defaults: 6.19.10 against the 6.18.12 baseline on every
# arch. Each (tree, arch) cell that behaves as its class expects is a pass.
if [ "${VALIDATE:-1}" = 1 ]; then
    step validate "$make" --no-print-directory validate
    status=$?
    read -r p f < <(sed -n -E 's/^verdict: cells: ([0-9]+) as expected, ([0-9]+) not$/\1 \2/p' \
        "$log_dir/validate.log" | tail -1)
    tally validate $status "${p:-0}" "${f:-0}"
    grep -E '^verdict: ' "$log_dir/validate.log" | sed 's/^/check:   /' | head -40
else
    echo "check: validate skipped: VALIDATE=$VALIDATE was given (the QEMU matrix is not run)"
    skipped=$((skipped + 1))
fi

# The suite's power: one mutant per commit of the 6.18.37 release that
# carries kernel code, each a one-file .c change (about 10 s to build
# incrementally, a minute to boot under TCG), on x86_64. The whole
# catalogue on three arches is `make mutants ARCHES=...`, too long for CI.
ci_mutants=${CI_MUTANTS:-p1-smaps-no-gu p3-mseal-resets-requested p4-existing-next-not-sticky p5-copy-on-fork-without-guard p6-khugepaged-retracts-guarded f1-softdirty-not-sticky f3-uffd-wp-decided-by-parent}
if [ "${VALIDATE:-1}" = 1 ] && [ -n "$ci_mutants" ]; then
    step mutants "$make" --no-print-directory mutants MUTANTS="$ci_mutants"
    status=$?
    read -r k n < <(sed -n -E 's/^score: x86_64: suite kills ([0-9]+)\/([0-9]+) .*/\1 \2/p' "$log_dir/mutants.log" | tail -1)
    tally mutants $status "${k:-0}" "$((${n:-0} - ${k:-0}))"
    grep -E '^(score|PROBLEM|NO RESULT):' "$log_dir/mutants.log" | sed 's/^/check:   /'
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
