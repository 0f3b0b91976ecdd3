#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot check: the guest came up with every CPU and NUMA node that QEMU was asked for.
set -u
n=0 fail=0
# result NAME GOT WANT: one KTAP line.
result() {
	n=$((n + 1))
	if [ "$2" = "$3" ]; then
		echo "ok $n $1"
	else
		echo "not ok $n $1 # got '$2', want '$3'"
		fail=1
	fi
}
echo "KTAP version 1"
echo "1..2"
result cpus_online "$(cat /sys/devices/system/cpu/online)" 0-3
result numa_nodes "$(cat /sys/devices/system/node/online 2>/dev/null)" 0-1
exit "$fail"
