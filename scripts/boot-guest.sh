#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The one place that starts QEMU: boot KERNEL under TCG with the initramfs, run guest job JOB,
# read its KTAP back from the serial console, and exit with the guest's verdict. A kernel
# splat, a panic or the host-side timeout fails the run. Leaves console.log, qemu-cmd
# (runnable again), testid and result.ktap in the results directory.
# KERNEL defaults to the scratch tree's build for ARCH. -n NCPUS boots that many vCPUs (even)
# instead of the arch file's, half in each of its two NUMA nodes. -d MIB adds a pc-dimm of MIB
# MiB to node 1, for memory hotplug. -M makes node 1 memoryless: its CPUs stay, node 0 gets all
# the memory.
# Usage: scripts/boot-guest.sh -j JOB [-k KERNEL] [-a ARCH] [-c CMDLINE] [-t SECONDS] [-r DIR] [-i INITRD] [-n NCPUS] [-d MIB] [-M]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() {
	echo "Usage: $0 -j JOB [-k KERNEL] [-a ARCH] [-c CMDLINE] [-t SECONDS] [-r DIR] [-i INITRD] [-n NCPUS] [-d MIB] [-M]" >&2
	exit 2
}
kernel='' job='' arch=x86_64 cmdline='' timeout=900 res='' initrd=$BUILD/initrd.cpio.gz ncpus='' dimm='' memoryless=0
while getopts k:j:a:c:t:r:i:n:d:M opt; do
	case $opt in
	k) kernel=$OPTARG ;; j) job=$OPTARG ;; a) arch=$OPTARG ;; c) cmdline=$OPTARG ;;
	t) timeout=$OPTARG ;; r) res=$OPTARG ;; i) initrd=$OPTARG ;; n) ncpus=$OPTARG ;; d) dimm=$OPTARG ;;
	M) memoryless=1 ;; *) usage ;;
	esac
done
[ -n "$job" ] || usage
[ -f "$TOP/guest/jobs/$job.sh" ] || die "no guest job guest/jobs/$job.sh" 2
[ -f "$initrd" ] || die "no initramfs $initrd; run scripts/mkinitrd.sh $initrd" 2
case $timeout in '' | *[!0-9]*) die "-t takes whole seconds, not '$timeout'" 2 ;; esac
[ -z "$ncpus" ] || [[ $ncpus =~ ^[1-9][0-9]*$ && $((ncpus % 2)) = 0 ]] ||
	die "-n takes an even number of vCPUs, not '$ncpus'" 2
[ -z "$dimm" ] || [[ $dimm =~ ^[1-9][0-9]*$ ]] || die "-d takes a size in MiB, not '$dimm'" 2
[ -z "$dimm" ] || [ "$memoryless" = 0 ] || die "-d puts a DIMM on node 1, -M leaves it without memory: not both" 2
facts=$TOP/configs/qemu/$arch.py
[ -f "$facts" ] || die "no arch file $facts" 2
[ -d "$TREE/tools/testing/kunit" ] || die "no kernel tree at $TREE (its kunit.py reads $facts); run 'make tree'" 2
qemu_arch='' kernel_path='' kernel_command_line='' serial='' extra_qemu_params=()
eval "$(python3 "$TOP/scripts/qemu-facts.py" "$facts" "$TREE")"
kernel=${kernel:-$TREE/.obj/$arch/$kernel_path}
if [ -n "$ncpus" ]; then	# -smp and the two nodes' CPU ranges for NCPUS
	h=$((ncpus / 2)) prev=''
	for i in "${!extra_qemu_params[@]}"; do
		p=${extra_qemu_params[i]}
		case $prev,$p in
		-smp,*sockets=*) extra_qemu_params[i]="$ncpus,sockets=2,cores=$h" ;;
		-smp,*) extra_qemu_params[i]=$ncpus ;;
		-numa,node,nodeid=0,cpus=*) extra_qemu_params[i]="${p%%cpus=*}cpus=0-$((h - 1)),${p#*cpus=*,}" ;;
		-numa,node,nodeid=1,cpus=*) extra_qemu_params[i]="${p%%cpus=*}cpus=$h-$((ncpus - 1)),${p#*cpus=*,}" ;;
		esac
		prev=$p
	done
