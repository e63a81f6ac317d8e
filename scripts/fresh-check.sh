#!/usr/bin/env bash
# `make fresh-check`: the README's two commands on a machine that has
# nothing. Builds a minimal Debian 12 (bookworm) root with mmdebstrap (its
# `apt` variant: the Essential packages and apt), installs exactly git and
# make in it (the README's starting point), clones this repository's HEAD
# into /work/guardcheck with a copy of ../shared beside it, and runs in a
# chroot, one after the other, `make validate` and `make check`. The
# archive is the one the host's apt uses, read from /etc/apt at run time.
#
# Its report (printed last, kept in FRESH_DIR): the time to create the
# root, its size, then per command its time, exit status, the packages it
# installed (dpkg's list before and after) and its closing count lines.
#
#   FRESH_STEPS=all     (default) make validate, then make check: builds and
#                       boots kernels, about an hour on 2 cores
#   FRESH_STEPS=setup   only the root, the clone, `make help` and
#                       `scripts/ensure-deps.sh base` inside (a few minutes)
#   FRESH_DIR=<dir>     where the run's directory goes (default /var/tmp/guardcheck-fresh)
#   FRESH_KEEP=1        keep the root afterwards (it is removed by default)
#   FRESH_VARIANT=      mmdebstrap variant (default apt; minbase is closer
#                       to the debian:12 image CI jobs start from)
# Runs as root (mmdebstrap, chroot and the mounts of /proc, /sys and /dev,
# all undone on exit). Uncommitted changes are not in the clone.
# Exit: the worst exit status of the commands; 2 when the root or the clone
# cannot be made.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
die() { echo "fresh-check: $*" >&2; exit 2; }
say() { echo "fresh-check: $*" >&2; }

[ "$(id -u)" -eq 0 ] || die "run as root: mmdebstrap, chroot and bind mounts need it"
command -v mmdebstrap >/dev/null || die "mmdebstrap not found; run scripts/ensure-deps.sh fresh"
steps=${FRESH_STEPS:-all}
case $steps in
    all) commands=("make validate" "make check") ;;
    setup) commands=("make help" "scripts/ensure-deps.sh base") ;;
    *) die "FRESH_STEPS=$steps: give all (make validate, make check) or setup (the root, the clone, make help, ensure-deps base)" ;;
esac
variant=${FRESH_VARIANT:-apt}
commit=$(git -C "$repo" rev-parse HEAD) || die "$repo is not a git work tree"
[ -z "$(git -C "$repo" status --porcelain --untracked-files=no)" ] ||
    say "the work tree has uncommitted changes; the clone has only commit $commit"

run_dir=${FRESH_DIR:-/var/tmp/guardcheck-fresh}/$(date +%Y%m%d-%H%M%S)-$steps
root=$run_dir/root
report=$run_dir/report.md
mkdir -p "$run_dir" || die "cannot create $run_dir"

# ---- mounts, undone on every exit; the root is removed only without any ----
mounted=()
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
    local i
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
        umount -R "${mounted[i]}" 2>/dev/null || umount -R -l "${mounted[i]}" 2>/dev/null ||
            echo "fresh-check: cannot unmount ${mounted[i]}" >&2
    done
    mounted=()
    if [ "${FRESH_KEEP:-0}" != 1 ] && [ -d "$root" ]; then
        if grep -qF " $root/" /proc/mounts || grep -qF " $root " /proc/mounts; then
            echo "fresh-check: something is still mounted under $root; not removing it" >&2
        else
            rm -rf --one-file-system "$root"
        fi
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mount_in_root() { # mount arguments..., the target last
    local target=${*: -1}
    mkdir -p "$target"
    mount "$@" || die "mount $* failed"
    mounted+=("$target")
}

# ---- the archive, as the host's apt has it ----
# shellcheck source=scripts/apt-private.sh
. "$here/apt-private.sh"
archive=$(apt_mirror_uri)
security=$(
    {
        grep -hE '^\s*URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}'
        grep -hE '^\s*deb\s' /etc/apt/sources.list 2>/dev/null | awk '{print $2}'
    } | grep -- '-security' | head -1 || true
)
sources=$run_dir/debian.sources
{
    printf 'Types: deb\nURIs: %s\nSuites: bookworm bookworm-updates\nComponents: main\n' "$archive"
    printf 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n'
    if [ -n "$security" ]; then
        printf '\nTypes: deb\nURIs: %s\nSuites: bookworm-security\nComponents: main\n' "${security%/}"
        printf 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n'
    fi
} >"$sources"

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
# in_root COMMAND: run a shell command in the root's /work/guardcheck with a
# clean environment, as CI would.
in_root() {
    chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        HOME=/root LANG=C.UTF-8 TERM=dumb CI=true /bin/bash -c "cd /work/guardcheck && $1"
}
packages() { chroot "$root" dpkg-query -W -f="\${Package}\n" | sort; }

# ---- 1. the root ----
say "creating a Debian 12 root ($variant variant) in $root from $archive (log $run_dir/mmdebstrap.log)"
t0=$(now)
mmdebstrap --variant="$variant" --mode=root bookworm "$root" "$sources" >"$run_dir/mmdebstrap.log" 2>&1 ||
    { tail -n 20 "$run_dir/mmdebstrap.log" >&2; die "mmdebstrap failed; see $run_dir/mmdebstrap.log"; }
