#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Pack the guest initramfs: static busybox and bash, guest/init, guest/lib.sh, guest/jobs/, the
# guest's own helpers (guest/*.c, built static for ARCH) and any extra files given (test
# programs); the helpers and the files go to /guest/bin, with the shared libraries of a
# dynamically linked one (as ldd resolves them here) at their paths. A no-op when nothing changed.
# ARCH is x86_64 (the machine's busybox and bash) or arm64 (Debian's arm64 ones, which
# scripts/install-deps.sh unpacks into build/sysroot-arm64; static files only).
# Usage: scripts/mkinitrd.sh [-a ARCH] OUT.cpio.gz [FILE...]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() { echo "Usage: $0 [-a ARCH] OUT.cpio.gz [FILE...]" >&2; exit 2; }
arch=x86_64
while getopts a: opt; do
	case $opt in a) arch=$OPTARG ;; *) usage ;; esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || usage
out=$1
shift
for f in "$@"; do [ -f "$f" ] || die "no file $f to put in the initramfs" 2; done
need_cmd cpio cpio
case $arch in
x86_64)
	busybox=/bin/busybox bash_static=/bin/bash-static cc=cc
	dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'ok installed' ||
		die "missing package: busybox-static (the guest needs a static $busybox); run 'make deps'" 2
	[ -x "$bash_static" ] || die "missing package: bash-static (no $bash_static); run 'make deps'" 2
	need_cmd cc build-essential ;;
arm64)
	busybox=$BUILD/sysroot-arm64/bin/busybox bash_static=$BUILD/sysroot-arm64/bin/bash-static
	cc=aarch64-linux-gnu-gcc
	{ [ -x "$busybox" ] && [ -x "$bash_static" ]; } ||
		die "no arm64 busybox and bash in ${BUILD#"$TOP"/}/sysroot-arm64; run 'make deps-check'" 2
	need_cmd "$cc" gcc-aarch64-linux-gnu
	[ -f /usr/aarch64-linux-gnu/lib/libc.a ] ||
		die "missing package: libc6-dev-arm64-cross (no static arm64 libc); run 'make deps-check'" 2 ;;
*) die "-a takes x86_64 or arm64, not '$arch'" 2 ;;
esac

# libs FILE...: the shared libraries and loader the files need, one path a line.
libs() {
	local f
	for f in "$@"; do
		file -bL "$f" | grep -q 'dynamically linked' || continue
		ldd "$f" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' ||
			die "ldd cannot resolve the libraries of $f" 1
	done | sort -u
}
need_cmd file file
found=$(libs "$@")
[ -z "$found" ] || [ "$arch" = x86_64 ] || die "dynamically linked files for $arch: $*; build them static" 2
shlibs=()
[ -z "$found" ] || mapfile -t shlibs <<<"$found"
inputs=("$busybox" "$bash_static" "$TOP/guest/init" "$TOP/guest/lib.sh" "$TOP"/guest/jobs/*
	"$TOP"/guest/*.c "$@" "${shlibs[@]}")
stamp=$( (echo "$arch"; sha256sum "${inputs[@]}") | sha256sum | cut -c1-16)
if [ -f "$out" ] && [ "$(cat "$out.stamp" 2>/dev/null)" = "$stamp" ]; then
	exit 0
fi
log "pack initramfs $out"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,guest/bin,guest/jobs}
cp "$busybox" "$root/bin/busybox"
cp "$bash_static" "$root/bin/bash"
ln -s bash "$root/bin/sh"
install -m 0755 "$TOP/guest/init" "$root/init"
install -m 0644 "$TOP/guest/lib.sh" "$root/guest/lib.sh"
install -m 0755 "$TOP"/guest/jobs/* "$root/guest/jobs/"
for f in "$@"; do install -m 0755 "$f" "$root/guest/bin/"; done
for l in "${shlibs[@]}"; do cp -L --parents "$l" "$root"; done
for c in "$TOP"/guest/*.c; do
	b=$(basename "$c" .c)
	"$cc" -static -O2 -Wall -Werror -o "$root/guest/bin/$b" "$c" || die "guest/$b.c does not build for $arch" 1
done
mkdir -p "$(dirname "$out")"
(cd "$root" && find . -print0 | LC_ALL=C sort -z |
	cpio --null -o -H newc --owner=0:0 --quiet --reproducible) | gzip -n -1 >"$out.tmp"
mv "$out.tmp" "$out"
echo "$stamp" >"$out.stamp"