fi
if [ "$memoryless" = 1 ]; then	# node 0's backend gets -m, node 1 none
	params=() prev='' m=''
	for p in "${extra_qemu_params[@]}"; do [ "$prev" != -m ] || m=$p; prev=$p; done
	for p in "${extra_qemu_params[@]}"; do
		case $p in
		memory-backend-ram,id=m0,*) params+=("memory-backend-ram,id=m0,size=$m") ;;
		memory-backend-ram,id=m1,*) unset 'params[${#params[@]}-1]' ;;	# and its -object
		node,nodeid=1,*) params+=("${p%,memdev=*}") ;;
		*) params+=("$p") ;;
		esac
	done
	if [ -z "$m" ] || [ "${#params[@]}" != $((${#extra_qemu_params[@]} - 2)) ]; then
		die "configs/qemu/$arch.py has no -m and node 1 memory backend m1 for -M" 2
	fi
	extra_qemu_params=("${params[@]}")
fi
if [ -n "$dimm" ]; then	# room for one DIMM above the boot memory, and the DIMM on node 1
	for i in "${!extra_qemu_params[@]}"; do
		[ "${extra_qemu_params[i]}" != -m ] || m=${extra_qemu_params[i + 1]}
	done
	[ -n "${m:-}" ] || die "configs/qemu/$arch.py gives no -m to add a DIMM to" 2
	mem="$m,slots=1,maxmem=$(($(numfmt --from=iec "$m") / 1048576 + dimm))M"
	extra_qemu_params+=(-m "$mem" -object "memory-backend-ram,id=dimm0,size=${dimm}M"
		-device "pc-dimm,memdev=dimm0,node=1")
fi
[ -f "$kernel" ] || die "no kernel image $kernel; build it first ('make build')" 2
need_cmd "qemu-system-$qemu_arch" "qemu-system-${qemu_arch/x86_64/x86}"

res=${res:-$TOP/results/$(date +%Y%m%d-%H%M%S)-$job/$arch}
mkdir -p "$res"
case " $cmdline " in *' kunit.enable='*) ;; *) [ "$job" = kunit ] || cmdline+=" kunit.enable=0" ;; esac
append="$kernel_command_line panic=-1 rdinit=/init vmtest.job=$job${cmdline:+ $cmdline}"
qemu=("qemu-system-$qemu_arch" -nodefaults -m 1024 -kernel "$kernel" -initrd "$initrd"
	-append "$append" -no-reboot -nographic -serial "$serial" "${extra_qemu_params[@]}")
printf '%q ' "${qemu[@]}" >"$res/qemu-cmd"
echo >>"$res/qemu-cmd"
{
	echo "kernel: $kernel ($(sha256sum "$kernel" | cut -c1-16))"
	echo "base-commit: $(base_field commit)"
	echo "series: $(cat "$PATCHES"/* 2>/dev/null | sha256sum | cut -c1-16)"
	[ -d "$TREE/.git" ] && echo "scratch: $(git -C "$TREE" describe --always --dirty 2>/dev/null)"
} >"$res/testid"

log "boot $arch ${kernel#"$TOP"/} job=$job (timeout ${timeout}s, results ${res#"$TOP"/})"
printf '$ %s\n' "$(cat "$res/qemu-cmd")" >&2
set +e
timeout -k 10 "$timeout" "${qemu[@]}" </dev/null 2>&1 | tee "$res/console.log" |
	grep --line-buffered -E '^vmtest:|^(not )?ok [0-9]' >&2
rc=${PIPESTATUS[0]}
set -e
case $rc in 124 | 137) echo "vmtest: host-side timeout after ${timeout}s" >>"$res/console.log" ;; esac
python3 "$TOP/scripts/judge-console.py" "$res/console.log" "$res/result.ktap"
