# shellcheck shell=bash
# Sourced, not run: a private apt state for fetching Debian source packages
# without touching the system's apt configuration. The archive's address is
# copied from /etc/apt at run time.
# After `apt_private_init STATE_DIR`, "${apt_opts[@]}" points apt-get and
# apt-cache at STATE_DIR and $apt_uri holds the archive URI. The caller
# defines die().

apt_mirror_uri() {
    local uri
    uri=$(grep -hE '^\s*URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null |
        awk '{print $2}' | grep -v -- '-security' | grep '/debian/*$' | head -1 || true)
    if [ -z "$uri" ]; then
        uri=$(grep -hE '^\s*deb\s' /etc/apt/sources.list 2>/dev/null |
            awk '{print $2}' | grep -v -- '-security' | grep '/debian/*$' | head -1 || true)
    fi
    [ -n "$uri" ] || die "no Debian archive URI in /etc/apt/sources.list{,.d}; configure apt for Debian first"
    echo "${uri%/}"
}

apt_private_init() {
    local state=${1:?}
    mkdir -p "$state/lists/partial" "$state/sources" "$state/cache/archives/partial"
    apt_uri=$(apt_mirror_uri)
    cat >"$state/sources/kernel.sources" <<SRC
Types: deb-src
URIs: $apt_uri
Suites: trixie-backports trixie sid
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    apt_opts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$state/sources"
        -o "Dir::State::Lists=$state/lists" -o "Dir::Cache=$state/cache"
        -o "Dir::State::status=/var/lib/dpkg/status" -o "APT::Get::List-Cleanup=0")
}

# apt_private_update STATE_DIR: refreshes the private index, log in
# STATE_DIR/update.log. A suite apt refuses (a Release file past its
# Valid-Until, as a mirror snapshot's sid soon is) does not stop the others:
# with at least one suite's Sources fetched this says what apt refused and
# goes on; with none it dies with apt's errors and the fix. The caller
# defines say() and die().
apt_private_update() {
    local state=${1:?} errors fetched
    apt-get "${apt_opts[@]}" -q update >"$state/update.log" 2>&1 && return 0
    errors=$(grep -E '^E: ' "$state/update.log" | sed 's/^E: //' | head -n 3 | paste -sd ';' || true)
    fetched=$(find "$state/lists" -maxdepth 1 -name '*_source_Sources*' -printf '%f\n' |
        sed -E 's/.*_dists_([^_]+)_.*/\1/' | sort -u | paste -sd ' ' || true)
    if [ -n "$fetched" ]; then
        say "apt-get update refused part of the archive (${errors:-see $state/update.log}); going on with the suites whose index it has: $fetched"
        return 0
    fi
    case $errors in
        *expired*) die "apt-get update: ${errors} (log $state/update.log). The archive's Release files are past their Valid-Until: a mirror snapshot? If it is meant to be, set Acquire::Check-Valid-Until \"false\"; in /etc/apt/apt.conf.d/" ;;
        *) die "apt-get update failed: ${errors:-no error line} (log $state/update.log); is the Debian archive reachable?" ;;
    esac
}

# apt_fetch_verified SOURCE=VERSION FILE SHA256 DEST: FILE of that source
# package, checked against SHA256 from the signed index, moved to DEST.
# Returns 1 when FILE did not arrive (apt's log kept at DEST.log); dies when
# it arrived with another checksum. apt's own exit status is no verdict: the
# .dsc often answers 404 while the orig tarball arrives.
apt_fetch_verified() {
    local spec=$1 file=$2 sha=$3 dest=$4
    local dl=$dest.dl.$$
    rm -rf "$dl"; mkdir -p "$dl"
    (cd "$dl" && apt-get "${apt_opts[@]}" -q source --download-only "$spec" >"$dest.log" 2>&1) || true
    if [ ! -f "$dl/$file" ]; then
        rm -rf "$dl"
        return 1
    fi
    echo "$sha  $dl/$file" | sha256sum -c --status ||
        { rm -rf "$dl"; die "$file does not match the SHA-256 of the signed Sources index; deleted"; }
    mv "$dl/$file" "$dest"
    rm -rf "$dl" "$dest.log"
}