t_root=$(secs "$t0" "$(now)")
size_root=$(du -sh --one-file-system "$root" | cut -f1)
packages >"$run_dir/packages-variant.txt"
say "root made in $t_root s: $size_root, $(wc -l <"$run_dir/packages-variant.txt") packages"

# The root on itself first: on a real machine / is a mount point, and
# `unshare --propagation private` (the mutant builds) fails with EINVAL in a
# chroot whose / is not one. Private, so nothing mounted inside reaches the
# host.
mount_in_root --bind "$root" "$root"
mount --make-private "$root" || die "mount --make-private $root failed"
mount_in_root -t proc proc "$root/proc"
mount_in_root -t sysfs sysfs "$root/sys"
mount_in_root --rbind /dev "$root/dev"
mount --make-rslave "$root/dev"
# The host's network settings, no package: its resolver, and the local CA
# certificates its network may need (an HTTPS proxy's, for the npm
# registry). The root's ca-certificates, once a command installs it, adds
# them to the root's trust store.
cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
local_cas=0
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    mkdir -p "$root/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
    local_cas=$(find "$root/usr/local/share/ca-certificates" -name '*.crt' | wc -l)
fi

# ---- 2. the starting point: git and make ----
t0=$(now)
chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
    /bin/sh -c 'apt-get update -q && apt-get install -y -q --no-install-recommends git make' \
    >"$run_dir/git-make.log" 2>&1 || die "installing git and make in the root failed; see $run_dir/git-make.log"
t_start=$(secs "$t0" "$(now)")
packages >"$run_dir/packages-start.txt"
start_added=$(comm -13 "$run_dir/packages-variant.txt" "$run_dir/packages-start.txt" | tr '\n' ' ')

# ---- 3. the clone, and ../shared beside it ----
mkdir -p "$root/work"
if ! { git clone -q --no-hardlinks "$repo" "$root/work/guardcheck" &&
    git -C "$root/work/guardcheck" checkout -q --detach "$commit"; }; then
    die "cloning $repo at $commit failed"
fi
if [ -d "$repo/../shared" ]; then
    cp -a "$repo/../shared" "$root/work/shared" || die "copying $repo/../shared failed"
    chmod -R a-w "$root/work/shared"
else
    say "$repo/../shared does not exist; the root has none either"
fi

{
    echo "# fresh-check $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo
    echo "- commit: $commit"
    echo "- root: Debian 12 (bookworm), mmdebstrap $(mmdebstrap --version | awk '{print $2}') variant $variant, from $archive${security:+ and ${security%/}}"
    echo "- root created in $t_root s: $size_root, $(wc -l <"$run_dir/packages-variant.txt") packages"
    echo "- carried over from the host: /etc/resolv.conf, $local_cas local CA certificates (/usr/local/share/ca-certificates)"
    echo "- starting point: apt-get install git make in $t_start s, adding $(comm -13 "$run_dir/packages-variant.txt" "$run_dir/packages-start.txt" | wc -l) packages: $start_added"
    echo "- FRESH_STEPS=$steps: $(printf "\`%s\` " "${commands[@]}")"
    echo
    echo "| command | seconds | exit | packages installed |"
    echo "|---|---|---|---|"
} >"$report"

# ---- 4. the commands ----
worst=0 i=0 details=()
for cmd in "${commands[@]}"; do
    i=$((i + 1))
    log=$run_dir/$i-${cmd//[^A-Za-z0-9]/_}.log
    before=$run_dir/packages-before-$i.txt after=$run_dir/packages-after-$i.txt
    packages >"$before"
    say "[$i/${#commands[@]}] $cmd (log $log)"
    t0=$(now)
    rc=0
    in_root "$cmd" >"$log" 2>&1 || rc=$?
    t=$(secs "$t0" "$(now)")
    packages >"$after"
    added=$(comm -13 "$before" "$after")
    n_added=$(grep -c . <<<"$added")
    say "[$i/${#commands[@]}] $cmd: exit $rc after $t s, $n_added packages installed"
    [ "$rc" -gt "$worst" ] && worst=$rc
    echo "| \`$cmd\` | $t | $rc | $n_added |" >>"$report"
    counts=$(grep -E '^[0-9]+ passed, [0-9]+ failed|^verdict: |^check: .* (ok|FAILED) \(' "$log" | tail -n 12)
    details+=("$(
        echo
        echo "## \`$cmd\`: exit $rc, $t s"
        echo
        echo "Packages installed ($n_added): $(tr '\n' ' ' <<<"$added")"
        echo
        echo "Last lines with counts:"
        echo
        echo '```'
        if [ -n "$counts" ]; then echo "$counts"; else tail -n 5 "$log"; fi
        echo '```'
    )")
done
printf '%s\n' "${details[@]}" >>"$report"
{
    echo
    echo "Root size after the commands: $(du -sh --one-file-system "$root" | cut -f1). Logs: $run_dir"
} >>"$report"
cat "$report"
echo "fresh-check: report $report"
exit "$worst"
