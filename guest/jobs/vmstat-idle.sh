#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# An idle guest must stay as idle as on 6.12: no timer that vmstat arms may wake a CPU.
# After vmtest.settle= seconds (default 20) of quiet, trace vmtest.secs= seconds (default 30)
# of an idle guest and count, by events:
#  - the expiries of vmstat's timers, each attributed to the timer whose expiry queued vmstat
#    work: deferrable (flags D at its last timer_start: it never wakes an idle CPU) or on time;
#  - the idle exits of every CPU (power:cpu_idle), reported: the figure make bench compares.
# 1. no_vmstat_wakeups: at most one on-time vmstat expiry per 3 s (6.12 has none; the margin is
#    for passes that saw a CPU busy at that moment, 0 to 6 in 30 s seen with the series); v2 of
#    the series had one per second.
# 2. nohz_full_idle_entry_folds: the deferrable shepherd relies on each CPU folding its own
#    differentials when it goes idle. A nohz_full CPU's tick stopped while it ran a task, so its
#    idle entry is no tick stop: with stat_interval at 120 s (after the pass that re-arms with
#    it, so no pass comes), a task on the first nohz_full CPU mlocks 10 pages and sleeps;
#    nr_mlock must show them within 30 s. 6.12 never folds an isolated CPU; the series without
#    its fold at a nohz_full CPU's idle entry leaves them to the next pass, 120 s later.
set -u
. /guest/lib.sh
T=/sys/kernel/tracing
arg() { sed -n "s/.*vmtest\\.$1=\\([0-9]*\\).*/\\1/p" /proc/cmdline; }
secs=$(arg secs) settle=$(arg settle)
secs=${secs:-30} settle=${settle:-20}

echo "KTAP version 1"
echo "1..2"
if [ ! -d "$T/events/timer" ] || [ ! -d "$T/events/power" ]; then
	echo "ok 1 no_vmstat_wakeups # SKIP no tracefs timer or power events"
	echo "ok 2 nohz_full_idle_entry_folds # SKIP no tracefs timer or power events"
	exit 0
fi
# Nothing of this script may run during the window but the one sleep.
taskset -p -c 0 $$ >/dev/null
sleep "$settle"
echo 0 >"$T/tracing_on"
echo 16384 >"$T/buffer_size_kb"
echo >"$T/trace"
for e in timer/timer_start timer/timer_expire_entry timer/timer_expire_exit \
	workqueue/workqueue_queue_work power/cpu_idle; do
	echo 1 >"$T/events/$e/enable"
done
echo 1 >"$T/tracing_on"
sleep "$secs"
echo 0 >"$T/tracing_on"
echo 0 >"$T/events/enable"

awk -v secs="$secs" '
	function val(k,   i) {
		for (i = 1; i <= NF; i++)
			if (index($i, k "=") == 1)
				return substr($i, length(k) + 2)
		return ""
	}
	{ match($0, /\[[0-9]+\]/); cpu = substr($0, RSTART + 1, RLENGTH - 2) + 0 }
	/ LOST / { lost++ }
	/ timer_start: / { flags[val("timer")] = val("flags") }
	/ timer_expire_entry: / { cur[cpu] = val("timer") }
	/ timer_expire_exit: / { cur[cpu] = "" }
	/ workqueue_queue_work: / && / function=vmstat/ {
		w[val("function")]++
		t = cur[cpu]
		if (t == "")
			direct++
		else if (!(t in flags))
			unknown++
		else if (flags[t] ~ /D/)
			deferred++
		else
			ontime++
	}
	/ cpu_idle: / && / state=4294967295 / { exits[cpu]++; all++ }
	END {
		for (f in w)
			printf "# queued %s: %d\n", f, w[f]
		printf "# vmstat timer expiries in %d s: %d on time, %d deferrable, %d armed before the window; %d queued without a timer\n",
			secs, ontime, deferred, unknown, direct
		s = ""
		for (c in exits)
			s = s " cpu" c "=" exits[c]
		printf "# idle exits in %d s: %d (%s )\n", secs, all, s
		printf "idle_exits=%d ontime=%d lost=%d\n", all, ontime, lost
	}' "$T/trace" >/tmp/idle
grep '^#' /tmp/idle
eval "$(grep '^idle_exits=' /tmp/idle)"
# shellcheck disable=SC2154 # set by the eval
if [ "$lost" != 0 ]; then
	echo "not ok 1 no_vmstat_wakeups # the trace lost events"
elif [ "$ontime" -gt $((secs / 3)) ]; then
	echo "not ok 1 no_vmstat_wakeups # $ontime on-time vmstat timer expiries in $secs s on an idle guest"
else
	echo "ok 1 no_vmstat_wakeups # $ontime on-time vmstat timer expiries, $idle_exits idle exits in $secs s"
fi

nr_mlock() { awk '$1 == "nr_mlock" { print $2 }' /proc/vmstat; }
# shellcheck disable=SC2317 # called through wait_for
mlock_seen() { [ "$(nr_mlock)" -ge "$1" ]; }
# shellcheck disable=SC2317
pass_seen() { [ "$(shepherd_runs)" -ge 1 ]; }
cpu=$(sed 's/[^0-9].*//' /sys/devices/system/cpu/nohz_full 2>/dev/null)
interval=$(cat /proc/sys/vm/stat_interval)
if [ -z "$cpu" ]; then
	echo "ok 2 nohz_full_idle_entry_folds # SKIP no nohz_full CPU"
	exit 0
fi
trace_shepherd
echo 120 >/proc/sys/vm/stat_interval
if ! wait_for 120 pass_seen; then
	echo "not ok 2 nohz_full_idle_entry_folds # no vmstat pass in 120 s to re-arm with stat_interval 120"
	exit 0
fi
want=$(($(nr_mlock) + 10))
echo >"$T/trace"
taskset -c "$cpu" /guest/bin/mlock-spin 10 3 sleep >/tmp/sleeper &
sleeper=$!
start=$SECONDS
if ! wait_for 30 grep -q locked /tmp/sleeper; then
	echo "not ok 2 nohz_full_idle_entry_folds # mlock-spin did not lock its pages on CPU $cpu"
elif wait_for 30 mlock_seen "$want"; then
	echo "ok 2 nohz_full_idle_entry_folds # nr_mlock $(nr_mlock), $want wanted, after $((SECONDS - start)) s; vmstat passes since: $(shepherd_runs)"
else
	echo "not ok 2 nohz_full_idle_entry_folds # stranded on CPU $cpu: nr_mlock $(nr_mlock), $want wanted, for 30 s; vmstat passes since: $(shepherd_runs)"
fi
kill "$sleeper"
wait 2>/dev/null
echo "$interval" >/proc/sys/vm/stat_interval
