#!/usr/bin/env bash
# Build a mutant kernel incrementally from the cached build of its tree: the
# tree and its build directory are only read. The mutated files and a copy of
# the build directory are mounted over the originals in a private mount
# namespace, so kbuild sees the same paths and the same command as for the
# tree's own build and recompiles only what the patch touches.
# Usage: kbuild-mutant.sh ARCH TREE PATCH; prints the mutant's directory last
# (it holds the kernel image at the arch record's IMAGE path, .config and
# build.log). Exit 2 with the cause when the patch does not apply or the
# build fails. KCONFIG_ADD/SERIES_ID as for kbuild.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
arch=${1:?usage: kbuild-mutant.sh ARCH TREE PATCH}
tree=${2:?usage: kbuild-mutant.sh ARCH TREE PATCH}
patch=${3:?usage: kbuild-mutant.sh ARCH TREE PATCH}
cache=${GUARDCHECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/guardcheck}
die() { echo "kbuild-mutant: $*" >&2; exit 2; }
say() { echo "kbuild-mutant: $*" >&2; }
# shellcheck source=scripts/cache-lock.sh
. "$here/../scripts/cache-lock.sh"
# shellcheck source=qemu/build-progress.sh
. "$here/build-progress.sh"
[ -f "$patch" ] || die "no patch $patch"
tree=$(cd "$tree" && pwd)
patch=$(cd "$(dirname "$patch")" && pwd)/$(basename "$patch")
image_rel=$(sed -n 's/^IMAGE=//p' "$here/arch/$arch.conf")
[ -n "$image_rel" ] || die "no IMAGE= in $here/arch/$arch.conf"

base=$("$here/kbuild.sh" "$arch" "$tree" | tail -n 1) || exit 2
[ -f "$base/make.args" ] || die "$base has no make.args; rebuild it with qemu/kbuild.sh"
name=$(basename "$patch" .patch)
id=$( (cat "$patch" "$base/make.args" "$base/.config") | sha256sum | cut -c1-12)
dir=$cache/mutants/$(basename "$base")/$name-$id
mkdir -p "$(dirname "$dir")"
cache_lock 8 "$dir" "kbuild-mutant: building $name for $arch"
if [ -f "$dir/.built" ] && [ -f "$dir/$image_rel" ]; then
    say "$arch $name: cached build $dir"
    echo "$dir"
    exit 0
fi
rm -rf "$dir"
mkdir -p "$dir/src"

# Only the files the patch touches are copied, then patched.
mapfile -t files < <(git apply --numstat "$patch" | cut -f3)
[ "${#files[@]}" -gt 0 ] || die "$patch changes no file"
for f in "${files[@]}"; do
    [ -f "$tree/$f" ] || die "$name touches $f, which $tree does not have"
    mkdir -p "$dir/src/$(dirname "$f")"
    cp "$tree/$f" "$dir/src/$f"
done
(cd "$dir/src" && GIT_CEILING_DIRECTORIES=$dir git apply --verbose "$patch") >"$dir/apply.log" 2>&1 ||
    die "$name does not apply to $tree: $(grep -m1 -E '^error' "$dir/apply.log")"
touch "${files[@]/#/$dir/src/}"

start=$(date +%s)
say "$arch $name: copying the tree's build $base"
(
    cache_lock 9 "$base" "kbuild-mutant: copying the build for $name"
    cp -a --reflink=auto "$base" "$dir/build"
)
mapfile -t build_cmd <"$base/make.args"
export CCACHE_DIR=${CCACHE_DIR:-$cache/ccache}
unset MAKEFLAGS MFLAGS MAKELEVEL
say "$arch $name: building ${files[*]} incrementally (log $dir/build.log)"
# shellcheck disable=SC2016 # expanded by the inner shell
if ! build_with_heartbeat "$arch-mutant" "$dir/build.log" unshare --mount --propagation private -- bash -c '
    set -e
    dir=$1 tree=$2 base=$3; shift 3
    n=$1; shift
    for ((i = 0; i < n; i++)); do mount --bind "$dir/src/$1" "$tree/$1"; shift; done
    mount --bind "$dir/build" "$base"
    exec "$@"' bash "$dir" "$tree" "$base" "${#files[@]}" "${files[@]}" "${build_cmd[@]}"; then
    grep -m 12 -E 'error:|Error [0-9]+|undefined reference|mount:|unshare:' "$dir/build.log" >&2 || tail -n 12 "$dir/build.log" >&2
    die "the $arch build of $name failed; full log: $dir/build.log"
fi
mkdir -p "$dir/$(dirname "$image_rel")"
cp "$dir/build/$image_rel" "$dir/$image_rel"
cp "$dir/build/.config" "$dir/.config"
rebuilt=$(grep -cE '^  (CC|AS|LD)  ' "$dir/build.log" || true)
rm -rf "$dir/build"
touch "$dir/.built"
say "$arch $name: built in $(($(date +%s) - start)) s ($rebuilt objects rebuilt)"
echo "$dir"
