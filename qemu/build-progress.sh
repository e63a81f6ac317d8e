# shellcheck shell=bash
# Sourced, not run: run a kernel build with a heartbeat instead of minutes
# of silence. Every HEARTBEAT_SECS (15) seconds it says the elapsed time, the
# kbuild steps done so far (the "  CC  file" lines of the log) and, from the
# last full build of the same arch, how far along that is.
#   build_with_heartbeat KEY LOG CMD...   exit status is CMD's
# KEY names the build kind in $cache/kbuild/times.tsv (e.g. "x86_64" or
# "x86_64-mutant"); only a build that succeeded records its time. The caller
# defines say() and cache.

build_with_heartbeat() {
    # shellcheck disable=SC2154 # cache is the caller's
    local key=$1 log=$2 times=$cache/kbuild/times.tsv
    shift 2
    local last_secs last_steps start pid rc steps elapsed line
    read -r last_secs last_steps < <(awk -F'\t' -v k="$key" '$1 == k {s = $2; n = $3} END {print s + 0, n + 0}' "$times" 2>/dev/null || echo "0 0")
    start=$(date +%s)
    "$@" >"$log" 2>&1 &
    pid=$!
    # A build stopped with us must not go on writing into the cache.
    trap 'kill "$pid" 2>/dev/null; exit 130' INT TERM
    while ! wait_or_beat "$pid" "${HEARTBEAT_SECS:-15}"; do
        steps=$(grep -cE '^  [A-Z0-9_]+ +' "$log" || true)
        elapsed=$(($(date +%s) - start))
        line="building: $((elapsed / 60)) min $((elapsed % 60)) s, $steps kbuild steps done"
        if [ "$last_steps" -gt 0 ]; then
            line+=" of about $last_steps (the last full $key build took $((last_secs / 60)) min $((last_secs % 60)) s)"
        fi
        say "$line"
    done
    rc=0
    wait "$pid" || rc=$?
    trap - INT TERM
    steps=$(grep -cE '^  [A-Z0-9_]+ +' "$log" || true)
    # Only a build from (nearly) nothing is a fair estimate for the next one.
    if [ "$rc" -eq 0 ] && [ "$steps" -gt $((last_steps / 2)) ]; then
        mkdir -p "$(dirname "$times")"
        printf '%s\t%s\t%s\n' "$key" "$(($(date +%s) - start))" "$steps" >>"$times"
    fi
    return "$rc"
}

# True once PID has exited; false after SECS seconds while it still runs.
wait_or_beat() {
    local pid=$1 i
    for ((i = 0; i < $2; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 1
    done
    ! kill -0 "$pid" 2>/dev/null
}
