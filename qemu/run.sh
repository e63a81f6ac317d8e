#!/usr/bin/env bash
# Glue for `make qemu`: resolve the tree, build suite, init, kernel and
# initramfs, then hand over to guardcheck-qemu. Its exit status is ours.
# Env from make: ARCH O MAKE V QEMU_APPEND QEMU_TIMEOUT TEST_TIMEOUT RUN_DIR
#                RUNS_BASE KCONFIG_ADD KDIR KVER
# GUEST_PROGRAMS=<dir> (bench-compare): boot with the programs copied there
# (guardcheck-qemu, guardcheck-init, selftests/, benchmarks/) instead of
# building them, so that every boot of one comparison runs the same ones.
set -euo pipefail
arch=${ARCH:?}
out=${O:-build}
make_cmd=${MAKE:-make}
die() { echo "qemu: $*" >&2; exit 2; }
[ -f "qemu/arch/$arch.conf" ] || die "no record qemu/arch/$arch.conf; ARCH must be one of: $(basename -s .conf qemu/arch/*.conf | tr '\n' ' ')"

if [ -n "${GUEST_PROGRAMS:-}" ]; then
    runner=$GUEST_PROGRAMS/guardcheck-qemu init=$GUEST_PROGRAMS/guardcheck-init
    suite_dir=$GUEST_PROGRAMS/selftests bench_dir=$GUEST_PROGRAMS/benchmarks
    for f in "$runner" "$init" "$suite_dir/tests.list" "$bench_dir/bench.list"; do
        [ -e "$f" ] || die "GUEST_PROGRAMS=$GUEST_PROGRAMS has no ${f#"$GUEST_PROGRAMS"/} (bench-compare copies the programs there; unset it to build them)"
    done
else
    runner=$out/host/guardcheck-qemu init=$out/$arch/qemu/guardcheck-init
    suite_dir=$out/$arch/selftests bench_dir=$out/$arch/benchmarks
fi
tree=$(scripts/kernel-tree.sh) || exit 2
# The tree is resolved once; everything below uses it by path. O goes by
# the environment: on a make command line it would reach, through MAKEFLAGS,
# every `make -C <tree>` below and create <tree>/$O.
sub=(--no-print-directory ARCH="$arch" KDIR="$tree" KVER=)
[ "${V:-0}" = 1 ] || sub+=(-s)
export O=$out
unset MAKEFLAGS MFLAGS
if [ -z "${GUEST_PROGRAMS:-}" ]; then
    "$make_cmd" "${sub[@]}" suite >&2 || die "building the suite for $arch failed"
    "$make_cmd" "${sub[@]}" guest-init "$runner" >&2 || die "building the runners failed"
    # /bench in the guest only when the command line asks for the benchmarks.
    case " ${QEMU_APPEND:-} " in *" guardcheck.run=bench "* | *" guardcheck.run=all "*)
        "$make_cmd" "${sub[@]}" benchmarks >&2 || die "building the benchmarks for $arch failed" ;;
    esac
fi
kb=$(qemu/kbuild.sh "$arch" "$tree") || exit 2
image=$kb/$(sed -n 's/^IMAGE=//p' "qemu/arch/$arch.conf")
# KERNEL_BUILD=<dir> (mutants): boot the image built there from this tree
# instead of the tree's own; the initramfs tools come from the tree's build.
if [ -n "${KERNEL_BUILD:-}" ]; then
    image=$KERNEL_BUILD/${image#"$kb"/}
    [ -f "$image" ] || die "KERNEL_BUILD=$KERNEL_BUILD has no kernel image ${image#"$KERNEL_BUILD"/}"
fi
version=$(basename "$kb" | cut -d- -f2)
cpio=$(qemu/mkinitramfs.sh "$kb" "$init" "$suite_dir" "$bench_dir" \
    "$out/$arch/qemu/initramfs-$(basename "$kb").cpio") || exit 2

run_dir=${RUN_DIR:-${RUNS_BASE:?}/$(date +%Y%m%d-%H%M%S)-$arch-$version}
mkdir -p "$run_dir"
cp "${KERNEL_BUILD:-$kb}/.config" "$run_dir/kernel.config"

# RESULT_CACHE=1 (make validate): a run whose every input is unchanged
# (kernel image, the files in the initramfs, arch record, command line) is
# not booted again. The files count by content: the cpio also holds their
# mtimes, which a fresh clone changes.
result_key=$(cat "$image" "qemu/arch/$arch.conf" <(echo "${QEMU_APPEND:-} ${TEST_TIMEOUT:-}") \
    $(awk '$1 == "file" {print $3}' "$cpio.spec") | sha256sum | cut -c1-16)
cached=${GUARDCHECK_CACHE:?}/results/$arch-$version-$result_key
result_files=(console.log ktap.txt results.json junit.xml summary.md)
# Kept when there: results cached before kcidb.json existed have none (the
# verdict then makes that run's part of its kcidb.json from results.json).
optional_files=(kcidb.json)
if [ "${RESULT_CACHE:-0}" = 1 ] && [ "${FORCE:-0}" != 1 ] && [ -f "$cached/results.json" ]; then
    cp "${result_files[@]/#/$cached/}" "$run_dir/"
    for f in "${optional_files[@]}"; do [ ! -f "$cached/$f" ] || cp "$cached/$f" "$run_dir/"; done
    echo "guardcheck: $arch $version: inputs unchanged, reusing the result of $cached (FORCE=1 boots again)"
    rc=$(scripts/run-status.sh "$run_dir")
    echo "$(cd "$run_dir" && pwd)"
    exit "$rc"
fi
args=(--arch-record "qemu/arch/$arch.conf" --kernel "$image" --initrd "$cpio"
    --run-dir "$run_dir" --tree "$tree")
[ -n "${QEMU_APPEND:-}" ] && args+=(--append "$QEMU_APPEND")
[ -n "${QEMU_TIMEOUT:-}" ] && args+=(--timeout "$QEMU_TIMEOUT")
[ -n "${TEST_TIMEOUT:-}" ] && args+=(--test-timeout "$TEST_TIMEOUT")
[ "${V:-0}" = 1 ] && args+=(-v)
rc=0
"$runner" "${args[@]}" || rc=$?
# Only a run that reached a verdict (0 or 1) is worth keeping.
if [ "$rc" -le 1 ]; then
    rm -rf "$cached" && mkdir -p "$cached" &&
        cp "${result_files[@]/#/$run_dir/}" "$cached/" &&
        for f in "${optional_files[@]}"; do [ ! -f "$run_dir/$f" ] || cp "$run_dir/$f" "$cached/"; done
fi
exit "$rc"
