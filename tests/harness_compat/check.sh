#!/usr/bin/env bash
# Builds the harness probe against each tree's kselftest_harness.h and
# compares its results with expected.txt. Usage: check.sh OUTDIR TREE...
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$1; shift
mkdir -p "$out"
failed=0
for tree in "$@"; do
    name=$(basename "$tree")
    bin=$out/probe-$name
    if ! g++ -std=c++20 -Wall -Wextra -Werror -isystem "$tree/tools/testing/selftests" \
        -I"$here/../../selftests" "$here/probe.cpp" -o "$bin" 2>"$bin.log"; then
        echo "not ok harness-compat $name: does not compile (see $bin.log)"; failed=1; continue
    fi
    marker=$out/teardown-$name; rm -f "$marker"
    PROBE_TEARDOWN_MARKER=$marker "$bin" >"$bin.ktap" 2>&1
    status=$?
    # Test numbers differ between harness versions: compare names and outcomes.
    sed -n -E 's/^(not ok|ok) [0-9]+ /\1 /p' "$bin.ktap" | sort >"$bin.results"
    if ! diff -u <(sort "$here/expected.txt") "$bin.results" >"$bin.diff"; then
        echo "not ok harness-compat $name: results differ (see $bin.diff)"; failed=1
    elif [ "$status" -ne 1 ]; then
        echo "not ok harness-compat $name: exit $status, expected 1 (one test fails on purpose)"; failed=1
    elif [ "$(cat "$marker" 2>/dev/null)" != parent ]; then
        echo "not ok harness-compat $name: FIXTURE_TEARDOWN_PARENT did not run"; failed=1
    else
        echo "ok harness-compat $name"
    fi
done
exit $failed
