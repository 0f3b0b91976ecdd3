#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build Debian packages of the patched kernel as a distro would: Debian's own cloud-amd64 config
# (package linux-config-6.12) with configs/deb.config on top, `make bindeb-pkg`, out of tree in
# SRC/.obj/deb. The packages go to build/deb/, and the image package is unpacked into
# build/deb/root for the guest harness to boot. -g keeps Debian's debug info (DWARF, BTF and a
# linux-image-dbg package); without it configs/nodebug.config turns it off.
# Usage: scripts/build-deb.sh [-s SRC] [-g]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() { echo "Usage: $0 [-s SRC] [-g]" >&2; exit 2; }
src=$TREE debug=0
while getopts s:g opt; do
	case $opt in s) src=$OPTARG ;; g) debug=1 ;; *) usage ;; esac
done
[ "$QUEUE" = 6.12 ] || die "make deb builds the 6.12 queue, Debian's kernel; QUEUE=$QUEUE has no Debian config" 2
[ -f "$src/Makefile" ] || die "no kernel tree at $src; run 'make tree' first" 2
pkg=$(base_field package)
cfgpkg=linux-config-${pkg#linux-source-}
debcfg=/usr/src/$cfgpkg/config.amd64_none_cloud-amd64.xz
[ -f "$debcfg" ] || die "missing package: $cfgpkg (no $debcfg); run 'make deps-deb'" 2
need_cmd dpkg-buildpackage dpkg-dev
need_cmd xz xz-utils
src=$(cd "$src" && pwd)
out=$BUILD/deb
rm -rf "$out"
mkdir -p "$out"
xz -dc "$debcfg" >"$out/config.debian"
frags=(-f "$TOP/configs/deb.config")
[ "$debug" = 1 ] || frags+=(-f "$TOP/configs/nodebug.config")
ver=$(installed_version)
ver=${ver:-$(base_field version)}+vmstat1
rm -f "$src"/.obj/*.deb "$src"/.obj/*.buildinfo "$src"/.obj/*.changes
log "build Debian packages $ver of $(git -C "$src" rev-parse --short HEAD) with $cfgpkg's cloud-amd64 config"
start=$SECONDS
# LOCALVERSION= (empty, set): no '+' for a git tree without a tag.
"$TOP/scripts/build-kernel.sh" -a x86_64 -s "$src" -n deb -d "$out/config.debian" "${frags[@]}" \
	bindeb-pkg KDEB_PKGVERSION="$ver" LOCALVERSION=
mv "$src"/.obj/*.deb "$src"/.obj/*.buildinfo "$src"/.obj/*.changes "$out/"
image=$(find "$out" -maxdepth 1 -name 'linux-image-*.deb' ! -name '*-dbg_*' | head -n 1)
[ -n "$image" ] || die "bindeb-pkg made no linux-image package (log: $src/.obj/deb/build.log)"
dpkg-deb -x "$image" "$out/root"
log "built in $((SECONDS - start)) s:"
for d in "$out"/*.deb; do
	printf '  %s  %s\n' "$(du -h "$d" | cut -f1)" "${d#"$TOP"/}" >&2
done
