#!/usr/bin/env bash
# Resolve the kernel tree a target works on and print its path.
#   KDIR=<tree>  a tree the user has (only read, never written)
#   KVER=<x.y.z> a version fetched from Debian into the cache
#   neither      the newest reachable 6.19.y
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

grep -qs '^VERSION = ' "$tree/Makefile" && [ -f "$tree/Kbuild" ] ||
    die "$tree is not a Linux source tree (no top-level Makefile with VERSION and Kbuild); point KDIR at the top of a kernel tree"
[ -f "$tree/tools/testing/selftests/kselftest_harness.h" ] ||
    die "$tree has no tools/testing/selftests/kselftest_harness.h; the suite is built against the tree's own harness, so use a full tree (v6.13 or later)"
echo "$tree"
