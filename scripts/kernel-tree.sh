#!/usr/bin/env bash
# Resolve the kernel tree a target works on and print its path.
#   KDIR=<tree>  a tree the user has (only read, never written)
#   KVER=<x.y.z> a version fetched from Debian into the cache
#   neither      the newest reachable 6.19.y
#   SERIES=<mbox | *.patch dir | A..B>  applied first by guardcheck-series into
#                a scratch copy in the cache (never into the tree); that copy
#                is printed instead. MANIFEST= names the manifest to check.
# Exit 2 with the cause and the fix when the tree is unusable.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
die() { echo "kernel-tree: $*" >&2; exit 2; }

if [ -n "${KDIR:-}" ] && [ -n "${KVER:-}" ]; then
    die "both KDIR=$KDIR and KVER=$KVER are set; give one of them"
fi
if [ -n "${KDIR:-}" ]; then
    [ -d "$KDIR" ] || die "KDIR=$KDIR does not exist; point KDIR at a Linux source tree or use KVER=6.19.10"
    tree=$(cd "$KDIR" && pwd)
elif [ -n "${KVER:-}" ]; then
    tree=$("$here/kernel-src.sh" "$KVER")
else
    tree=$("$here/kernel-src.sh" latest-6.19)
fi

{ grep -qs '^VERSION = ' "$tree/Makefile" && [ -f "$tree/Kbuild" ]; } ||
    die "$tree is not a Linux source tree (no top-level Makefile with VERSION and Kbuild); point KDIR at the top of a kernel tree"
[ -f "$tree/tools/testing/selftests/kselftest_harness.h" ] ||
    die "$tree has no tools/testing/selftests/kselftest_harness.h; the suite is built against the tree's own harness, so use a full tree (v6.13 or later)"
if [ -n "${SERIES:-}" ]; then
    repo=$(cd "$here/.." && pwd)
    # O= as make names its targets inside the checkout (relative there):
    # the .d files match only that name, so the objects stay up to date.
    out=${O:-build}
    case $out in "$repo"/*) out=${out#"$repo"/} ;; esac
    (cd "$repo" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s --no-print-directory O="$out" series-tool) >&2 ||
        die "building guardcheck-series failed"
    case $out in /*) ;; *) out=$repo/$out ;; esac
    # Exit 1 (a patch does not apply) or 2 (bad series) passes through.
    tree=$("$out/host/guardcheck-series" apply --series "$SERIES" --tree "$tree" \
        --manifests "$repo/patches" ${MANIFEST:+--manifest "$MANIFEST"}) || exit $?
fi
echo "$tree"
