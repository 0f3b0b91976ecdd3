#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Soak (scripts/soak.sh): stress-ng (Debian's, /guest/bin/stress-ng with its libraries) on every
# CPU, the isolated CPU 3 included, for vmtest.soak_s= seconds (300 by default), in rounds:
# CPU 1 or 2 goes offline and online; every memory block of the DIMM (scripts/boot-guest.sh -d,
# node 1's Movable zone) is offlined, so that the zone empties (zone_pcp_reset()), and onlined
# again; stat_refresh runs. Then, with the load gone:
#  1. dimm_online: the DIMM's blocks, offline at boot, go online movable.
#  2. soak_ran: every stress-ng instance ran to its end with exit status 0, at least one CPU
#     offline/online round succeeded and one round emptied the zone, and the shepherd completed
#     at least 5 passes (counted by their events; about one a second is usual).
#  3. counters_returned: after stat_refresh, nr_mlock is back at its value before the soak
#     (the mlock stressors have exited) and nr_isolated_anon and nr_isolated_file are 0.
#  4. free_pages_exact: every zone's nr_free_pages equals its buddy lists outside isolated
#     pageblocks, in one of 30 reads 2 s apart.
#  5. no_negative_counter: no stat_refresh during or after the soak found a negative counter
#     ("vmstat_refresh: NAME -N" in the kernel log; the console judge fails on it too).
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. /guest/lib.sh
M=/sys/devices/system/memory
C=/sys/devices/system/cpu
secs=$(sed -n 's/.*vmtest\.soak_s=\([0-9]*\).*/\1/p' /proc/cmdline)
secs=${secs:-300}

# field NAME: one /proc/vmstat value.
field() { awk -v f="$1" '$1 == f { print $2 }' /proc/vmstat; }
refresh() { echo 1 >/proc/sys/vm/stat_refresh; }

echo "KTAP version 1"
echo "1..5"
taskset -p -c 0 $$ >/dev/null
echo 120 >/proc/sys/kernel/hung_task_timeout_secs
cd /tmp || exit 1

# 1. The DIMM: the blocks of node 1 that are offline at boot, onlined movable.
dimm_online || exit 1

# 2. The soak: one stress-ng on CPU 0, one on the isolated CPU 3, one on CPUs 0-2 (the
# hotplugged CPUs' tasks move to the others while they are offline).
refresh
mlock0=$(field nr_mlock)
trace_shepherd
pids=()
for cpus in 0 3 0-2; do
	taskset -c "$cpus" /guest/bin/stress-ng --vm 1 --vm-bytes 32M --mlock 1 --mmap 1 \
		--mmap-bytes 16M --fork 1 --timeout "${secs}s" -q >"/tmp/stress-$cpus.log" 2>&1 &
	pids+=($!)
done
running() {
	local p
	for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && return 0; done
	return 1
}
cpu_rounds=0 mem_off=0 mem_tried=0 emptied=0 refreshes=0 mlock_max=0 i=0
while running; do
	i=$((i + 1))
	c=$((1 + i % 2))
	echo 0 >"$C/cpu$c/online" 2>/dev/null && echo 1 >"$C/cpu$c/online" &&
		cpu_rounds=$((cpu_rounds + 1))
	for b in "${blocks[@]}"; do
		mem_tried=$((mem_tried + 1))
		echo offline >"$M/memory$b/state" 2>/dev/null && mem_off=$((mem_off + 1))
	done
	[ "$(movable_present)" != 0 ] || emptied=$((emptied + 1))
	for b in "${blocks[@]}"; do
		[ "$(cat "$M/memory$b/state")" = online ] || echo online_movable >"$M/memory$b/state"
	done
	refresh
	refreshes=$((refreshes + 1))
	m=$(field nr_mlock)
	[ "$m" -le "$mlock_max" ] || mlock_max=$m
	sleep 1
done
statuses=()
for p in "${pids[@]}"; do
	wait "$p"
	statuses+=($?)
done
for c in 1 2; do echo 1 >"$C/cpu$c/online"; done
passes=$(shepherd_runs)
echo 0 >"$T/tracing_on"
msg="${secs} s: stress-ng exit ${statuses[*]}; $cpu_rounds CPU offline/online rounds,"
msg+=" $mem_off of $mem_tried memory block offlines, node 1's Movable zone emptied $emptied times,"
msg+=" $refreshes stat_refresh, $passes shepherd passes"
if [ "${statuses[*]}" = "0 0 0" ] && [ "$cpu_rounds" -ge 1 ] && [ "$emptied" -ge 1 ] &&
	[ "$passes" -ge 5 ]; then
	ok soak_ran "$msg"
else
	not_ok soak_ran "$msg"
	for cpus in 0 3 0-2; do sed "s/^/stress-ng on $cpus: /" "/tmp/stress-$cpus.log" >&2; done
fi

# 3. Counters that must return to where they were.
refresh
mlock=$(field nr_mlock) iso_anon=$(field nr_isolated_anon) iso_file=$(field nr_isolated_file)
msg="nr_mlock $mlock0 before, up to $mlock_max during, $mlock after;"
msg+=" nr_isolated_anon $iso_anon, nr_isolated_file $iso_file"
if [ "$mlock" = "$mlock0" ] && [ "$iso_anon" = 0 ] && [ "$iso_file" = 0 ]; then
	ok counters_returned "$msg"
else
	not_ok counters_returned "$msg"
fi

# 4. Free pages against the buddy lists.
free_pages_exact free_pages_exact 30

# 5. Negative counters, as stat_refresh reports them.
neg=$(dmesg | grep -c 'vmstat_refresh: .* -[0-9]')
if [ "$neg" = 0 ]; then
	ok no_negative_counter "$((refreshes + 2)) stat_refresh or more"
else
	not_ok no_negative_counter "$(dmesg | grep -m 3 'vmstat_refresh: .* -[0-9]' | tr '\n' ';')"
fi
exit "$fail"
