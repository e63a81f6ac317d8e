# shellcheck shell=bash
# Sourced, not run: the cache's lock protocol for the leaf scripts.
# A shared cache entry ENTRY (a tree being extracted, a build directory,
# exported headers) is guarded by the file ENTRY.lock, held with flock(1) on
# a file descriptor for as long as the caller runs. While held, the file's
# one line says who holds it: "<pid> <what>". A second run that finds it
# held says for whom it waits, then blocks until the holder exits.
#   cache_lock FD ENTRY WHAT   e.g. cache_lock 9 "$bdir" "kbuild x86_64 6.19.10"
# The caller defines say() (a prefixed line on stderr).

cache_lock() {
    local fd=$1 lock=$2.lock what=$3 holder
    mkdir -p "$(dirname "$lock")"
    # Append, never truncate: the holder's line must survive our open.
    eval "exec $fd>>\"\$lock\""
    if ! flock -n "$fd"; then
        holder=$(head -1 "$lock" 2>/dev/null || true)
        say "waiting for $lock, held by pid ${holder%% *} (${holder#* })"
        flock "$fd"
        say "got $lock"
    fi
    echo "$$ $what" >"$lock"
}
