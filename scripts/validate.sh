#!/usr/bin/env bash
# `make validate`: the tree under test and the baseline, booted under QEMU on
# every arch, then one differential verdict. Thin glue: qemu/run.sh builds
# and boots (cached), guardcheck-verdict judges and writes the reports.
# Env from make: ARCHES KDIR KVER SERIES BASE BENCH FORCE DEBUG O V RUNS_BASE MAKE
set -uo pipefail
cd "$(dirname "$0")/.."
die() { echo "validate: $*" >&2; exit 2; }
out=${O:-build}
make_cmd=${MAKE:-make}
cache=${GUARDCHECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/guardcheck}
arches=${ARCHES:-x86_64 arm64 i386}
base=${BASE:-6.18.12}
for a in $arches; do
    [ -f "qemu/arch/$a.conf" ] || die "ARCHES names '$a', which has no record; known: $(basename -s .conf qemu/arch/*.conf | tr '\n' ' ')"
done
[ -n "${KDIR:-}" ] && [ -n "${KVER:-}" ] && die "both KDIR=$KDIR and KVER=$KVER are set; give one of them"
# DEBUG=1: both kernels with qemu/config/debug.config (kbuild.sh reads DEBUG).
case ${DEBUG:-0} in
    0 | '') debug= ;;
    1) debug=-debug ;;
    *) die "DEBUG=$DEBUG: give DEBUG=1 (both kernels with qemu/config/debug.config) or leave it out" ;;
esac
export DEBUG=${DEBUG:-0}

