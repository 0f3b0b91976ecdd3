#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot check: the guest came up with every CPU and NUMA node that QEMU was asked for.
set -u
n=0 fail=0
result() { n=$((n + 1)); if "$2"; then echo "ok $n $1"; else echo "not ok $n $1"; fail=1; fi; }
cpus_online() { [ "$(cat /sys/devices/system/cpu/online)" = "0-3" ]; }
numa_nodes() { [ "$(cat /sys/devices/system/node/online 2>/dev/null)" = "0-1" ]; }
echo "KTAP version 1"
echo "1..2"
echo "# cpus online: $(cat /sys/devices/system/cpu/online), nodes: $(cat /sys/devices/system/node/online 2>/dev/null)"
result cpus_online cpus_online
result numa_nodes numa_nodes
exit "$fail"
