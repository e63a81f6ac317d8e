#!/usr/bin/env bash
# Configure and build a kernel for one architecture record, out of tree, in
# the cache. The source tree is only read. Prints the build directory last.
# Usage: kbuild.sh ARCH TREE
#   KCONFIG_ADD="CONFIG_X=y ..."  extra options (validated like the fragments)
#   DEBUG=1                       add config/debug.config (DEBUG_VM and the
#                                 VMA checks under it)
#   SERIES=<path>, SERIES_ID=<id> identity of the series already in TREE
#   JOBS=<n>, V=1
# Exit 2 with the cause when the config or the build fails.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
arch=${1:?usage: kbuild.sh ARCH TREE}
tree=${2:?usage: kbuild.sh ARCH TREE}
cache=${GUARDCHECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/guardcheck}
jobs=${JOBS:-$(nproc)}
die() { echo "kbuild: $*" >&2; exit 2; }
# Our own make's command-line variables (O=, V=, ARCH=) must not reach the
# kernel's make through MAKEFLAGS.
unset MAKEFLAGS MFLAGS MAKELEVEL
say() { echo "kbuild: $*" >&2; }
# shellcheck source=scripts/cache-lock.sh
. "$here/../scripts/cache-lock.sh"
# shellcheck source=qemu/build-progress.sh
. "$here/build-progress.sh"

rec=$here/arch/$arch.conf
[ -f "$rec" ] || die "no record for ARCH=$arch ($rec); known: $(basename -s .conf "$here"/arch/*.conf | tr '\n' ' ')"
declare -A R
while IFS= read -r line; do
    case $line in '#'* | '') continue ;; esac
    R[${line%%=*}]=${line#*=}
done <"$rec"
larch=${R[LINUX_ARCH]}
cross=${CROSS_COMPILE_OVERRIDE:-${R[CROSS_COMPILE]}}
command -v "${cross}gcc" >/dev/null || die "${cross}gcc not found; run 'scripts/ensure-deps.sh cross' or apt-get install gcc-${cross%-}"
cc="ccache ${cross}gcc"
command -v ccache >/dev/null || cc="${cross}gcc"
export CCACHE_DIR=${CCACHE_DIR:-$cache/ccache}

version=$(make -s -C "$tree" kernelversion 2>/dev/null) || die "'make kernelversion' failed in $tree; is it a kernel tree?"

# Tree identity: a git tree by its commit and local changes; an extracted
# tree by its path and version (edits are caught by the stamp check below).
if git -C "$tree" rev-parse --git-dir >/dev/null 2>&1 && [ "$(git -C "$tree" rev-parse --show-toplevel)" = "$tree" ]; then
    tree_id="git:$(git -C "$tree" rev-parse HEAD):$(git -C "$tree" diff HEAD | sha256sum | cut -c1-16)"
else
    tree_id="dir:$tree:$version"
fi
series_id=${SERIES_ID:-none}
# A tree made by guardcheck-series (SERIES=) names its series' content hash.
if [ "$series_id" = none ] && [ -f "$tree/.guardcheck-series" ]; then
    series_id=$(sed -n 's/^id=//p' "$tree/.guardcheck-series")
fi
if [ "$series_id" = none ] && [ -n "${SERIES:-}" ] && [ -e "$SERIES" ]; then
    series_id=$(find "$SERIES" -type f -print0 | sort -z | xargs -0 cat | sha256sum | cut -c1-16)
fi
toolchain_id=$("${cross}gcc" --version | head -1)/$("${cross}ld" --version | head -1)

frags=("$here/config/base.config" "$here/config/guard.config" "$here/config/${R[CONFIG_FRAGMENT]}")
case ${DEBUG:-0} in
    0 | '') ;;
    1) frags+=("$here/config/debug.config") ;;
    *) die "DEBUG=$DEBUG: give DEBUG=1 (add qemu/config/debug.config) or DEBUG=0" ;;
esac
user_frag=$(mktemp)
trap 'rm -f "$user_frag"' EXIT
for opt in ${KCONFIG_ADD:-}; do
    [[ $opt =~ ^CONFIG_[A-Za-z0-9_]+=.+$ ]] || die "KCONFIG_ADD word '$opt' is not of the form CONFIG_NAME=value (e.g. KCONFIG_ADD='CONFIG_KASAN=y')"
    echo "$opt" >>"$user_frag"
