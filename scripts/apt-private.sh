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
