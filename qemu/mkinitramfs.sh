#!/usr/bin/env bash
# Pack the guest's initramfs (uncompressed cpio, made by the kernel build's
# usr/gen_init_cpio so no root is needed for /dev/console). Rewrites OUT only
# when its content changed.
# Usage: mkinitramfs.sh KBUILD_DIR INIT SUITE_DIR BENCH_DIR OUT
set -euo pipefail
kb=${1:?usage: mkinitramfs.sh KBUILD_DIR INIT SUITE_DIR BENCH_DIR OUT}
init=${2:?}; suite=${3:?}; bench=${4:?}; out=${5:?}
die() { echo "initramfs: $*" >&2; exit 2; }
gen=$kb/usr/gen_init_cpio
[ -x "$gen" ] || die "$gen missing; the kernel build did not make it (needs CONFIG_BLK_DEV_INITRD=y); rebuild with 'make qemu'"
[ -x "$init" ] || die "$init missing; run 'make guest-init ARCH=...'"
[ -f "$suite/tests.list" ] || die "$suite/tests.list missing; run 'make suite ARCH=...'"
mkdir -p "$(dirname "$out")"
spec=$out.spec
{
    echo "dir /dev 0755 0 0"
    echo "nod /dev/console 0600 0 0 c 5 1"
    for d in /proc /sys /mnt /mnt/ramfs /selftests /selftests/reference; do echo "dir $d 0755 0 0"; done
    echo "dir /tmp 1777 0 0"
    echo "file /init $(realpath "$init") 0755 0 0"
    echo "file /kconfig $kb/.config 0644 0 0"
    # The suite's binaries, then upstream's selftest as the reference column
    # (reference.list; absent for trees without one).
    for list in tests.list reference.list; do
        [ "$list" = tests.list ] || [ -f "$suite/$list" ] || continue
        echo "file /selftests/$list $(realpath "$suite/$list") 0644 0 0"
        while read -r t; do
            [ -n "$t" ] || continue
            [ -x "$suite/$t" ] || die "$suite/$t is named in $list but missing; rebuild the suite"
            echo "file /selftests/$t $(realpath "$suite/$t") 0755 0 0"
        done <"$suite/$list"
    done
    if [ -f "$bench/bench.list" ]; then
        echo "dir /bench 0755 0 0"
        echo "file /bench/bench.list $(realpath "$bench/bench.list") 0644 0 0"
        awk '!/^[[:space:]]*(#|$)/ {print $1}' "$bench/bench.list" | sort -u | while read -r b; do
            [ -x "$bench/$b" ] || die "$bench/$b is named in bench.list but missing; rebuild the benchmarks"
            echo "file /bench/$b $(realpath "$bench/$b") 0755 0 0"
        done
    fi
} >"$spec.new"
"$gen" "$spec.new" >"$out.new" || die "gen_init_cpio failed on $spec.new"
if cmp -s "$out.new" "$out"; then rm -f "$out.new"; else mv "$out.new" "$out"; fi
mv "$spec.new" "$spec"
echo "$out"
