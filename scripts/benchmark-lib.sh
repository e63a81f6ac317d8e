#!/usr/bin/env bash
# Build Google Benchmark as a static Release library for ARCH, once, from
# Debian's source package (verified against the signed Sources index).
# Debian's libbenchmark-dev has only a shared debug build, which a static
# guest binary cannot use. Prints the install prefix (include/, lib/) last.
# Usage: benchmark-lib.sh ARCH   (x86_64, arm64, i386; exit 2 when impossible)
set -euo pipefail
arch=${1:?usage: benchmark-lib.sh ARCH}
cache=${GUARDCHECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/guardcheck}
state=$cache/apt-state
top=$cache/benchmark
die() { echo "benchmark-lib: $*" >&2; exit 2; }
say() { echo "benchmark-lib: $*" >&2; }

case $arch in
    x86_64) cxx=g++ cc=gcc processor=x86_64 ;;
    arm64) cxx=aarch64-linux-gnu-g++ cc=aarch64-linux-gnu-gcc processor=aarch64 ;;
    i386) cxx=i686-linux-gnu-g++ cc=i686-linux-gnu-gcc processor=i686 ;;
    *) die "ARCH=$arch is not supported; use x86_64, arm64 or i386" ;;
esac
command -v "$cxx" >/dev/null || die "$cxx not found; run scripts/ensure-deps.sh cross"
command -v cmake >/dev/null || die "cmake not found; run scripts/ensure-deps.sh bench"
prefix=$top/$arch
[ -f "$prefix/.guardcheck-complete" ] && { echo "$prefix"; exit 0; }
mkdir -p "$top"
exec 9>"$top/$arch.lock"
flock 9
[ -f "$prefix/.guardcheck-complete" ] && { echo "$prefix"; exit 0; }

# The source, fetched and verified once for every arch.
src=$top/src
if [ ! -f "$src/.guardcheck-complete" ]; then
    # shellcheck source=scripts/apt-private.sh
    . "$(dirname "$0")/apt-private.sh"
    apt_private_init "$state"
    if ! apt-cache "${apt_opts[@]}" showsrc benchmark >/dev/null 2>&1; then
        say "updating the signed deb-src index from $apt_uri"
        apt_private_update "$state"
    fi
    read -r debver sha file < <(apt-cache "${apt_opts[@]}" showsrc benchmark 2>/dev/null | awk '
        /^Version: / { v=$2 }
        /^Checksums-Sha256:/ { insum=1; next }
        /^[^ ]/ { insum=0 }
        insum && $3 ~ /^benchmark_.*\.orig\.tar\.gz$/ { print v, $1, $3; exit }') ||
        die "Debian's source index lists no benchmark orig tarball (see $state/update.log)"
    say "downloading $file (Debian source package benchmark=$debver)"
    apt_fetch_verified "benchmark=$debver" "$file" "$sha" "$top/$file" ||
        die "$file could not be downloaded (see $top/$file.log)"
    rm -rf "$src.part"; mkdir -p "$src.part"
    tar -xzf "$top/$file" -C "$src.part" --strip-components=1
    echo "$debver $sha" >"$src.part/.guardcheck-complete"
    rm -rf "$src" "${top:?}/$file"; mv "$src.part" "$src"
fi

say "building Google Benchmark $(cut -d' ' -f1 "$src/.guardcheck-complete") for $arch (static, Release) into $prefix"
build=$top/build-$arch
rm -rf "$build" "$prefix"
cross=()
[ "$arch" = x86_64 ] || cross=(-DCMAKE_SYSTEM_NAME=Linux -DCMAKE_SYSTEM_PROCESSOR="$processor")
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_C_COMPILER="$cc" "${cross[@]}" \
    -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_INSTALL_LIBDIR=lib -DBUILD_SHARED_LIBS=OFF \
    -DBENCHMARK_ENABLE_TESTING=OFF -DBENCHMARK_ENABLE_GTEST_TESTS=OFF \
    -DBENCHMARK_ENABLE_WERROR=OFF -DBENCHMARK_ENABLE_LIBPFM=OFF \
    -DBENCHMARK_INSTALL_DOCS=OFF >"$build.log" 2>&1 || die "cmake configure failed (see $build.log)"
nice cmake --build "$build" -j 2 >>"$build.log" 2>&1 || die "build failed (see $build.log)"
cmake --install "$build" >>"$build.log" 2>&1 || die "install failed (see $build.log)"
[ -f "$prefix/lib/libbenchmark.a" ] || die "$prefix/lib/libbenchmark.a missing after the build (see $build.log)"
touch "$prefix/.guardcheck-complete"
rm -rf "$build"
echo "$prefix"
