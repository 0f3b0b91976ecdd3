#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Memory hotplug under the vmstat pass, with a DIMM on node 1 (scripts/boot-guest.sh -d) that
# stays offline at boot (the test kernels' default; memhp_default_state=offline for a kernel
# that onlines it, as Debian's does) and page cache churn on every CPU, the isolated one included:
#  1. dimm_online: the DIMM's memory blocks, offline at boot, go online movable.
#  2. pass_runs_during_offline: a page of a DIMM block is pinned (guest/pin-page.c), so that
#     offlining the block retries migration, holding the memory hotplug lock, for as long as
#     the pin lasts. Meanwhile the shepherd must complete 5 passes and stat_refresh return
#     (waited for up to 120 s each, by their events). A pass that takes the memory hotplug lock
#     completes none, and the hung task detector (10 s here) reports its kworker, which ends
#     both waits (the console judge fails any hung task report on its own). Then the pin
#     goes and the offline must finish.
#  3. offline_online_loop: every DIMM block offlined and onlined again, 3 rounds, so that the
#     node's movable zone empties (zone_pcp_reset()) and fills again while the passes run;
#     reports how many offline operations succeeded; at least one round must empty the zone.
#  4. free_pages_exact: after the churn stops, with stat_refresh before each read, every zone's
#     nr_free_pages equals the pages on its buddy lists outside isolated pageblocks, in one of
#     30 reads 2 s apart (while the passes still decay pcp->high, pages move to the buddy lists
#     between the two files' reads; seen exact at the 6th to 10th read).
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. /guest/lib.sh
M=/sys/devices/system/memory

state() { cat "$M/memory$1/state"; }
# These are called through wait_for.
# shellcheck disable=SC2317
is_state() { [ "$(state "$1")" = "$2" ]; }
# shellcheck disable=SC2317
at_least_runs() { [ "$(shepherd_runs)" -ge "$1" ]; }
# shellcheck disable=SC2317
gone() { ! kill -0 "$1" 2>/dev/null; }
# shellcheck disable=SC2317
hung() { dmesg | grep -q 'blocked for more than'; }
# shellcheck disable=SC2317
runs_or_hung() { at_least_runs "$1" || hung; }
# shellcheck disable=SC2317
gone_or_hung() { gone "$1" || hung; }

echo "KTAP version 1"
echo "1..4"
taskset -p -c 0 $$ >/dev/null
echo 10 >/proc/sys/kernel/hung_task_timeout_secs

# 1. The DIMM: the blocks of node 1 that are offline at boot, onlined movable.
dimm_online || exit 1

pids=()
for c in $(seq 0 $(($(nproc --all) - 1))); do
	taskset -c "$c" bash -c "while :; do dd if=/dev/zero of=/tmp/load$c bs=64k count=64 \
		2>/dev/null; rm -f /tmp/load$c; done" &
	pids+=($!)
done
trace_shepherd

# 2. A pinned page keeps one block's offline going.
/guest/bin/pin-page 1 "0x$(cat "$M/block_size_bytes")" "${blocks[@]}" >/tmp/pinned &
pin=$!
if ! wait_for 120 test -s /tmp/pinned; then
	not_ok pass_runs_during_offline "no page of the DIMM could be pinned"
else
	pb=$(cat /tmp/pinned)
	echo offline >"$M/memory$pb/state" 2>/tmp/offline.err &
	off=$!
	wait_for 60 is_state "$pb" going-offline
	start=$(shepherd_runs)
	# A hung task report decides too: a pass stuck behind the offline never completes.
	wait_for 120 runs_or_hung $((start + 5))
	runs=$(($(shepherd_runs) - start))
	echo 1 >/proc/sys/vm/stat_refresh &
	refresh=$!
	wait_for 120 gone_or_hung "$refresh"
	if gone "$refresh"; then refreshed=returned; else refreshed="still blocked"; fi
	during=$(state "$pb")
	kill "$pin"
	wait_for 120 gone "$off"
	after=$(state "$pb")
	msg="block $pb $during while pinned, $runs shepherd passes, stat_refresh $refreshed; unpinned: $after"
	if [ "$during" = going-offline ] && [ "$runs" -ge 5 ] && [ "$refreshed" = returned ] &&
		[ "$after" = offline ]; then
		ok pass_runs_during_offline "$msg"
	else
		not_ok pass_runs_during_offline "$msg"
	fi
	kill "$refresh" 2>/dev/null
	echo online_movable >"$M/memory$pb/state" 2>/dev/null
fi
kill "$pin" 2>/dev/null

# 3. Offline and online every DIMM block, three rounds.
done_off=0 tried=0 emptied=0 start=$(shepherd_runs)
for _ in 1 2 3; do
	for b in "${blocks[@]}"; do
		tried=$((tried + 1))
		echo offline >"$M/memory$b/state" 2>/dev/null && done_off=$((done_off + 1))
	done
	[ "$(movable_present)" = 0 ] && emptied=$((emptied + 1))
	for b in "${blocks[@]}"; do
		is_state "$b" online || echo online_movable >"$M/memory$b/state"
	done
done
msg="$done_off of $tried offline operations succeeded, zone emptied in $emptied of 3 rounds"
msg+=", $(($(shepherd_runs) - start)) shepherd passes"
if [ "$emptied" -ge 1 ]; then ok offline_online_loop "$msg"; else not_ok offline_online_loop "$msg"; fi

kill "${pids[@]}" 2>/dev/null
wait "${pids[@]}" 2>/dev/null
echo 0 >"$T/tracing_on"

# 4. Each zone's free pages against its buddy lists.
free_pages_exact free_pages_exact 30
exit "$fail"
