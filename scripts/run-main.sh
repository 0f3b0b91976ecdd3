#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The main job's guest part: boot the scratch tree's kernel with CPU 3 isolated, run the KUnit
# suites, then the vmstat selftest category, and print a summary a newcomer can read.
# Usage: scripts/run-main.sh [-k KERNEL] [-r DIR]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() { echo "Usage: $0 [-k KERNEL] [-r DIR]" >&2; exit 2; }
kernel=$TREE/.obj/x86_64/arch/x86/boot/bzImage res=''
while getopts k:r: opt; do
	case $opt in k) kernel=$OPTARG ;; r) res=$OPTARG ;; *) usage ;; esac
done
[ -f "$kernel" ] || die "no kernel image $kernel; run 'make build' first" 2
res=${res:-$TOP/results/$(date +%Y%m%d-%H%M%S)-main}
iso='isolcpus=nohz,domain,3 nohz_full=3'
S=$TOP/scripts
drift_note
"$S/boot-guest.sh" -j kunit -k "$kernel" -c "$iso" -r "$res/kunit" || true
"$S/run-matrix.sh" -k "$kernel" -m series -r "$res/selftests" >"$res/selftests.txt" 2>&1 || true
have=$(installed_version)
echo
echo "== vmstat remote fold: main job summary"
echo "base:    $(base_field package) ${have:-$(base_field version)}$(drift | sed 's/^base drift: installed [^,]*,/ (drift:/; s/;.*/)/')"
echo "kernel:  ${kernel#"$TOP"/} (x86_64 TCG guest, 4 vCPUs in 2 nodes, $iso)"
rc=0
python3 "$S/summarize-main.py" "$res/kunit/console.log" "$res/selftests/run1/console.log" || rc=$?
echo "results: ${res#"$TOP"/}; 'make check' also runs 6.12 and asserts that it fails these cases"
exit "$rc"
