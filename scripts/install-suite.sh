#!/usr/bin/env bash
# Lay the built suite out like an installed kselftest collection, runnable by
# the tree's run_kselftest.sh. Usage: install-suite.sh SUITE_OUT KSFT_DIR INSTALL_PATH
set -euo pipefail
suite=${1:?usage: install-suite.sh SUITE_OUT KSFT_DIR INSTALL_PATH}
ksft=${2:?}
dest=${3:-}
collection=guard_regions
[ -n "$dest" ] || { echo "install: set INSTALL_PATH=<dir> (where to lay out the suite)" >&2; exit 2; }
[ -f "$suite/tests.list" ] || { echo "install: $suite/tests.list missing; run 'make suite' first" >&2; exit 2; }
if [ -e "$dest" ] && [ ! -d "$dest" ]; then
    echo "install: INSTALL_PATH=$dest exists and is not a directory" >&2; exit 2
fi
mkdir -p "$dest/$collection" "$dest/kselftest"
cp "$ksft/run_kselftest.sh" "$dest/"
cp "$ksft/kselftest/runner.sh" "$ksft/kselftest/prefix.pl" "$ksft/kselftest/ktap_helpers.sh" "$dest/kselftest/" 2>/dev/null ||
    cp "$ksft/kselftest/"* "$dest/kselftest/"
# Each test binary gets the whole budget: anon_vma maps ~2000 VMAs under TCG.
echo "timeout=600" >"$dest/$collection/settings"
list=$dest/kselftest-list.txt
touch "$list"
grep -v "^$collection:" "$list" >"$list.new" || true
while read -r test; do
    install -m 0755 "$suite/$test" "$dest/$collection/$test"
    echo "$collection:$test" >>"$list.new"
done <"$suite/tests.list"
mv "$list.new" "$list"
echo "install: $(wc -l <"$suite/tests.list") tests in $dest/$collection; run $dest/run_kselftest.sh -c $collection" >&2
echo "$dest"
