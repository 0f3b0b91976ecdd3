#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the mm selftests' vmstat category from a kernel tree, static (the guest has no libc),
# with that tree's own UAPI headers, into OUT: vmstat_remote and the stock run_vmtests.sh,
# which scripts/mkinitrd.sh then packs for the guest. Runs on the host (x86_64) only.
# Usage: scripts/build-selftests.sh [-s SRC] [-o OUT]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() { echo "Usage: $0 [-s SRC] [-o OUT]" >&2; exit 2; }
src=$TREE out=$BUILD/selftests
while getopts s:o: opt; do
	case $opt in
	s) src=$OPTARG ;; o) out=$OPTARG ;; *) usage ;;
	esac
done
mm=tools/testing/selftests/mm
[ -f "$src/Makefile" ] || die "no kernel tree at $src; run 'make tree' first" 2
[ -f "$src/$mm/vmstat_remote.c" ] ||
	die "$src has no $mm/vmstat_remote.c: build the selftests from the series, not the base" 2
need_cmd make make
need_cmd gcc gcc
[ -f /usr/lib/x86_64-linux-gnu/libc.a ] ||
	die "missing package: libc6-dev (no static libc for the guest's test programs); run 'make deps'" 2
src=$(cd "$src" && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
hdr=$src/.obj/selftests-headers

log "install UAPI headers of ${src#"$TOP"/} into ${hdr#"$TOP"/}"
run make -s -C "$src" O=.obj/selftests-headers headers_install INSTALL_HDR_PATH="$hdr/usr"
log "build $mm/vmstat_remote (static) into ${out#"$TOP"/}"
rm -f "$out/vmstat_remote"
# The mm Makefile writes local_config.{h,mk} into the source directory; remove the ones this
# build created, so that the tree holds no file that is neither committed nor exported.
generated=()
for f in local_config.h local_config.mk; do
	[ -e "$src/$mm/$f" ] || generated+=("$src/$mm/$f")
done
trap 'rm -f "${generated[@]}"' EXIT
run make -s -C "$src/$mm" OUTPUT="$out" LDFLAGS=-static EXTRA_CFLAGS=-Werror KHDR_INCLUDES="-isystem $hdr/usr/include" \
	"$out/vmstat_remote"
install -m 0755 "$src/$mm/run_vmtests.sh" "$out/run_vmtests.sh"
ls -l "$out/vmstat_remote" "$out/run_vmtests.sh" >&2
