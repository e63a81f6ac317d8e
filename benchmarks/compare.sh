#!/usr/bin/env bash
# Glue for `make bench-compare`: boot BASE and NEW alternately (A B A B ...),
# ROUNDS boots each, every boot running fork_bench, then hand the consoles to
# guardcheck-bench-compare. Its exit status is ours; the run directory's
# path is the last line.
# Env from make: ARCH BASE NEW ROUNDS BASE_SERIES NEW_SERIES BENCH_COMPARE
#                O MAKE V RUNS_BASE QEMU_TIMEOUT TEST_TIMEOUT
set -euo pipefail
arch=${ARCH:?}
die() { echo "bench-compare: $*" >&2; exit 2; }
[ -n "${BASE:-}" ] && [ -n "${NEW:-}" ] ||
    die "give both kernels: BASE= and NEW= (a version such as 6.18.12, or the path of a tree), e.g. make bench-compare ARCH=$arch BASE=6.18.12 NEW=6.19.10"
rounds=${ROUNDS:-3}
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "ROUNDS=$rounds: give a positive number of boots per kernel"

# side_env VALUE SERIES: the KDIR/KVER/SERIES assignments for one kernel.
side_env() {
    if [[ $1 == */* ]] || [ -d "$1" ]; then
        echo "KDIR=$1" "KVER=" "SERIES=$2"
    else
        echo "KVER=$1" "KDIR=" "SERIES=$2"
    fi
}
label() { local l; l=$(basename "$1"); [ -n "$2" ] && l="$l+$(basename "$2")"; echo "$l"; }
base_env=$(side_env "$BASE" "${BASE_SERIES:-}")
new_env=$(side_env "$NEW" "${NEW_SERIES:-}")
base_label=$(label "$BASE" "${BASE_SERIES:-}")
new_label=$(label "$NEW" "${NEW_SERIES:-}")
[ "$base_label" != "$new_label" ] || new_label="$new_label (new)"

# Bad versions or trees fail here, with kernel-tree.sh's message, before a build.
for e in "$base_env" "$new_env"; do
    env $e scripts/kernel-tree.sh >/dev/null || exit 2
done

# x86 guests (tinyconfig, no ACPI) find no HPET/PM timer to calibrate the
# TSC against and fall back to jiffies: 4 ms steps. Under TCG the guest TSC
# is the host's, so hand its rate over.
clock=
case $arch in x86_64 | i386)
    if grep -qw constant_tsc /proc/cpuinfo; then
        mhz=$(awk -F: '/^cpu MHz/ {print $2; exit}' /proc/cpuinfo)
        clock="tsc_early_khz=$(awk -v m="$mhz" 'BEGIN {printf "%d", m * 1000}') tsc=reliable"
        echo "bench-compare: guest clock: TSC at the host's $mhz MHz ($clock)" >&2
    else
        echo "bench-compare: the host TSC is not constant; the x86 guest clock falls back to jiffies (4 ms steps)" >&2
    fi ;;
esac

# The emulator's one vCPU thread is the measurement: ahead of background
# work (kernel builds) on a 2-core host when we may raise its priority.
prio=()
if nice -n -10 true 2>/dev/null; then
    prio=(nice -n -10)
else
    echo "bench-compare: cannot raise the emulator's priority (not root); background load will show in the spread" >&2
fi

dir=${RUN_DIR:-${RUNS_BASE:?}/$(date +%Y%m%d-%H%M%S)-bench-compare-$arch-$base_label-$new_label}
dir=${dir// /_}
mkdir -p "$dir"

# The guest's programs are built once and copied into the run directory:
# every boot runs these, whatever is edited or rebuilt meanwhile, and the
# run keeps the fork_bench that produced its numbers. The suite is not run.
out=${O:-build}
programs=$dir/programs
(unset MAKEFLAGS MFLAGS; export O=$out
    "${MAKE:-make}" --no-print-directory -s ARCH="$arch" guest-init benchmarks "$out/host/guardcheck-qemu") >&2 ||
    die "building the guest's programs for $arch failed"
mkdir -p "$programs/selftests" "$programs/benchmarks"
cp "$out/host/guardcheck-qemu" "$out/$arch/qemu/guardcheck-init" "$programs/"
cp "$out/$arch/benchmarks/fork_bench" "$out/$arch/benchmarks/bench.list" "$programs/benchmarks/"
: >"$programs/selftests/tests.list"
started=$(date +%s)
base_logs=() new_logs=()
for r in $(seq 1 "$rounds"); do
    for side in base new; do
        if [ $side = base ]; then e=$base_env; l=$base_label; else e=$new_env; l=$new_label; fi
        run=$dir/round$r-$side
        t0=$(date +%s)
        rc=0
        env $e RUN_DIR="$run" RESULT_CACHE=0 GUEST_PROGRAMS="$programs" QEMU_APPEND="guardcheck.run=bench $clock" \
            QEMU_TIMEOUT="${QEMU_TIMEOUT:-600}" TEST_TIMEOUT="${TEST_TIMEOUT:-900}" \
            "${prio[@]}" qemu/run.sh >"$run.log" 2>&1 || rc=$?
        echo "bench-compare: round $r $l: exit $rc after $(($(date +%s) - t0)) s ($run)" >&2
        [ $rc -le 1 ] || tail -3 "$run.log" | sed 's/^/  /' >&2
        if [ $side = base ]; then base_logs+=(--base "$run/console.log"); else new_logs+=(--new "$run/console.log"); fi
    done
done
echo "bench-compare: $((2 * rounds)) boots in $(($(date +%s) - started)) s" >&2
rc=0
"${BENCH_COMPARE:?}" --base-label "$base_label" --new-label "$new_label" --out "$dir" \
    "${base_logs[@]}" "${new_logs[@]}" || rc=$?
echo "$dir"
exit $rc
