#!/usr/bin/env bash
# Install the Debian packages a target needs, only those missing, saying which.
# Usage: ensure-deps.sh GROUP|PACKAGE:ARCH...
#   groups: base cross qemu bench uring report report-check lint fresh (see the table)
#   PACKAGE:ARCH, a foreign arch's build of a Multi-Arch: same library
#   (liburing-dev:arm64 for the arm64 suite); the arch is added to dpkg's
#   foreign architectures first when it is not one yet.
# A package counts as present when dpkg has it installed, or when an
# installed package provides its name (nodesource's nodejs provides npm).
set -euo pipefail

declare -A group=(
    # host builds and unit tests; make help, git clone, tarballs, patches;
    # xmllint for the JUnit checks of the unit tests
    [base]="g++ make libgtest-dev libyaml-cpp-dev xz-utils ca-certificates rsync bc nlohmann-json3-dev git patch libxml2-utils"
    [cross]="g++-aarch64-linux-gnu gcc-aarch64-linux-gnu g++-i686-linux-gnu gcc-i686-linux-gnu"
    # kernel builds, QEMU; mount for the mutants' bind mounts
    [qemu]="qemu-system-x86 qemu-system-arm flex bison bc libelf-dev libssl-dev cpio ccache mount"
    [bench]="libbenchmark-dev gnuplot-nox cmake ninja-build nlohmann-json3-dev hyperfine"
    [uring]="liburing-dev"
    [report]="chromium"
    # make lint: C++ format and tidy, shellcheck, the npm validators of ci/
    [lint]="clang-format clang-tidy shellcheck nodejs npm"
    # make fresh-check: a minimal Debian root to run the README in
    [fresh]="mmdebstrap mount"
    # the unit tests' checks of reports: xmllint, the KCIDB schema
    [report-check]="libxml2-utils python3 python3-jsonschema"
)

wanted=()
foreign=()
for g in "$@"; do
    if [[ $g =~ ^[a-z0-9.+-]+:[a-z0-9]+$ ]]; then
        wanted+=("$g")
        dpkg --print-foreign-architectures | grep -qx "${g#*:}" ||
            [ "${g#*:}" = "$(dpkg --print-architecture)" ] || foreign+=("${g#*:}")
        continue
    fi
    [ -n "${group[$g]+x}" ] || { echo "ensure-deps: unknown group '$g' (known: ${!group[*]})" >&2; exit 2; }
    read -r -a pkgs <<<"${group[$g]}"
    wanted+=("${pkgs[@]}")
done

# Names that installed packages provide (virtual packages), one per line.
provided=$(dpkg-query -W -f='${db:Status-Abbrev} ${Provides}\n' 2>/dev/null |
    awk '$1 == "ii" { $1 = ""; n = split($0, p, ","); for (i = 1; i <= n; i++) { sub(/^ +/, "", p[i]); sub(/ .*/, "", p[i]); if (p[i] != "") print p[i] } }')
missing=()
for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' && continue
    grep -qxF -- "$p" <<<"$provided" && continue
    case " ${missing[*]} " in *" $p "*) ;; *) missing+=("$p") ;; esac
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "ensure-deps: installing missing Debian packages: ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
    sudo=sudo
    command -v sudo >/dev/null || { echo "ensure-deps: not root and no sudo; install as root: apt-get install ${missing[*]}" >&2; exit 2; }
else
    sudo=
fi
for a in "${foreign[@]}"; do
    echo "ensure-deps: adding the foreign architecture $a to dpkg (dpkg --add-architecture $a)" >&2
    $sudo dpkg --add-architecture "$a" || { echo "ensure-deps: dpkg --add-architecture $a failed" >&2; exit 2; }
done
# A new architecture has no package lists until apt reads the archive again.
if [ ${#foreign[@]} -gt 0 ] || [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -1)" ]; then
    $sudo apt-get update -q >&2 || { echo "ensure-deps: apt-get update failed" >&2; exit 2; }
fi
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 ||
    { echo "ensure-deps: apt-get install ${missing[*]} failed" >&2; exit 2; }
