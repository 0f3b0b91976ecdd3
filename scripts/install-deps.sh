#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages a target uses: main (`make`), check (`make check`: adds the
# checkers, the arm64/s390 cross toolchains and QEMUs, the distro kernel), full (`make
# check-full`: adds clang 19 and riscv64) or bench (`make bench`: main's and gnuplot). The
# base source is whatever 6.12.y Debian's archive offers, BASE's or newer; the distro
# baseline is Debian's cloud kernel of the installed source's version, or the newest 6.12
# one the archive has, said so. --check installs nothing.
# Usage: scripts/install-deps.sh [--check] [main|check|full|bench]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() { echo "Usage: $0 [--check] [main|check|full|bench]" >&2; exit 2; }
check=0 profile=main
for a in "$@"; do
	case $a in --check) check=1 ;; main | check | full | bench) profile=$a ;; *) usage ;; esac
done

# The packages of each profile, each profile including the ones before it.
pkgs=(build-essential libc6-dev bc bison flex libelf-dev libssl-dev dwarves cpio kmod xz-utils
	python3 git ccache rsync busybox-static bash-static qemu-system-x86 file "$(base_field package)")
[ "$profile" != bench ] || pkgs+=(gnuplot-nox)
[ "$profile" = main ] || [ "$profile" = bench ] || pkgs+=(sparse shellcheck python3-ply python3-git gcc-aarch64-linux-gnu
	gcc-s390x-linux-gnu qemu-system-arm qemu-system-misc)
[ "$profile" != full ] || pkgs+=(gcc-riscv64-linux-gnu clang-19 lld-19 llvm-19)

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

mapfile -t todo < <(missing "${pkgs[@]}")
[ ${#todo[@]} = 0 ] || install "${todo[@]}"
[ ${#todo[@]} = 0 ] || log "installed for '$profile': ${todo[*]}"
drift_note

[ "$profile" != main ] && [ "$profile" != bench ] || exit 0
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