# The tree under test: KDIR or KVER (default mainline 6.19.10), SERIES on top.
tree_env=(KDIR="${KDIR:-}" KVER="${KVER:-}" SERIES="${SERIES:-}")
[ -z "${KDIR:-}" ] && [ -z "${KVER:-}" ] && tree_env=(KDIR= KVER=6.19.10 SERIES="${SERIES:-}")
# The baseline: a version to fetch, or a path to a tree.
if [[ $base == */* ]]; then
    [ -d "$base" ] || die "BASE=$base does not exist; give a version (BASE=6.18.12) or a kernel tree's path"
    base_env=(KDIR="$base" KVER= SERIES=)
else
    [[ $base =~ ^[0-9]+\.[0-9]+(\.[0-9]+)?$ ]] || die "BASE=$base is neither a version like 6.18.12 nor a path"
    base_env=(KDIR= KVER="$base" SERIES=)
fi

scripts/ensure-deps.sh base qemu cross >&2 || exit 2
# Resolve both trees first so that a bad input fails before any build.
tree_path=$(env "${tree_env[@]}" scripts/kernel-tree.sh) || die "the tree under test cannot be had (see above)"
base_path=$(env "${base_env[@]}" scripts/kernel-tree.sh) || die "the baseline BASE=$base cannot be had (see above)"
version_of() { make -s -C "$1" kernelversion 2>/dev/null; }
tree_ver=$(version_of "$tree_path") base_ver=$(version_of "$base_path")

run=${RUN_DIR:-${RUNS_BASE:-$cache/runs}/$(date +%Y%m%d-%H%M%S)-validate}
mkdir -p "$run" || die "cannot create $run"
title="tree under test $tree_ver ($tree_path${SERIES:+, series $SERIES}) against baseline $base_ver ($base_path); arches: $arches${debug:+; DEBUG=1 (qemu/config/debug.config)}"
echo "$title" >"$run/title.txt"
echo "validate: $title"
echo "validate: run directory $run"

# Estimates come from the last validate's times for the same step. A step is
# named by its tree (an applied series is a tree of its own, so 6.18.12 with a
# series never borrows the plain 6.18.12's time), arch and DEBUG.
times=$cache/validate-times.tsv
tree_ident() { echo "$(basename "$1")-$(echo -n "$1" | sha256sum | cut -c1-8)"; }
tree_key=$(tree_ident "$tree_path") base_key=$(tree_ident "$base_path")
touch "$times"
estimate() { awk -F'\t' -v k="$1" '$1==k {t=$2} END {print t+0}' "$times"; }
total=0
for a in $arches; do for r in tree base; do
    total=$((total + $(estimate "$r-$a-$([ $r = tree ] && echo "$tree_key" || echo "$base_key")$debug")))
done; done
[ "$total" -gt 0 ] && echo "validate: the last run of these steps took $((total / 60)) min $((total % 60)) s"
printf 'step\tkernel\tseconds\texit\tresult\n' >"$run/timings.tsv"

start_all=$(date +%s) worst=0 step=0 steps=$(($(wc -w <<<"$arches") * 2))
for a in $arches; do
    for r in tree base; do
        step=$((step + 1))
        if [ $r = tree ]; then envs=("${tree_env[@]}") ver=$tree_ver ident=$tree_key; else envs=("${base_env[@]}") ver=$base_ver ident=$base_key; fi
        key=$r-$a-$ident$debug est=$(estimate "$key")
        last=; [ "$est" -gt 0 ] && last=", last time $est s"
        echo "validate: [$step/$steps] $a $r $ver: build (cached when unchanged) and boot; elapsed $(($(date +%s) - start_all)) s$last"
        s=$(date +%s)
        env "${envs[@]}" ARCH="$a" O="$out" V="${V:-0}" MAKE="$make_cmd" RUN_DIR="$run/$r-$a" \
            RESULT_CACHE=1 FORCE="${FORCE:-0}" QEMU_APPEND= QEMU_TIMEOUT= TEST_TIMEOUT= KCONFIG_ADD= \
            qemu/run.sh >"$run/$r-$a.log" 2>&1
        rc=$?
        secs=$(($(date +%s) - s))
        how=booted
        grep -q 'reusing the result of' "$run/$r-$a.log" && how=reused
        grep -E '^(guardcheck|kbuild|qemu|kernel-tree|kernel-src):' "$run/$r-$a.log" | sed 's/^/validate:   /'
        [ $rc -ge 2 ] && { echo "validate:   no verdict for $a $r (exit $rc); last lines of $run/$r-$a.log:"; tail -n 8 "$run/$r-$a.log" | sed 's/^/validate:     /'; }
        printf '%s\t%s\t%s\t%s\t%s\n' "$r-$a" "$ver" "$secs" "$rc" "$how" >>"$run/timings.tsv"
        [ "$how" = booted ] && [ $rc -le 1 ] && printf '%s\t%s\n' "$key" "$secs" >>"$times"
    done
done

if [ "${BENCH:-0}" = 1 ]; then
    for a in $arches; do
        echo "validate: benchmark comparison on $a: $base_ver against $tree_ver"
        "$make_cmd" --no-print-directory bench-compare ARCH="$a" BASE="$base" NEW="${KDIR:-${KVER:-6.19.10}}" \
            NEW_SERIES="${SERIES:-}" RUN_DIR="$run/bench-$a" O="$out" >"$run/bench-$a.log" 2>&1 ||
            echo "validate:   the comparison on $a did not finish; see $run/bench-$a.log"
    done
fi

# MUTANTS=: the suite's power on this tree, beside the verdict in the report.
if [ -n "${MUTANTS:-}" ]; then
    "$make_cmd" --no-print-directory -s "$out/host/guardcheck-series" O="$out" >&2 || die "building guardcheck-series failed"
    wanted=$MUTANTS; [ "$wanted" = all ] && wanted=
    echo "validate: mutants ${MUTANTS} of patches/mutants on $arches (log $run/mutants.log)"
    "$out/host/guardcheck-series" mutants --tree "$tree_path" --arches "$arches" ${wanted:+--mutants "$wanted"} \
        --out "$run/mutants" --cache "$cache" >"$run/mutants.log" 2>&1
    echo "validate:   mutants exit $?: $(grep -m1 '^score:' "$run/mutants.log")"
    grep -E '^(PROBLEM|NO RESULT):' "$run/mutants.log" | sed 's/^/validate:   /'
fi

"$make_cmd" --no-print-directory -s "$out/host/guardcheck-verdict" O="$out" >&2 || die "building guardcheck-verdict failed"
echo "validate: all steps took $(($(date +%s) - start_all)) s"
"$out/host/guardcheck-verdict" --runs "$run" --arches "$arches" --out "$run/verdict"
