#!/usr/bin/env bash
# `make lint-shell`: shellcheck on every shell script git tracks (*.sh, and
# any file whose first line runs sh or bash), all severities, sourced files
# followed (.shellcheckrc). Names every file it checks.
# PENDING="file ..." (from make's SHELLCHECK_PENDING): scripts being replaced
# elsewhere; they are checked and their findings printed like the others,
# but do not fail the run. Every other finding does.
# Usage: lint-shell.sh   (exit 0 clean, 1 findings, 2 no shellcheck)
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
command -v shellcheck >/dev/null ||
    { echo "lint-shell: shellcheck not found; run scripts/ensure-deps.sh lint" >&2; exit 2; }

mapfile -t scripts < <(git ls-files | while IFS= read -r f; do
    [ -f "$f" ] || continue
    case $f in
        *.sh) echo "$f" ;;
        *) head -n 1 "$f" 2>/dev/null | grep -qE '^#!.*[/ ](ba|da)?sh( |$)' && echo "$f" ;;
    esac
done)
read -r -a pending <<<"${PENDING:-}"

echo "lint-shell: shellcheck $(shellcheck --version | sed -n 's/^version: //p') on ${#scripts[@]} scripts: ${scripts[*]}"
failing=0 noted=0
for f in "${scripts[@]}"; do
    out=$(shellcheck -x -f gcc "$f" 2>&1) && continue
    n=$(grep -c . <<<"$out")
    if [[ " ${pending[*]} " == *" $f "* ]]; then
        echo "lint-shell: $f: $n findings, not counted (SHELLCHECK_PENDING: it is being replaced)"
        noted=$((noted + n))
    else
        echo "lint-shell: $f: $n findings"
        failing=$((failing + n))
    fi
    while IFS= read -r line; do echo "  $line"; done <<<"$out"
done
for p in "${pending[@]}"; do
    [[ " ${scripts[*]} " == *" $p "* ]] ||
        echo "lint-shell: SHELLCHECK_PENDING names $p, which is no tracked shell script any more; drop it"
done
echo "lint-shell: $failing findings in checked scripts, $noted in ${#pending[@]} pending ones (${pending[*]:-none})"
[ "$failing" -eq 0 ]
