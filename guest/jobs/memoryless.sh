#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The vmstat pass with a memoryless node (scripts/boot-guest.sh -M: node 1 has CPUs 2-3 and no
# memory; node 0 holds all of it), load on CPUs 0 and 1 so that the passes keep coming:
#  1. node1_memoryless: node 1 is online with CPUs and without memory.
#  2. local_list_kept: pages freed on CPU 2 go to its page list of a node 0 zone, the node
#     the allocator treats as CPU 2's own (cpu_to_mem()). CPU 2 then stays idle for 40 passes
#     (waited for by their events, up to 300 s), with unbound work on CPUs 0 and 1 only: the
#     list must never be drained to 0, which it is
#     where the pass takes node 0 for remote to CPU 2 (cpu_to_node(): an expired remote list is
#     drained completely). pcp->high decay may trim the list, not empty it.
set -u
T=/sys/kernel/tracing
n=0 fail=0

ok() { n=$((n + 1)); echo "ok $n $1${2:+ # $2}"; }
not_ok() { n=$((n + 1)); echo "not ok $n $1 # $2"; fail=1; }

# pcp NODE CPU: "zone count high" for CPU's page list of each zone of NODE.
pcp() {
	awk -v node="$1" -v cpu="$2" '
		/^Node/ { sub(",", "", $2); nd = $2; zone = $4; c = -1 }
		/^ +cpu:/ { c = $2 }
		/^ +count:/ && nd == node && c == cpu { count = $2 }
		/^ +high:/ && nd == node && c == cpu { print zone, count, $2 }
	' /proc/zoneinfo
}
count_of() { pcp 0 2 | awk '{ s += $2 } END { print s + 0 }'; }
shepherd_runs() { grep -c 'workqueue_execute_end:.*vmstat_shepherd' "$T/trace"; }

echo "KTAP version 1"
echo "1..2"
taskset -p -c 0 $$ >/dev/null

# 1. The topology.
D=/sys/devices/system/node
mem=$(cat "$D/has_memory") cpus1=$(cat "$D/node1/cpulist" 2>/dev/null)
if [ "$mem" != 0 ] || [ -z "$cpus1" ] || [ ! -e /sys/devices/system/cpu/cpu2/node1 ]; then
	not_ok node1_memoryless "nodes with memory: $mem; node 1 CPUs: ${cpus1:-none}"
	exit 1
fi
ok node1_memoryless "nodes with memory: $mem; node 1 CPUs: $cpus1"

# 2. CPU 2's page list of node 0. Unbound work (the shepherd's pass among it) runs on CPUs 0
# and 1 only, so that CPU 2 stays idle: a pass run there counts its own frees on CPU 2, which
# marks CPU 2's lists used and holds their expiry off.
wqmask=/sys/devices/virtual/workqueue/cpumask
wqold=$(cat "$wqmask")
echo 3 >"$wqmask"
pids=()
for c in 0 1; do
	taskset -c "$c" bash -c "while :; do dd if=/dev/zero of=/tmp/load$c bs=64k count=32 \
		2>/dev/null; rm -f /tmp/load$c; done" &
	pids+=($!)
done
echo 0 >"$T/tracing_on"
echo 4096 >"$T/buffer_size_kb"
echo >"$T/trace"
echo 1 >"$T/events/workqueue/workqueue_execute_end/enable"
echo 1 >"$T/tracing_on"
# pcp->high decays to no less than 4 batches: decay leaves a list of that size, a drain does not.
taskset -c 2 dd if=/dev/zero of=/tmp/local bs=4k count=32 2>/dev/null
taskset -c 2 rm -f /tmp/local
count0=$(count_of)
start=$(shepherd_runs)
least=$count0 at=0 passes=0
for _ in $(seq 1 300); do
	sleep 1
	count=$(count_of)
	passes=$(($(shepherd_runs) - start))
	if [ "$count" -lt "$least" ]; then least=$count at=$passes; fi
	[ "$count" = 0 ] || [ "$passes" -ge 40 ] && break
done
kill "${pids[@]}" 2>/dev/null
wait 2>/dev/null
echo "$wqold" >"$wqmask"
echo 0 >"$T/tracing_on"
echo "# CPU 2 node 0 lists after the frees: $(pcp 0 2 | tr '\n' ' ')"
if [ "$count0" = 0 ]; then
	not_ok local_list_kept "the frees on CPU 2 left no page on its node 0 lists"
elif [ "$least" = 0 ]; then
	not_ok local_list_kept "CPU 2's node 0 lists drained from $count0 pages to 0 by pass $at"
elif [ "$passes" -lt 40 ]; then
	not_ok local_list_kept "only $passes shepherd passes in 300 s under load"
else
	ok local_list_kept "$count0 pages, at least $least through $passes passes"
fi
exit "$fail"
