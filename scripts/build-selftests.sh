#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the mm selftests' vmstat category from a kernel tree, static (the guest has no libc),
# with that tree's own UAPI headers, into OUT: vmstat_remote and the stock run_vmtests.sh,
# which scripts/mkinitrd.sh then packs for the guest. ARCH is x86_64 (OUT build/selftests) or
# arm64 (cross-compiled, OUT build/selftests-arm64).
# Usage: scripts/build-selftests.sh [-a ARCH] [-s SRC] [-o OUT]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() { echo "Usage: $0 [-a ARCH] [-s SRC] [-o OUT]" >&2; exit 2; }
arch=x86_64 src=$TREE out=''
while getopts a:s:o: opt; do
	case $opt in
	a) arch=$OPTARG ;; s) src=$OPTARG ;; o) out=$OPTARG ;; *) usage ;;
	esac
done
case $arch in
x86_64) out=${out:-$BUILD/selftests} cc=gcc ccpkg=gcc libc=/usr/lib/x86_64-linux-gnu/libc.a libcpkg=libc6-dev cross=() ;;
arm64) out=${out:-$BUILD/selftests-arm64} cc=aarch64-linux-gnu-gcc ccpkg=gcc-aarch64-linux-gnu
	libc=/usr/aarch64-linux-gnu/lib/libc.a
	libcpkg=libc6-dev-arm64-cross cross=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-) ;;
*) die "-a takes x86_64 or arm64, not '$arch'" 2 ;;
esac
mm=tools/testing/selftests/mm
[ -f "$src/Makefile" ] || die "no kernel tree at $src; run 'make tree' first" 2
[ -f "$src/$mm/vmstat_remote.c" ] ||
	die "$src has no $mm/vmstat_remote.c: build the selftests from the series, not the base" 2
need_cmd make make
need_cmd "$cc" "$ccpkg"
[ -f "$libc" ] ||
	die "missing package: $libcpkg (no static libc for the guest's test programs); run 'make deps-check'" 2
src=$(cd "$src" && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
sfx=${arch#x86_64}
hdr=$src/.obj/selftests-headers${sfx:+-$sfx}

log "install $arch UAPI headers of ${src#"$TOP"/} into ${hdr#"$TOP"/}"
run make -s -C "$src" O="${hdr#"$src"/}" "${cross[@]}" headers_install INSTALL_HDR_PATH="$hdr/usr"
log "build $mm/vmstat_remote ($arch, static) into ${out#"$TOP"/}"
rm -f "$out/vmstat_remote"
# The mm Makefile writes local_config.{h,mk} into the source directory; remove the ones this
# build created, so that the tree holds no file that is neither committed nor exported.
generated=()
for f in local_config.h local_config.mk; do
	[ -e "$src/$mm/$f" ] || generated+=("$src/$mm/$f")
done
trap 'rm -f "${generated[@]}"' EXIT
run make -s -C "$src/$mm" "${cross[@]}" OUTPUT="$out" LDFLAGS=-static EXTRA_CFLAGS=-Werror KHDR_INCLUDES="-isystem $hdr/usr/include" \
	"$out/vmstat_remote"
install -m 0755 "$src/$mm/run_vmtests.sh" "$out/run_vmtests.sh"
ls -l "$out/vmstat_remote" "$out/run_vmtests.sh" >&2
