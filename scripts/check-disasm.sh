#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Prove that the series leaves the existing per-CPU cmpxchg/xchg users alone: build their
# objects (configs/disasm-objects) in the base tree and in the series tree with the same
# config, and compare the disassembly with relocations (objdump -dr), not the raw objects,
# whose debug line numbers move when headers grow.
# -m (x86_64): first show the check can fail: LOCK the existing this_cpu_try_cmpxchg() in the
# series tree, expect a difference, and restore the file.
# Usage: scripts/check-disasm.sh [-a ARCH] [-m] -b BASE_TREE -t SERIES_TREE
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() { echo "Usage: $0 [-a ARCH] [-m] -b BASE_TREE -t SERIES_TREE" >&2; exit 2; }
arch=x86_64 base='' series='' mutate=0
while getopts a:b:t:m opt; do
	case $opt in a) arch=$OPTARG ;; b) base=$OPTARG ;; t) series=$OPTARG ;; m) mutate=1 ;; *) usage ;; esac
done
if [ -z "$base" ] || [ -z "$series" ]; then usage; fi
mapfile -t objs < <(awk -v a="$arch" '!/^#/ && NF == 2 && ($1 == "*" || $1 == a) { print $2 }' \
	"$TOP/configs/disasm-objects")
[ ${#objs[@]} -gt 0 ] || die "no objects for $arch in configs/disasm-objects" 2
# A user the base no longer has (7.2 dropped fs/bcachefs) is left out, and named.
present=()
for o in "${objs[@]}"; do
	if [ -f "$base/${o%.o}.c" ]; then present+=("$o"); else log "note: $base has no ${o%.o}.c; skipped"; fi
done
objs=("${present[@]}")
[ ${#objs[@]} -gt 0 ] || die "none of the objects in configs/disasm-objects is in $base" 2
make_args=()
eval "$(python3 "$TOP/scripts/qemu-facts.py" "$TOP/configs/qemu/$arch.py" "$base" | grep '^make_args=')"
objdump=objdump
for a in "${make_args[@]}"; do
	case $a in CROSS_COMPILE=*) objdump=${a#CROSS_COMPILE=}objdump ;; LLVM=*) objdump=llvm-objdump${a#LLVM=} ;; esac
done
need_cmd "$objdump" binutils

if [ "$mutate" = 1 ]; then
	hdr=$series/arch/x86/include/asm/percpu.h
	cp "$hdr" "$hdr.orig"
	# The restored header must be newer than the objects built from the mutation, or the
	# next run of the check would compare those objects instead of rebuilding them.
	trap 'mv "$hdr.orig" "$hdr" && touch "$hdr"' EXIT
	sed -i '/^#define percpu_try_cmpxchg_op(/,/^})/s/__pcpu_op2_##size("cmpxchg"/__pcpu_op2_##size("lock; cmpxchg"/' "$hdr"
	cmp -s "$hdr" "$hdr.orig" && die "mutation did not apply to $hdr" 1
fi
for tree in "$base" "$series"; do
	"$TOP/scripts/build-kernel.sh" -a "$arch" -s "$tree" -n "disasm-$arch" \
		-f "$TOP/configs/disasm.config" "${objs[@]}"
done
fail=0
for o in "${objs[@]}"; do
	a=$("$objdump" -dr "$base/.obj/disasm-$arch/$o" | tail -n +3)
	b=$("$objdump" -dr "$series/.obj/disasm-$arch/$o" | tail -n +3)
	if [ "$a" != "$b" ]; then
		echo "DIFFERS $arch $o"
		diff <(echo "$a") <(echo "$b") | head -n 20 | sed 's/^/    /' || true
		fail=1
	fi
done
echo "disassembly of ${#objs[@]} existing users on $arch: $([ "$fail" = 0 ] && echo identical || echo CHANGED)"
if [ "$mutate" = 1 ]; then
	[ "$fail" = 1 ] || die "the LOCKed this_cpu_try_cmpxchg() went unnoticed: the check cannot fail" 1
	echo "mutation detected: the check can fail"
	exit 0
fi
exit "$fail"
