#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Soak a kernel: pack the soak initramfs (stress-ng, Debian's package, with its libraries)
# and boot the soak guest job (guest/jobs/soak.sh) with CPU 3 isolated and a 512 MiB DIMM on
# node 1: stress-ng on every CPU for SECONDS (300) under CPU and memory hotplug, then the
# counters checked. KERNEL defaults to the scratch tree's x86_64 build.
# Usage: scripts/soak.sh [-k KERNEL] [-s SECONDS] [-r DIR]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() { echo "Usage: $0 [-k KERNEL] [-s SECONDS] [-r DIR]" >&2; exit 2; }
kernel=$TREE/.obj/x86_64/arch/x86/boot/bzImage secs=300 res=''
while getopts k:s:r: opt; do
	case $opt in k) kernel=$OPTARG ;; s) secs=$OPTARG ;; r) res=$OPTARG ;; *) usage ;; esac
done
[ $# = $((OPTIND - 1)) ] || usage
case $secs in '' | *[!0-9]*) die "-s takes whole seconds, not '$secs'" 2 ;; esac
[ -x /usr/bin/stress-ng ] || die "missing package: stress-ng (no /usr/bin/stress-ng); run 'make deps-full'" 2
initrd=$BUILD/initrd-soak.cpio.gz
"$TOP/scripts/mkinitrd.sh" "$initrd" /usr/bin/stress-ng
# The guest's own time limit is the soak's; the host's allows for TCG and the checks after it.
"$TOP/scripts/boot-guest.sh" -j soak -k "$kernel" -i "$initrd" -d 512 -t $((secs * 3 + 900)) \
	-c "isolcpus=nohz,domain,3 nohz_full=3 memhp_default_state=offline vmtest.soak_s=$secs" \
	${res:+-r "$res"}
