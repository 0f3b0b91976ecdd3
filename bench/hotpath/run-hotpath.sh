#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Link the given kernels' mm/vmstat.o into hotpath (gen-designs.py) and run it in PROCS
# processes at once, each pinned to its own CPU; print one CSV on stdout (the first design is
# the reference of the ratio column). Objects from a debug config are refused for timing.
# Usage: bench/hotpath/run-hotpath.sh [-p PROCS] [-C CPU,CPU...] [-B] LABEL=KERNEL_OBJDIR... [-- HOTPATH_OPTIONS...]
set -euo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"

usage() {
	echo "Usage: $0 [-p PROCS] [-C CPU,CPU...] [-B] LABEL=KERNEL_OBJDIR... [-- HOTPATH_OPTIONS...]" >&2
	echo "  -B  build only and print the binary's path; HOTPATH_OPTIONS: see hotpath.c" >&2
	exit 2
}
# The harness's own code (the loops, the empty body, the model) is built with the flags of
# mm/.vmstat.o.cmd that shape code, less what a userspace program cannot take
# (-mcmodel=kernel, -mno-sse: main() uses doubles); returns are JMP __x86_return_thunk.
CFLAGS=(-O2 -Wall -Werror -fno-strict-aliasing -fno-strict-overflow -fno-delete-null-pointer-checks
	-fno-allow-store-data-races -fconserve-stack -fcf-protection=branch -falign-jumps=1
	-falign-loops=1 -mskip-rax-setup -mtune=generic -mno-red-zone -fno-jump-tables
	-mfunction-return=thunk-extern -fno-pie -no-pie "-Wl,-z,noexecstack")
procs=1 cpus='' build_only=0
while getopts p:C:B opt; do
	case $opt in p) procs=$OPTARG ;; C) cpus=$OPTARG ;; B) build_only=1 ;; *) usage ;; esac
done
shift $((OPTIND - 1))
designs=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do designs+=("$1"); shift; done
[ $# -eq 0 ] || shift
[ ${#designs[@]} -gt 0 ] || usage
[[ $procs =~ ^[1-9][0-9]*$ ]] || usage
for d in "${designs[@]}"; do
	[ -f "${d#*=}/mm/vmstat.o" ] || die "no ${d#*=}/mm/vmstat.o for design '$d'; build that kernel first" 2
done
need_cmd gcc gcc
need_cmd objcopy binutils
need_cmd taskset util-linux
[ "$(uname -m)" = x86_64 ] || die "hotpath needs x86_64 (%gs-relative per-CPU addressing)" 4

here=$TOP/bench/hotpath
key=$(printf '%s\n' "${designs[@]}" | sha256sum | cut -c1-12)
out=$BUILD/hotpath/$key
bin=$out/hotpath
mkdir -p "$out"
stale=0
for d in "${designs[@]}"; do [ "${d#*=}/mm/vmstat.o" -nt "$bin" ] && stale=1; done
for f in "$here"/*.c "$here"/*.h "$here"/gen-designs.py "${BASH_SOURCE[0]}"; do [ "$f" -nt "$bin" ] && stale=1; done
if [ ! -x "$bin" ] || [ "$stale" = 1 ]; then
	log "hotpath: link ${designs[*]}"
	python3 "$here/gen-designs.py" -o "$out" "${designs[@]}" >"$out/designs.txt"
	run gcc "${CFLAGS[@]}" -I"$here" -o "$bin" "$here/hotpath.c" "$out/designs.c" "$out/stubs.S" "$out"/d*_vmstat.o
fi
if [ "$build_only" = 1 ]; then
	echo "$bin"
	exit 0
fi
if grep -q 'debug config:' "$out/designs.txt"; then
	grep '^# design' "$out/designs.txt" >&2
	die "a design comes from a debug config (its hot path has checks a distro kernel lacks); time objects built with configs/bench.config" 2
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
grep '^# design' "$out/designs.txt" || true
for ((i = 0; i < procs; i++)); do
	grep '^#' "$tmp/$i.csv" || true
done
grep -m1 '^variant,' "$tmp/0.csv" || true
for ((i = 0; i < procs; i++)); do
	grep -v -e '^#' -e '^variant,' "$tmp/$i.csv" || true
done
[ "$rc" = 0 ] || die "a hotpath process failed (see its messages above)" 1
