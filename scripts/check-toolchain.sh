#!/usr/bin/env bash
# Fail early, naming the fix, when the compiler for ARCH is missing.
# Usage: check-toolchain.sh ARCH CROSS_COMPILE
set -euo pipefail
arch=${1:?usage: check-toolchain.sh ARCH CROSS_COMPILE}
prefix=${2:-}
cxx=${prefix}g++
if ! command -v "$cxx" >/dev/null 2>&1; then
    case $prefix in
        aarch64-linux-gnu- | i686-linux-gnu-) fix="apt-get install g++-${prefix%-}" ;;
        *) fix="install it, or unset CROSS_COMPILE to use the default for ARCH=$arch" ;;
    esac
    echo "toolchain: $cxx (CROSS_COMPILE=$prefix, ARCH=$arch) not found; $fix" >&2
    exit 2
fi
