#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A cpuset isolated partition made and unmade at run time (7.2: housekeeping_update() changes
# the domain isolation, and calls vmstat_flush_workqueue()). Booted without isolcpus; needs
# CONFIG_CPUSETS (configs/cpuset.config). A task on CPU 3 spins in user space for 3 s (so that
# vmstat work armed on CPU 3 before runs down: it stops re-arming after an interval without
# updates), mlocks 10 pages, fewer than a CPU's stats threshold, and spins on; only /proc/vmstat
# is read:
#  1. partition_isolated: a cgroup v2 cpuset with CPU 3 becomes an isolated partition.
#  2. folds_while_isolated: the task's +10 nr_mlock shows within 10 s ("stranded" if not).
#  3. no_vmstat_work_while_isolated: no vmstat work item ran on CPU 3 while it was isolated.
#     7.2 as it is skips CPU 3 in its shepherd, but the vmstat_update armed there before the
#     partition re-arms itself as long as it finds something to do (pcp->high still decaying),
#     and folds CPU 3 from CPU 3: it fails here, with case 2 passing or stranded by chance.
#  4. partition_removed: the partition goes back to a member, CPU 3 to the housekeeping set.
#  5. folds_after_removal: a second task on CPU 3 mlocks 10 more; +20 shows within 10 s, and
#     the vmstat work items on CPU 3 since the removal are reported (none with the series).
# Waits are bounded and decided by the counters, not by timing.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. /guest/lib.sh
CG=/sys/fs/cgroup
P=$CG/vmstat-iso
pids=()

# field NAME: one /proc/vmstat value.
field() { awk -v f="$1" '$1 == f { print $2 }' /proc/vmstat; }
# mlock_seen WANT: nr_mlock has reached WANT (called through wait_for).
# shellcheck disable=SC2317
mlock_seen() { [ "$(field nr_mlock)" -ge "$1" ]; }
# spin_on_3 CGROUP_DIR DELAY: start mlock-spin 10 DELAY on CPU 3 from CGROUP_DIR, wait for its
# "locked" and check that it runs on CPU 3 (field 39 of /proc/PID/stat).
spin_on_3() {
	local out=/tmp/spin${#pids[@]} pid
	bash -c "echo \$\$ >$1/cgroup.procs && exec taskset -c 3 /guest/bin/mlock-spin 10 $2" >"$out" &
	pid=$!
	pids+=("$pid")
	wait_for 30 grep -q locked "$out" && [ "$(awk '{ print $39 }' "/proc/$pid/stat")" = 3 ]
}
# isolated: the CPUs that cpuset partitions isolate.
isolated() { cat "$CG/cpuset.cpus.isolated"; }
# fold_case NAME WANT [NOTE]: test NAME, that nr_mlock reaches WANT within 10 s.
fold_case() {
	local start=$SECONDS
	if wait_for 10 mlock_seen "$2"; then
		ok "$1" "nr_mlock $(field nr_mlock), $2 wanted, after $((SECONDS - start)) s${3:+; $3}"
	else
		not_ok "$1" "stranded: nr_mlock $(field nr_mlock), $2 wanted, for 10 s${3:+; $3}"
	fi
}
# cpu3_work: the vmstat_update work items traced on CPU 3 so far.
cpu3_work() { grep -c '\[0*3\].*function vmstat_update' "$T/trace"; }
# shellcheck disable=SC2317
cleanup() {
	kill "${pids[@]}" 2>/dev/null
	wait 2>/dev/null
}
trap cleanup EXIT

echo "KTAP version 1"
echo "1..5"
taskset -p -c 0 $$ >/dev/null

# 1. The partition.
mkdir -p "$CG"
mount -t cgroup2 none "$CG" 2>/dev/null
if ! echo +cpuset >"$CG/cgroup.subtree_control" || ! mkdir -p "$P" ||
	! echo 3 >"$P/cpuset.cpus" || ! echo 0-1 >"$P/cpuset.mems" ||
	! timeout 60 sh -c "echo isolated >$P/cpuset.cpus.partition" ||
	[ "$(cat "$P/cpuset.cpus.partition")" != isolated ] || [ "$(isolated)" != 3 ]; then
	not_ok partition_isolated "cpuset.cpus.partition: $(cat "$P/cpuset.cpus.partition" 2>&1);" \
		"isolated CPUs: $(isolated)"
	exit 1
fi
ok partition_isolated "isolated CPUs: $(isolated)"

echo 0 >"$T/tracing_on"
echo 4096 >"$T/buffer_size_kb"
echo >"$T/trace"
echo 1 >"$T/events/workqueue/workqueue_execute_start/enable"
echo 1 >"$T/tracing_on"

# 2. A counter changed on the isolated CPU.
base=$(field nr_mlock)
if ! spin_on_3 "$P" 3; then
	not_ok folds_while_isolated "mlock-spin did not run on CPU 3: $(cat /tmp/spin0)"
else
	fold_case folds_while_isolated $((base + 10))
fi

# 3. Who ran on CPU 3 meanwhile.
work=$(cpu3_work)
if [ "$work" = 0 ]; then
	ok no_vmstat_work_while_isolated "shepherd runs: $(grep -c 'function vmstat_shepherd' "$T/trace")"
else
	not_ok no_vmstat_work_while_isolated "vmstat_work: $work vmstat_update items ran on isolated CPU 3"
fi

# 4. Back to the housekeeping set, the first task still spinning in the cgroup.
if timeout 60 sh -c "echo member >$P/cpuset.cpus.partition" &&
	[ "$(cat "$P/cpuset.cpus.partition")" = member ] && [ -z "$(isolated)" ]; then
	ok partition_removed "isolated CPUs: none"
else
	not_ok partition_removed "cpuset.cpus.partition: $(cat "$P/cpuset.cpus.partition" 2>&1);" \
		"isolated CPUs: $(isolated)"
fi

# 5. The same CPU, no longer isolated.
if ! spin_on_3 "$CG" 0; then
	not_ok folds_after_removal "mlock-spin did not run on CPU 3: $(cat /tmp/spin1)"
else
	fold_case folds_after_removal $((base + 20)) \
		"$(($(cpu3_work) - work)) vmstat_update items on CPU 3 since the removal"
fi
echo 0 >"$T/tracing_on"
cleanup
trap - EXIT
exit "$fail"
