#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages a target uses: main (`make`), check (`make check`: adds the
# checkers, the arm64 cross toolchain, libc, static busybox and bash and QEMU, the distro kernel), full (`make check-full`:
# adds the s390 and riscv64 ones, clang 19 and stress-ng), bench (`make bench`: main's and
# gnuplot), soak (`make soak`: main's and stress-ng) or deb (`make deb`: main's, debhelper for
# bindeb-pkg and Debian's kernel configs, linux-config-6.12). The
# base source is whatever 6.12.y Debian's archive offers, BASE's or newer; the distro
# baseline is Debian's cloud kernel of the installed source's version, or the newest 6.12
# one the archive has, said so. A base of another suite (BASE-7.2's suite=sid, QUEUE=7.2) is
# fetched with a private apt configuration under build/apt-SUITE and unpacked into
# build/src-PACKAGE: the machine's own sources and packages stay as they are. --check
# installs nothing.
# Usage: scripts/install-deps.sh [--check] [main|check|full|bench|soak|deb]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() { echo "Usage: $0 [--check] [main|check|full|bench|soak|deb]" >&2; exit 2; }
check=0 profile=main
for a in "$@"; do
	case $a in --check) check=1 ;; main | check | full | bench | soak | deb) profile=$a ;; *) usage ;; esac
done

# The packages of each profile: main's in all of them, check's in full too.
pkgs=(build-essential libc6-dev bc bison flex libelf-dev libssl-dev dwarves cpio kmod xz-utils
	python3 git ccache rsync busybox-static bash-static qemu-system-x86 file)
suite=$(base_field suite)
[ -n "$suite" ] || pkgs+=("$(base_field package)")
[ "$profile" != bench ] || pkgs+=(gnuplot-nox)
[ "$profile" != soak ] || pkgs+=(stress-ng)
[ "$profile" != deb ] || pkgs+=(debhelper)
[ "$profile" != deb ] || [ -n "$suite" ] || pkgs+=("$(base_field package | sed 's/^linux-source-/linux-config-/')")
[ "$profile" = main ] || [ "$profile" = bench ] || [ "$profile" = soak ] || [ "$profile" = deb ] || pkgs+=(sparse shellcheck python3-ply python3-git coccinelle gcc-aarch64-linux-gnu
	libc6-dev-arm64-cross qemu-system-arm)
[ "$profile" != full ] || pkgs+=(gcc-s390x-linux-gnu gcc-riscv64-linux-gnu qemu-system-misc clang-19 lld-19 llvm-19
	stress-ng python3-sphinx python3-sphinx-rtd-theme python3-yaml)

# missing PKG...: print the packages that are not installed.
missing() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || echo "$p"
	done
}

updated=0
# update: apt-get update, once per run.
update() {
	[ "$updated" = 0 ] || return 0
	run apt-get update -q >/dev/null || die "apt-get update failed: is Debian's archive reachable?" 1
	updated=1
}

# install PKG...: install the packages; name what failed.
install() {
	[ "$check" = 0 ] || die "missing packages: $*; run 'make deps' (or 'make check', which installs them)" 2
	[ "$(id -u)" = 0 ] || die "missing packages: $*; run 'sudo make deps'" 2
	export DEBIAN_FRONTEND=noninteractive
	update
	log "install $*"
	run apt-get install -y -q --no-install-recommends "$@" ||
		die "apt-get could not install: $*" 1
}

