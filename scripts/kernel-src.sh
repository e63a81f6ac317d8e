#!/usr/bin/env bash
# Fetch a kernel tree as Debian's orig tarball, verify it against the signed
# Sources index and extract it once into the cache. Prints the tree's path last.
# Usage: kernel-src.sh VERSION|latest-6.19   (exit 2 when it cannot be had)
set -euo pipefail

want=${1:?usage: kernel-src.sh VERSION (e.g. 6.19.10) or latest-6.19}
cache=${GUARDCHECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/guardcheck}
state=$cache/apt-state
trees=$cache/trees
tarballs=$cache/tarballs
mkdir -p "$state/lists/partial" "$state/sources" "$trees" "$tarballs"

die() { echo "kernel-src: $*" >&2; exit 2; }
say() { echo "kernel-src: $*" >&2; }

# shellcheck source=scripts/apt-private.sh
. "$(dirname "$0")/apt-private.sh"
# shellcheck source=scripts/cache-lock.sh
. "$(dirname "$0")/cache-lock.sh"
apt_private_init "$state"
uri=$apt_uri

index="$state/orig-index.txt"
# One run at a time refreshes the private apt index; a version is then
# fetched and extracted under its own lock.
cache_lock 8 "$state" "kernel-src $want"
# Refresh the signed index at most once a day.
if [ -z "$(find "$index" -mmin -1440 2>/dev/null)" ]; then
    say "updating the signed deb-src index (trixie-backports, trixie, sid) from $uri"
    apt_private_update "$state"
    # One line per orig tarball: version sha256 size debian-version filename
    apt-cache "${apt_opts[@]}" showsrc linux 2>/dev/null | awk '
        /^Package: / { pkg=$2 }
        /^Version: / { debver=$2 }
        /^Checksums-Sha256:/ { insum=1; next }
        /^[^ ]/ { insum=0 }
        insum && pkg=="linux" && $3 ~ /^linux_[0-9.]+\.orig\.tar\.xz$/ {
            v=$3; sub(/^linux_/, "", v); sub(/\.orig\.tar\.xz$/, "", v)
            print v, $1, $2, debver, $3
        }' | sort -u -V >"$index.tmp"
    [ -s "$index.tmp" ] || die "the deb-src index lists no linux orig tarball (see $state/update.log)"
    mv "$index.tmp" "$index"
fi
flock -u 8

if [ "$want" = latest-6.19 ]; then
    candidates=$(awk '$1 ~ /^6\.19\./ {print $1}' "$index" | sort -V -r | uniq)
else
    awk -v v="$want" '$1==v {f=1} END {exit !f}' "$index" ||
        die "version $want is not in Debian's source index. Versions listed: $(awk '{print $1}' "$index" | sort -uV | tr '\n' ' ')"
    candidates=$want
fi

for ver in $candidates; do
    tree=$trees/linux-$ver
    [ -f "$tree/.guardcheck-complete" ] || cache_lock 9 "$tree" "kernel-src: extracting $ver"
    if [ -f "$tree/.guardcheck-complete" ]; then
        echo "$tree"; exit 0
    fi
    read -r _ sha size debver file < <(awk -v v="$ver" '$1==v' "$index" | head -1)
    tarball=$tarballs/$file
    # A version the archive lists but would not serve is not asked for
    # again the same day (the index lists versions that answer 404).
    if [ -n "$(find "$tarball.unavailable" -mmin -1440 2>/dev/null)" ]; then
        say "$file could not be downloaded earlier today; trying the next candidate"
        continue
    fi
    if ! echo "$sha  $tarball" | sha256sum -c --status 2>/dev/null; then
        say "downloading $file ($((size / 1048576)) MiB)"
        if ! apt_fetch_verified "linux=$debver" "$file" "$sha" "$tarball"; then
            say "$file could not be downloaded (see $tarball.log); trying the next candidate"
            touch "$tarball.unavailable"
            continue
        fi
    fi
    say "extracting $file into $tree"
    rm -rf "$tree.part"; mkdir -p "$tree.part"
    tar -xJf "$tarball" -C "$tree.part" --strip-components=1
    touch "$tree.part/.guardcheck-complete"
    rm -rf "$tree"; mv "$tree.part" "$tree"
    echo "$tree"; exit 0
done
die "none of the candidate versions could be downloaded: $candidates. Versions listed: $(awk '{print $1}' "$index" | sort -uV | tr '\n' ' ')"
