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
