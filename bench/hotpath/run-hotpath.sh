#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build bench/hotpath/hotpath.c with the kernel's code-generation flags and run it in PROCS
# processes at once, each pinned to its own CPU (taskset); print one CSV on stdout.
# Usage: bench/hotpath/run-hotpath.sh [-p PROCS] [-C CPU,CPU...] [-B] [-- HOTPATH_OPTIONS...]
set -euo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"

usage() {
	echo "Usage: $0 [-p PROCS] [-C CPU,CPU...] [-B] [-- HOTPATH_OPTIONS...]" >&2
	echo "  -B  build only and print the binary's path; HOTPATH_OPTIONS: see hotpath.c" >&2
	exit 2
}
# The flags of build/linux/.obj/x86_64/mm/.vmstat.o.cmd that shape these functions' code, less
# what a userspace program cannot take (-mcmodel=kernel, -mno-sse: main() uses doubles).
# -mfunction-return=thunk-extern: returns are JMP __x86_return_thunk, as in the kernel objects.
CFLAGS=(-O2 -Wall -Werror -fno-strict-aliasing -fno-strict-overflow -fno-delete-null-pointer-checks
	-fno-allow-store-data-races -fconserve-stack -fcf-protection=branch -falign-jumps=1
	-falign-loops=1 -mskip-rax-setup -mtune=generic -mno-red-zone -fno-jump-tables
	-mfunction-return=thunk-extern -fno-pie -no-pie)
procs=1 cpus='' build_only=0
while getopts p:C:B opt; do
	case $opt in p) procs=$OPTARG ;; C) cpus=$OPTARG ;; B) build_only=1 ;; *) usage ;; esac
done
shift $((OPTIND - 1))
[[ $procs =~ ^[1-9][0-9]*$ ]] || usage
need_cmd gcc gcc
need_cmd taskset util-linux
[ "$(uname -m)" = x86_64 ] || die "hotpath needs x86_64 (%gs-relative per-CPU addressing)" 4

src=$TOP/bench/hotpath/hotpath.c
bin=$BUILD/hotpath/hotpath
mkdir -p "$BUILD/hotpath"
if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ] || [ "${BASH_SOURCE[0]}" -nt "$bin" ]; then
	run gcc "${CFLAGS[@]}" -o "$bin" "$src"
fi
if [ "$build_only" = 1 ]; then
	echo "$bin"
	exit 0
fi

[ -n "$cpus" ] || cpus=$(seq -s, 0 $((procs - 1)))
IFS=, read -r -a cpu_list <<<"$cpus"
[ "${#cpu_list[@]}" -ge "$procs" ] || die "-C names ${#cpu_list[@]} CPUs for $procs processes" 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
log "hotpath: $procs process(es) on CPU(s) ${cpu_list[*]:0:$procs}; load average $(cut -d' ' -f1-3 /proc/loadavg)"
pids=()
for ((i = 0; i < procs; i++)); do
	taskset -c "${cpu_list[i]}" "$bin" -P "$procs" "$@" >"$tmp/$i.csv" &
	pids+=("$!")
done
rc=0
for pid in "${pids[@]}"; do
	wait "$pid" || rc=1
done
# Every process's comment lines, one CSV header, every process's rows.
echo "# run-hotpath: $procs process(es), $(nproc) online CPUs, load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
for ((i = 0; i < procs; i++)); do
	grep '^#' "$tmp/$i.csv" || true
done
grep -m1 '^variant,' "$tmp/0.csv" || true
for ((i = 0; i < procs; i++)); do
	grep -v -e '^#' -e '^variant,' "$tmp/$i.csv" || true
done
[ "$rc" = 0 ] || die "a hotpath process failed (see its messages above)" 1
