#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Prove that the series leaves the existing per-CPU cmpxchg/xchg users alone: build their
# objects (configs/disasm-objects) in the base tree and in the series tree with the same
# config, and compare the disassembly with relocations (objdump -dr), not the raw objects,
# whose debug line numbers move when headers grow.
# Usage: scripts/check-disasm.sh [-a ARCH] -b BASE_TREE -t SERIES_TREE
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() { echo "Usage: $0 [-a ARCH] -b BASE_TREE -t SERIES_TREE" >&2; exit 2; }
arch=x86_64 base='' series=''
while getopts a:b:t: opt; do
	case $opt in a) arch=$OPTARG ;; b) base=$OPTARG ;; t) series=$OPTARG ;; *) usage ;; esac
done
if [ -z "$base" ] || [ -z "$series" ]; then usage; fi
mapfile -t objs < <(awk -v a="$arch" '!/^#/ && NF == 2 && ($1 == "*" || $1 == a) { print $2 }' \
	"$TOP/configs/disasm-objects")
[ ${#objs[@]} -gt 0 ] || die "no objects for $arch in configs/disasm-objects" 2
make_args=()
eval "$(python3 "$TOP/scripts/qemu-facts.py" "$TOP/configs/qemu/$arch.py" "$base" | grep '^make_args=')"
objdump=objdump
for a in "${make_args[@]}"; do
	case $a in CROSS_COMPILE=*) objdump=${a#CROSS_COMPILE=}objdump ;; LLVM=*) objdump=llvm-objdump${a#LLVM=} ;; esac
done
need_cmd "$objdump" binutils

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
		diff <(echo "$a") <(echo "$b") | head -n 20 | sed 's/^/    /'
		fail=1
	fi
done
echo "disassembly of ${#objs[@]} existing users on $arch: $([ "$fail" = 0 ] && echo identical || echo CHANGED)"
exit "$fail"
