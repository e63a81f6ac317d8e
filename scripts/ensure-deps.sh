#!/usr/bin/env bash
# Install the Debian packages a target needs, only those missing, saying which.
# Usage: ensure-deps.sh GROUP...   groups: base cross qemu bench uring report report-check
set -euo pipefail

declare -A group=(
    [base]="g++ make libgtest-dev libyaml-cpp-dev xz-utils ca-certificates rsync bc nlohmann-json3-dev git patch"
    [cross]="g++-aarch64-linux-gnu gcc-aarch64-linux-gnu g++-i686-linux-gnu gcc-i686-linux-gnu"
    [qemu]="qemu-system-x86 qemu-system-arm flex bison bc libelf-dev libssl-dev cpio ccache"
    [bench]="libbenchmark-dev gnuplot-nox cmake ninja-build nlohmann-json3-dev hyperfine"
    [uring]="liburing-dev"
    [report]="chromium"
    [report-check]="libxml2-utils python3 python3-jsonschema"
)

wanted=()
for g in "$@"; do
    [ -n "${group[$g]+x}" ] || { echo "ensure-deps: unknown group '$g' (known: ${!group[*]})" >&2; exit 2; }
    wanted+=(${group[$g]})
done

missing=()
for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "ensure-deps: installing missing Debian packages: ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
    sudo=sudo
    command -v sudo >/dev/null || { echo "ensure-deps: not root and no sudo; install as root: apt-get install ${missing[*]}" >&2; exit 2; }
else
    sudo=
fi
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -1)" ]; then
    $sudo apt-get update -q >&2 || { echo "ensure-deps: apt-get update failed" >&2; exit 2; }
fi
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 ||
    { echo "ensure-deps: apt-get install ${missing[*]} failed" >&2; exit 2; }
