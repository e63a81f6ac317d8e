#!/usr/bin/env bash
# Export a tree's UAPI headers for one architecture into the cache (once) and
# print the include directory. The tree itself is never written (O=).
# Usage: kernel-headers.sh TREE ARCH
set -euo pipefail
tree=${1:?usage: kernel-headers.sh TREE ARCH}
arch=${2:?usage: kernel-headers.sh TREE ARCH}
cache=${GUARDCHECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/guardcheck}
case $arch in
    x86_64 | i386 | arm64) ;;
    *) echo "kernel-headers: unsupported ARCH=$arch; use x86_64, arm64 or i386" >&2; exit 2 ;;
esac
version=$(make -s -C "$tree" kernelversion 2>/dev/null) ||
    { echo "kernel-headers: 'make kernelversion' failed in $tree" >&2; exit 2; }
id="$(basename "$tree")-$version-$(echo -n "$tree" | sha256sum | cut -c1-10)"
out=$cache/headers/$id/$arch
say() { echo "kernel-headers: $*" >&2; }
# shellcheck source=scripts/cache-lock.sh
. "$(dirname "$0")/cache-lock.sh"
[ -f "$out/.complete" ] || cache_lock 9 "$out" "kernel-headers: exporting $arch headers of $version"
if [ ! -f "$out/.complete" ]; then
    echo "kernel-headers: exporting $arch UAPI headers of $tree ($version)" >&2
    rm -rf "$out"; mkdir -p "$out"
    make -s -C "$tree" O="$out" ARCH="$arch" headers >"$out.log" 2>&1 ||
        { echo "kernel-headers: 'make headers' failed; see $out.log" >&2; exit 2; }
    touch "$out/.complete"
fi
echo "$out/usr/include"