done
frags+=("$user_frag")

# 1. Merged, validated config, cached by everything that decides it.
cfg_key=$( (echo "$tree_id $toolchain_id $larch"; cat "${frags[@]}") | sha256sum | cut -c1-16)
cfg_dir=$cache/kconfig/$arch-$version-$cfg_key
[ -f "$cfg_dir/.validated" ] || cache_lock 8 "$cfg_dir" "kbuild: configuring $version for $arch"
if [ ! -f "$cfg_dir/.validated" ]; then
    say "configuring $version for $arch: tinyconfig + ${frags[*]##*/}"
    rm -rf "$cfg_dir"; mkdir -p "$cfg_dir"
    mk=(make -s -C "$tree" O="$cfg_dir" ARCH="$larch" CROSS_COMPILE="$cross" CC="$cc")
    "${mk[@]}" tinyconfig >"$cfg_dir/config.log" 2>&1 || die "'make tinyconfig' failed; see $cfg_dir/config.log"
    # merge_config.sh writes temporary files into the current directory.
    (cd "$cfg_dir" && "$tree/scripts/kconfig/merge_config.sh" -m -O "$cfg_dir" "$cfg_dir/.config" "${frags[@]}") \
        >>"$cfg_dir/config.log" 2>&1 || die "merge_config.sh failed; see $cfg_dir/config.log"
    "${mk[@]}" olddefconfig >>"$cfg_dir/config.log" 2>&1 || die "'make olddefconfig' failed; see $cfg_dir/config.log"
    cat "${frags[@]}" >"$cfg_dir/requested.config"
    "$here/kconfig-check.sh" "$cfg_dir/requested.config" "$cfg_dir/.config" ||
        die "the options above did not survive olddefconfig for $arch on $version (missing dependency, or not available on this arch); fix the fragment or KCONFIG_ADD. Config: $cfg_dir/.config"
    touch "$cfg_dir/.validated"
fi

# 2. The build, keyed by tree, series, merged config and toolchain.
key=$( (echo "$tree_id $series_id $toolchain_id"; cat "$cfg_dir/.config") | sha256sum | cut -c1-16)
bdir=$cache/kbuild/$arch-$version-$key
mkdir -p "$bdir"
cache_lock 9 "$bdir" "kbuild: building $version for $arch"
# The exact command, kept so that a mutant build (kbuild-mutant.sh) repeats it
# and kbuild sees nothing but the mutated files as changed.
build_cmd=(make -C "$tree" O="$bdir" ARCH="$larch" CROSS_COMPILE="$cross" CC="$cc" HOSTCC="ccache gcc"
    -j"$jobs" "${R[IMAGE_TARGET]}")
printf '%s\n' "${build_cmd[@]}" >"$bdir/make.args"
stamp=$bdir/.built
if [ -f "$stamp" ] && [ -f "$bdir/${R[IMAGE]}" ] &&
    [ -z "$(find "$tree" -newer "$stamp" -type f -print -quit 2>/dev/null)" ]; then
    say "$arch $version: cached build $bdir"
    echo "$bdir"; exit 0
fi
cmp -s "$cfg_dir/.config" "$bdir/.config" || cp "$cfg_dir/.config" "$bdir/.config"
printf 'tree=%s\nseries=%s\ntoolchain=%s\nconfig=%s\n' "$tree_id" "$series_id" "$toolchain_id" "$cfg_dir" >"$bdir/key.txt"
say "building $version for $arch in $bdir (-j$jobs, log $bdir/build.log)"
start=$(date +%s)
if ! build_with_heartbeat "$arch" "$bdir/build.log" "${build_cmd[@]}"; then
    echo "kbuild: the $arch build of $version failed; first errors:" >&2
    grep -m 12 -E 'error:|Error [0-9]+|undefined reference|No rule to make' "$bdir/build.log" >&2 || tail -n 12 "$bdir/build.log" >&2
    die "full log: $bdir/build.log"
fi
[ -x "$bdir/usr/gen_init_cpio" ] || [ -f "$bdir/usr/gen_init_cpio" ] ||
    make -s -C "$tree" O="$bdir" ARCH="$larch" CROSS_COMPILE="$cross" CC="$cc" usr/gen_init_cpio >>"$bdir/build.log" 2>&1 || true
touch "$stamp"
say "$arch $version built in $(($(date +%s) - start)) s"
echo "$bdir"
