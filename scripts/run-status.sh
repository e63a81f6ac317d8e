#!/usr/bin/env bash
# The real exit status (0 passed, 1 a test failed, 2 no verdict) of a run
# directory, from its results.json: make turns every failing recipe into 2,
# so callers that must tell 1 from 2 (CI jobs, the result cache) ask here.
# Usage: run-status.sh RUN_DIR   (prints the status and exits with it)
set -uo pipefail
dir=${1:?usage: run-status.sh RUN_DIR}
rc=$(sed -n 's/^  "exit_code": \([0-9]*\),$/\1/p' "$dir/results.json" 2>/dev/null | head -1)
[ -n "$rc" ] || { echo "run-status: $dir/results.json is missing or has no exit_code: no verdict" >&2; rc=2; }
echo "$rc"
exit "$rc"
