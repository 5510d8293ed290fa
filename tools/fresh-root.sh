#!/usr/bin/env bash
# The fresh-machine test: does the README's quick start work on a Debian 12
# machine that has none of the kit's packages? It makes a minimal Debian 12
# root with debootstrap, puts a clean clone of this repository in it, and
# inside it (a chroot in a mount namespace of its own, with /proc, /dev and
# /sys) runs `tools/xaddref setup` and then `tools/xaddref verify` on a
# bounded scope, which must end with verdict PASS. Then, for each cross C
# library of tools/packages.txt, it removes the package from the root and its
# line from the clone's list: `tools/xaddref setup` must exit 2 naming it.
#
#   tools/fresh-root.sh [--dir DIR] [--keep] [--arch LIST] [--no-removals]
#
# --dir DIR      where to build the root (default: a new folder under the
#                cache directory); it must not exist yet
# --keep         leave the root in place (it is removed otherwise)
# --arch LIST    verify's --arch (default 386,arm64)
# --no-removals  skip the package-removal checks
#
# The root's apt shares the host's /var/cache/apt/archives, so packages the
# host downloaded before are not downloaded again; its Debian archives are
# the ones this machine's apt sources name. It gets this machine's Go as a
# user installs Go (a copy of its GOROOT as /usr/local/go, on PATH). Needs
# root, debootstrap and unshare (util-linux), and Debian's archive.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
cache=${XADDREF_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/xaddref}
dir=""
keep=0
arch=386,arm64
removals=1

die() {
	echo "fresh-root: $*" >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case "$1" in
	--dir)
		[ $# -ge 2 ] || die "--dir needs a value"
		dir=$2
		shift 2
		;;
	--keep)
		keep=1
		shift
		;;
	--arch)
		[ $# -ge 2 ] || die "--arch needs a value"
		arch=$2
		shift 2
		;;
	--no-removals)
		removals=0
		shift
		;;
	*) die "unknown argument '$1' (usage: tools/fresh-root.sh [--dir DIR] [--keep] [--arch LIST] [--no-removals])" ;;
	esac
done

[ "$(id -u)" -eq 0 ] || die "needs root (debootstrap, chroot and mounts)"
for prog in debootstrap unshare chroot git go; do
	command -v "$prog" >/dev/null || die "$prog is not installed; tools/xaddref setup installs it"
done

# apt_uri SUITE prints the URI of the first entry of this machine's apt
# sources (deb822 .sources files, then one-line .list files) whose suites
# include SUITE.
apt_uri() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		# Stanzas are separated by blank lines; take URIs where Suites has SUITE.
		awk -v want="$1" '
			/^[[:space:]]*$/ { if (u != "" && hit) exit; u = ""; hit = 0; next }
			/^URIs:/ { u = $2 }
			/^Suites:/ { for (i = 2; i <= NF; i++) if ($i == want) hit = 1 }
			END { if (u != "" && hit) print u }
		' "$f"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		awk -v want="$1" '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { if ($(i + 1) == want) { print $i; exit } break } }' "$f"
	done
}
mirror=$(apt_uri bookworm | head -n 1)
security=$(apt_uri bookworm-security | head -n 1)
[ -n "$mirror" ] || die "this machine's apt sources name no archive for bookworm (/etc/apt/sources.list, /etc/apt/sources.list.d)"
goroot=$(GOTOOLCHAIN=local go env GOROOT)
if [ -z "$dir" ]; then
	mkdir -p "$cache"
	dir=$(mktemp -d "$cache/fresh-root.XXXXXX")
	rmdir "$dir"
fi
[ ! -e "$dir" ] || die "--dir $dir already exists; give a new path"
root=$dir/root
archives=/var/cache/apt/archives
mkdir -p "$dir" "$archives"

cleanup() {
	# A mount left by a killed run would make rm cross into the host.
	if grep -q " $root/" /proc/mounts; then
		echo "fresh-root: mounts remain under $root; not removing it" >&2
		return
	fi
	if [ "$keep" -eq 0 ]; then
		rm -rf "$dir"
	else
		echo "fresh-root: root kept at $root" >&2
	fi
}
trap cleanup EXIT

phase_start=$SECONDS
phase() {
	echo "fresh-root: $* (after $((SECONDS - phase_start)) s)" >&2
}

phase "debootstrap bookworm (minbase) into $root"
# debootstrap keeps the .debs it fetches in --cache-dir: the host's cache.
if ! debootstrap --variant=minbase --cache-dir="$archives" bookworm "$root" "$mirror" >"$dir/debootstrap.log" 2>&1; then
	tail -n 20 "$dir/debootstrap.log" >&2
	die "debootstrap failed (log above)"
fi
# The same suites as a Debian 12 machine has: updates and security too.
rm -f "$root/etc/apt/sources.list"
cat >"$root/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: $mirror
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

SOURCES
if [ -n "$security" ]; then
	cat >>"$root/etc/apt/sources.list.d/debian.sources" <<SOURCES

Types: deb
URIs: $security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"

phase "copying this machine's Go ($goroot) into the root as /usr/local/go"
mkdir -p "$root/usr/local"
cp -a "$goroot" "$root/usr/local/go"

phase "cloning $repo (HEAD $(git -C "$repo" rev-parse --short HEAD)) into the root"
if [ -n "$(git -C "$repo" status --porcelain)" ]; then
	echo "fresh-root: $repo has uncommitted changes; the root gets HEAD without them" >&2
fi
git clone -q --no-hardlinks "$repo" "$root/xaddref"

# inside runs a command in the root as a new login would: a clean
# environment, an empty HOME, in the clone.
inside() {
	# The script in single quotes expands its own arguments.
	# shellcheck disable=SC2016
	unshare --mount --fork -- bash -euo pipefail -c '
		root=$1 archives=$2
		shift 2
		mount -t proc proc "$root/proc"
		mount --rbind /dev "$root/dev"
		mount -t sysfs -o ro sysfs "$root/sys"
		mount --bind "$archives" "$root/var/cache/apt/archives"
		exec chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
			PATH=/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
			bash -c "cd /xaddref && \"\$@\"" inside "$@"
	' inside "$root" "$archives" "$@"
}

phase "tools/xaddref setup in the root"
inside tools/xaddref setup
phase "tools/xaddref verify --arch $arch in the root"
inside tools/xaddref verify --arch "$arch"

if [ "$removals" -eq 1 ]; then
	mapfile -t libcs < <(grep -E '^libc6-dev-.*-cross$' "$root/xaddref/tools/packages.txt")
	[ "${#libcs[@]}" -gt 0 ] || die "tools/packages.txt names no cross C library"
	for pkg in "${libcs[@]}"; do
		phase "without $pkg: tools/xaddref setup must exit 2 naming it"
		inside dpkg --remove "$pkg" >/dev/null
		sed -i "/^$pkg\$/d" "$root/xaddref/tools/packages.txt"
		status=0
		inside tools/xaddref setup >"$dir/without-$pkg.log" 2>&1 || status=$?
		git -C "$root/xaddref" checkout -q tools/packages.txt
		if [ "$status" -ne 2 ] || ! grep -q "install Debian package $pkg " "$dir/without-$pkg.log"; then
			tail -n 30 "$dir/without-$pkg.log" >&2
			die "without $pkg, setup exited $status and did not name it (output above)"
		fi
		grep -m1 "install Debian package $pkg " "$dir/without-$pkg.log" >&2
		inside apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null
	done
fi
phase "PASS"
