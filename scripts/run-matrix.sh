#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boot KERNEL (an ARCH one: x86_64 or arm64) RUNS times with the vmstat selftests (guest job vmstat-selftests: the stock
# run_vmtests.sh -t vmstat) and check each run against a COLUMN (series, base, ...) of
# configs/vmstat-matrix. The guest has 4 vCPUs in 2 NUMA nodes, CPU 3 isolated and nohz_full
# (-c gives another isolation, e.g. 'nohz_full=3' for the base-nohz_full column).
# Each run leaves console.log and matrix.txt in DIR/runN; exits 0 when every run held.
# Usage: scripts/run-matrix.sh -k KERNEL -m COLUMN [-a ARCH] [-c CMDLINE] [-n RUNS] [-i INITRD] [-r DIR]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() {
	echo "Usage: $0 -k KERNEL -m COLUMN [-a ARCH] [-c CMDLINE] [-n RUNS] [-i INITRD] [-r DIR]" >&2
	exit 2
}
kernel='' column='' cmdline='isolcpus=nohz,domain,3 nohz_full=3' runs=1 initrd='' dir='' arch=x86_64
while getopts k:m:a:c:n:i:r: opt; do
	case $opt in
	k) kernel=$OPTARG ;; m) column=$OPTARG ;; a) arch=$OPTARG ;; c) cmdline=$OPTARG ;; n) runs=$OPTARG ;;
	i) initrd=$OPTARG ;;
	r) dir=$OPTARG ;; *) usage ;;
	esac
done
if [ -z "$kernel" ] || [ -z "$column" ]; then usage; fi
sfx=${arch#x86_64}
initrd=${initrd:-$BUILD/initrd-selftests${sfx:+-$sfx}.cpio.gz}
columns=$(sed -n 's/^# case *//p' "$TOP/configs/vmstat-matrix" | tr -s ' ')
tr -s ' ' '\n' <<<"$columns" | grep -qxF -- "$column" || die "-m takes a column of configs/vmstat-matrix ($columns), not '$column'" 2
case $runs in '' | *[!0-9]* | 0) die "-n takes a positive count, not '$runs'" 2 ;; esac
[ -f "$initrd" ] || die "no initramfs $initrd; build it with scripts/build-selftests.sh and scripts/mkinitrd.sh" 2
dir=${dir:-$TOP/results/$(date +%Y%m%d-%H%M%S)-matrix-$column${sfx:+-$sfx}}
held=0
for i in $(seq "$runs"); do
	log "matrix $column: run $i of $runs"
	# The guest's verdict fails where cases are meant to fail; the matrix decides.
	"$TOP/scripts/boot-guest.sh" -a "$arch" -j vmstat-selftests -k "$kernel" -i "$initrd" \
		-c "$cmdline" -t 900 -r "$dir/run$i" || true
	if python3 "$TOP/scripts/check-matrix.py" "$dir/run$i/console.log" "$column" >"$dir/run$i/matrix.txt"; then
		held=$((held + 1))
	else
		grep '^not ok' "$dir/run$i/matrix.txt" | sed "s/^/run $i: /"
	fi
done
cat "$dir/run$runs/matrix.txt"
echo "matrix $column held in $held of $runs runs (results ${dir#"$TOP"/})"
[ "$held" = "$runs" ]
