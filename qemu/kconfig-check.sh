#!/usr/bin/env bash
# Name every option of REQUESTED whose value did not survive into FINAL.
# Usage: kconfig-check.sh REQUESTED FINAL   (exit 2 when any is missing)
set -euo pipefail
requested=${1:?usage: kconfig-check.sh REQUESTED FINAL}
final=${2:?usage: kconfig-check.sh REQUESTED FINAL}
awk '
    function value(line,   name) {
        if (line ~ /^CONFIG_[A-Za-z0-9_]+=/) { name = line; sub(/=.*/, "", name); vals[name] = substr(line, length(name) + 2); return name }
        if (line ~ /^# CONFIG_[A-Za-z0-9_]+ is not set/) { split(line, w, " "); vals[w[2]] = "n"; return w[2] }
        return ""
    }
    FNR == NR { n = value($0); if (n != "") { want[n] = vals[n]; order[++cnt] = n }; next }
    { n = value($0); if (n != "") have[n] = vals[n] }
    END {
        bad = 0
        for (i = 1; i <= cnt; i++) {
            n = order[i]; if (seen[n]++) continue
            got = (n in have) ? have[n] : "n"
            if (got != want[n]) {
                printf "kconfig: %s=%s was requested but the final .config has %s\n", n, want[n], (n in have) ? n "=" got : "it unset" > "/dev/stderr"
                bad = 1
            }
        }
        exit bad ? 2 : 0
    }' "$requested" "$final"