# private_apt DIR SUITE [ARCH]: a private apt configuration in DIR for Debian SUITE (its ARCH
# packages, default the machine's), from this machine's Debian mirror, updated; apt's options
# for it are left in apt_opts. The machine's own sources and packages stay as they are.
apt_opts=()
private_apt() {
	local dir=$1 suite=$2 arch=${3:-} uri
	# shellcheck disable=SC2016 # apt's format, not the shell's
	uri=$(apt-get indextargets --format '$(REPO_URI)' 'Identifier: Packages' 'Label: Debian' | head -n 1)
	[ -n "$uri" ] || die "no Debian archive in this machine's apt sources to fetch from" 1
	mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial" "$dir/deb"
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri $suite main" >"$dir/sources.list"
	apt_opts=(-o "Dir::Etc::sourcelist=$dir/sources.list" -o Dir::Etc::sourceparts=- -o "Dir::State::lists=$dir/lists"
		-o "Dir::Cache=$dir/cache" -o APT::Get::List-Cleanup=0 -o APT::Sandbox::User=root)
	[ -z "$arch" ] || apt_opts+=(-o "APT::Architecture=$arch" -o "APT::Architectures=$arch")
	log "apt-get update for Debian $suite${arch:+ $arch} (private configuration in ${dir#"$TOP"/})"
	run apt-get "${apt_opts[@]}" update -q >/dev/null || die "apt-get update of Debian $suite${arch:+ $arch} failed: is $uri reachable?" 1
	rm -f "$dir"/deb/*.deb
}

# fetch_suite_source: the newest base source package of BASE's suite, downloaded with a
# private apt configuration and unpacked into SRC_ROOT, its version in SRC_ROOT/version. Kept
# while the suite offers no newer one.
fetch_suite_source() {
	local pkg dir deb ver
	pkg=$(base_field package) dir=$BUILD/apt-$suite
	if [ "$check" = 1 ]; then
		[ -f "$SRC_ROOT/version" ] || die "missing package: $pkg (no ${SRC_ROOT#"$TOP"/}); run 'make deps QUEUE=$QUEUE'" 2
		return 0
	fi
	private_apt "$dir" "$suite"
	ver=$(apt-cache "${apt_opts[@]}" show --no-all-versions "$pkg" 2>/dev/null | sed -n 's/^Version: //p' | head -n 1)
	[ -n "$ver" ] || die "Debian $suite has no $pkg" 1
	if [ "$(cat "$SRC_ROOT/version" 2>/dev/null)" = "$ver" ]; then return 0; fi
	(cd "$dir/deb" && run apt-get "${apt_opts[@]}" download -q "$pkg" >/dev/null) || die "apt-get could not download $pkg from Debian $suite" 1
	deb=$(find "$dir/deb" -name "${pkg}_*.deb" | head -n 1)
	log "unpack ${deb#"$TOP"/} ($ver) into ${SRC_ROOT#"$TOP"/}"
	rm -rf "$SRC_ROOT.tmp"
	dpkg-deb -x "$deb" "$SRC_ROOT.tmp" || die "dpkg-deb could not unpack $deb" 1
	echo "$ver" >"$SRC_ROOT.tmp/version"
	rm -rf "$SRC_ROOT"
	mv "$SRC_ROOT.tmp" "$SRC_ROOT"
}

# fetch_guest_userspace ARCH: the static busybox and bash of an ARCH guest's initramfs: this
# Debian release's busybox-static and bash-static of ARCH, downloaded with a private apt
# configuration and unpacked into build/sysroot-ARCH. Kept once there.
fetch_guest_userspace() {
	local arch=$1 root=$BUILD/sysroot-$1 codename dir deb
	[ ! -x "$root/bin/busybox" ] || [ ! -x "$root/bin/bash-static" ] || return 0
	[ "$check" = 0 ] || die "missing: $arch busybox-static and bash-static (no ${root#"$TOP"/}); run 'make deps-check'" 2
	# shellcheck disable=SC1091 # the machine's own
	codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
	dir=$BUILD/apt-$codename-$arch
	private_apt "$dir" "$codename" "$arch"
	(cd "$dir/deb" && run apt-get "${apt_opts[@]}" download -q busybox-static bash-static >/dev/null) ||
		die "apt-get could not download $arch busybox-static and bash-static" 1
	rm -rf "$root.tmp"
	for deb in "$dir"/deb/*.deb; do
		dpkg-deb -x "$deb" "$root.tmp" || die "dpkg-deb could not unpack $deb" 1
	done
	rm -rf "$root"
	mv "$root.tmp" "$root"
	log "unpacked $arch busybox and bash into ${root#"$TOP"/}"
}

mapfile -t todo < <(missing "${pkgs[@]}")
[ ${#todo[@]} = 0 ] || install "${todo[@]}"
[ ${#todo[@]} = 0 ] || log "installed for '$profile': ${todo[*]}"
[ -z "$suite" ] || fetch_suite_source
drift_note
# The arm64 guest's selftest initramfs (make check's arm64 selftest matrix).
case $profile in check | full) fetch_guest_userspace arm64 ;; esac

# Only the 6.12 queue has a distro baseline.
[ -z "$suite" ] || exit 0
[ "$profile" != main ] && [ "$profile" != bench ] && [ "$profile" != soak ] && [ "$profile" != deb ] || exit 0
# The distro baseline, now that the source is installed: its version's cloud kernel, if the
# archive still has it, else the newest 6.12 cloud kernel (the archive keeps only recent ones).
want=$(distro_package "$(installed_upstream)")
[ -n "$(missing "$want")" ] || exit 0
[ "$check" = 1 ] || update
if [ -z "$(apt-cache show --no-all-versions "$want" 2>/dev/null | head -n 1)" ]; then
	newest=$(apt-cache search --names-only '^linux-image-6\.12\.[0-9]+\+deb12-cloud-amd64-unsigned$' |
		cut -d' ' -f1 | sort -V | tail -n 1)
	[ -n "$newest" ] || die "Debian's archive has no linux-image-6.12.*-cloud-amd64-unsigned for the distro baseline" 1
	log "note: the archive has no $want; the distro baseline is $newest instead"
	want=$newest
	[ -n "$(missing "$want")" ] || exit 0
fi
install "$want"
