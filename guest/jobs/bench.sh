#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench's guest job: one KTAP result per phase, its data as "# csv,<table>,..." lines
# for bench/report.py. Phases (vmtest.phases=, default counts,ab,stale,work,idle):
#  counts  calls of each vmstat update function per operation (ftrace function profiler)
#  ab      ns per operation, vmtest.reps= samples each (QEMU TCG: for A/B ratios only)
#  stale   seconds until 10 mlocked pages on an isolated, a FIFO-hogged, an idle CPU show in
#          /proc/vmstat ("inf": not within 5 s)
#  work    per CPU per minute under load with a FIFO hog on CPU 1: vmstat work items, IPIs,
#          kworker preemptions of the hog and those that ran vmstat work
#  idle    per CPU per minute on an idle guest: idle exits, vmstat work items, shepherd runs
#  pass    the profiled time of the shepherd / vmstat_update / refresh_cpu_vm_stats
#  drain   per minute while CPU 1 grows and churns its page lists, the shepherd kept off it:
#          CPU 1's frees that found its pcp->lock taken (free_one_page() calls on CPU 1: with
#          THP off its loop frees order 0 only), the pages the other CPUs took off page lists
#          (kmem:mm_page_pcpu_drain) and decay_pcp_high()'s calls and mean time (not in the
#          default phases)
# Each window is vmtest.secs= seconds (default 60). Nothing here asserts a timing: a phase
# fails only when it cannot produce its numbers.
set -u
T=/sys/kernel/tracing
B=/guest/bin/vmstat-bench
arg() { sed -n "s/.*vmtest\.$1=\([0-9a-z,]*\).*/\1/p" /proc/cmdline; }
phases=$(arg phases) secs=$(arg secs) reps=$(arg reps)
phases=${phases:-counts,ab,stale,work,idle} secs=${secs:-60} reps=${reps:-5}
FUNCS=(__mod_zone_page_state __inc_zone_state __dec_zone_state __inc_zone_page_state
__dec_zone_page_state mod_zone_page_state inc_zone_page_state dec_zone_page_state
__mod_node_page_state __inc_node_state __dec_node_state __inc_node_page_state
__dec_node_page_state mod_node_page_state inc_node_state inc_node_page_state dec_node_page_state)
OPS="fault:20000 munmap2m:100 read:20000 allocfree:20000"
n=0
ok() { n=$((n + 1)); echo "ok $n $1${2:+ # $2}"; }
not_ok() { n=$((n + 1)); echo "not ok $n $1 # $2"; }
skip() { n=$((n + 1)); echo "ok $n $1 # SKIP $2"; }

# profile FUNCS...: point the function profiler at those of FUNCS the kernel has; fail if none.
profile() {
	local f have=''
	[ -f "$T/function_profile_enabled" ] || return 1
	for f in "$@"; do grep -qx "$f" "$T/available_filter_functions" && have="$have $f"; done
	[ -n "$have" ] || return 1
	echo "$have" >"$T/set_ftrace_filter"
}

# hits CPU...: "function hits time_us" summed over the CPUs' profiles.
hits() {
	local c
	for c in "$@"; do cat "$T/trace_stat/function$c"; done | awk '
		$2 ~ /^[0-9]+$/ { h[$1] += $2; if ($4 == "us") t[$1] += $3; else if ($4 == "ns") t[$1] += $3 / 1000 }
		END { for (f in h) printf "%s %d %.3f\n", f, h[f], t[f] }'
}

# load_start [FIFO]: a dd loop on every CPU; with FIFO also a SCHED_FIFO busy loop on CPU 1.
pids=() hog=''
load_start() {
	local c
	for c in $(seq 0 $(($(nproc --all) - 1))); do
		taskset -c "$c" bash -c "while :; do dd if=/dev/zero of=/tmp/load$c bs=64k count=32 \
			2>/dev/null; rm -f /tmp/load$c; done" &
		pids+=($!)
	done
	if [ -n "${1:-}" ]; then
		"$B" hog 1 &
		hog=$!
		pids+=("$hog")
	fi
}
load_stop() { kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null; pids=() hog=''; rm -f /tmp/load*; }

# trace_window EVENT...: trace the events for $secs seconds into /tmp/trace; fail on lost ones.
trace_window() {
	local e lost
	echo 0 >"$T/tracing_on"
	echo 16384 >"$T/buffer_size_kb"
	echo >"$T/trace"
	for e in "$@"; do echo 1 >"$T/events/$e/enable" || return 1; done
	echo 1 >"$T/tracing_on"
	sleep "$secs"
	echo 0 >"$T/tracing_on"
	for e in "$@"; do echo 0 >"$T/events/$e/enable"; done
	lost=$(cat "$T"/per_cpu/cpu*/stats | awk '/^overrun:/ { s += $2 } END { print s + 0 }')
	cat "$T/trace" >/tmp/trace
	[ "$lost" = 0 ] || { echo "# $lost trace events lost"; return 1; }
}

echo "KTAP version 1"
echo "1..$(echo "$phases" | tr ',' '\n' | grep -c .)"
taskset -p -c 0 $$ >/dev/null
[ -w /sys/kernel/mm/transparent_hugepage/enabled ] && echo never >/sys/kernel/mm/transparent_hugepage/enabled
ncpu=$(nproc --all)
echo "# csv,topo,$(awk '/^Node/ { n[$2] = 1 } /^ +present +[1-9]/ { z++ } END { print z + 0 "," length(n) }' /proc/zoneinfo)"
for phase in ${phases//,/ }; do
	case $phase in
	counts)
		if ! profile "${FUNCS[@]}"; then
			skip counts "no function profiler (CONFIG_FUNCTION_PROFILER) or none of the functions"
			continue
		fi
		bad=''
		for o in $OPS; do
			op=${o%:*} k=${o#*:}
			VMSTAT_BENCH_PROFILE=$T/function_profile_enabled taskset -c 1 "$B" op "$op" "$k" \
				>/dev/null || bad="$bad $op"
			hits 1 | sort >"/tmp/counts-$op"
		done
		for o in $OPS; do	# a munmap2m op also faulted its 512 pages in: take them out
			op=${o%:*} k=${o#*:}
			awk -v op="$op" -v k="$k" -v f="$( [ "$op" = munmap2m ] && echo 512 || echo 0)" '
				FNR == NR { fault[$1] = $2 / 20000; next }
				{ v = $2 / k - f * fault[$1]; if (v > 0.001) printf "# csv,counts,%s,%s,%.3f\n", op, $1, v }
			' /tmp/counts-fault "/tmp/counts-$op"
		done
		echo >"$T/set_ftrace_filter"
		if [ -n "$bad" ]; then not_ok counts "vmstat-bench failed:$bad"; else ok counts; fi
		;;
	ab)
		bad=''
		for r in $(seq 1 "$reps"); do
			for o in $OPS; do
				op=${o%:*} k=${o#*:}
				v=$(taskset -c 1 "$B" op "$op" "$k") || { bad="$bad $op"; continue; }
				echo "# csv,ab,$op,$r,$v"
			done
		done
		if [ -n "$bad" ]; then not_ok ab "vmstat-bench failed:$bad"; else ok ab; fi
		;;
	stale)
		bad=''
		for k in isolated:3: fifo:1:fifo idle:2:; do
			IFS=: read -r kind cpu mode <<<"$k"
			out=$("$B" stale "$cpu" 10 5 ${mode:+"$mode"}) || bad="$bad $kind"
			echo "$out" | awk -v kind="$kind" 'NF { printf "# csv,stale,%s,%d,%s\n", kind, NR, $1 }'
		done
		if [ -n "$bad" ]; then not_ok stale "vmstat-bench failed:$bad"; else ok stale; fi
		;;
	work)
		load_start fifo
		echo "prev_pid == $hog || next_pid == $hog" >"$T/events/sched/sched_switch/filter"
		ev="workqueue/workqueue_execute_start sched/sched_switch"
		for e in reschedule_entry call_function_entry call_function_single_entry; do
			[ -d "$T/events/irq_vectors/$e" ] && ev="$ev irq_vectors/$e"
		done
		# shellcheck disable=SC2086
		trace_window $ev
		rc=$?
		h=$hog
		load_stop
		echo 0 >"$T/events/sched/sched_switch/filter"
		# A preemption of the hog lasts until it runs again: by a kworker, and "for
		# vmstat" when a vmstat work item ran on CPU 1 meanwhile.
		awk -v ncpu="$ncpu" -v hog="$h" -v m="$(awk -v s="$secs" 'BEGIN { print 60 / s }')" '
			{ if (!match($0, /\[[0-9]+\]/)) next; c = substr($0, RSTART + 1, RLENGTH - 2) + 0 }
			/workqueue_execute_start:.*function vmstat_/ { w[c]++; if (c == 1 && away) vm = 1 }
			/_entry: vector=/ { ipi[c]++ }
			/sched_switch:/ && $0 ~ ("prev_pid=" hog " .*prev_state=R") {
				away = 1; vm = 0; if ($0 ~ /==> next_comm=kworker/) pre++
			}
			/sched_switch:/ && $0 ~ ("next_pid=" hog " ") { if (away && vm) prevm++; away = 0 }
			END { for (c = 0; c < ncpu; c++)
				printf "# csv,work,%d,%.3f,%.3f,%.3f,%.3f\n", c, w[c] * m, ipi[c] * m,
					c == 1 ? pre * m : 0, c == 1 ? prevm * m : 0 }' /tmp/trace
		echo "# work: $(grep -c 'sched_switch:' /tmp/trace) switches of the FIFO hog (pid $h) traced"
		if [ "$rc" = 0 ]; then ok work; else not_ok work "tracing failed or lost events"; fi
		;;
	idle)
		trace_window power/cpu_idle workqueue/workqueue_execute_start
		rc=$?
		awk -v ncpu="$ncpu" -v m="$(awk -v s="$secs" 'BEGIN { print 60 / s }')" '
			{ if (!match($0, /\[[0-9]+\]/)) next; c = substr($0, RSTART + 1, RLENGTH - 2) + 0 }
			/cpu_idle: state=4294967295/ { x[c]++ }
			/workqueue_execute_start:.*function vmstat_/ { w[c]++ }
			/workqueue_execute_start:.*function vmstat_shepherd/ { s[c]++ }
			END { for (c = 0; c < ncpu; c++)
				printf "# csv,idle,%d,%.3f,%.3f,%.3f\n", c, x[c] * m, w[c] * m, s[c] * m }' /tmp/trace
		if [ "$rc" = 0 ]; then ok idle; else not_ok idle "tracing failed or lost events"; fi
		;;
	pass)
		if ! profile vmstat_shepherd vmstat_update refresh_cpu_vm_stats; then
			skip pass "no function profiler or none of the functions"
			continue
		fi
		[ -f "$T/options/sleep-time" ] && echo 0 >"$T/options/sleep-time"
		load_start
		echo 1 >"$T/function_profile_enabled"
		sleep "$secs"
		echo 0 >"$T/function_profile_enabled"
		load_stop
		# shellcheck disable=SC2046
		hits $(seq 0 $((ncpu - 1))) | awk -v n="$ncpu" \
			'{ printf "# csv,pass,%d,%s,%d,%.3f\n", n, $1, $2, $2 ? $3 / $2 : 0 }'
		echo >"$T/set_ftrace_filter"
		ok pass
		;;
	drain)
		if ! profile free_one_page decay_pcp_high ||
			[ ! -d "$T/events/kmem/mm_page_pcpu_drain" ]; then
			skip drain "no function profiler, none of the functions or no kmem:mm_page_pcpu_drain"
			continue
		fi
		wq=/sys/devices/virtual/workqueue/cpumask
		wq0=$(cat "$wq")
		if [[ ! $wq0 =~ ^[0-9a-f]+$ ]]; then	# more than 32 CPUs: comma-separated words
			skip drain "workqueue cpumask '$wq0' is not one word"
			continue
		fi
		# the unbound workqueues' CPUs (the shepherd's) less CPU 1: a drain of CPU 1's lists
		# then comes from another CPU, as on a machine whose housekeeping CPUs are few
		printf '%x\n' $((0x$wq0 & ~2)) >"$wq"
		echo 'CPU != 1' >"$T/events/kmem/mm_page_pcpu_drain/filter"
		taskset -c 1 bash -c "while :; do $B op munmap2m 40; $B op allocfree 20000; done" \
			>/dev/null &
		pids+=($!)
		echo 1 >"$T/function_profile_enabled"
		trace_window kmem/mm_page_pcpu_drain
		rc=$?
		echo 0 >"$T/function_profile_enabled"
		load_stop
		pkill -f "$B op" 2>/dev/null
		echo "$wq0" >"$wq"
		echo 0 >"$T/events/kmem/mm_page_pcpu_drain/filter"
		{ hits 1 | awk '$1 != "decay_pcp_high"'
		  # shellcheck disable=SC2046
		  hits $(seq 0 $((ncpu - 1))) | awk '$1 == "decay_pcp_high"'; } | awk \
			-v m="$(awk -v s="$secs" 'BEGIN { print 60 / s }')" \
			-v pages="$(grep -c 'mm_page_pcpu_drain:' /tmp/trace)" '
			{ h[$1] = $2; t[$1] = $3 }
			END { printf "# csv,drain,1,%.1f,%.1f,%.1f,%.1f\n", h["free_one_page"] * m,
				pages * m, h["decay_pcp_high"] * m,
				h["decay_pcp_high"] ? t["decay_pcp_high"] / h["decay_pcp_high"] : 0 }'
		echo >"$T/set_ftrace_filter"
		if [ "$rc" = 0 ]; then ok drain; else not_ok drain "tracing failed or lost events"; fi
		;;
	*) not_ok "$phase" "no such phase" ;;
	esac
done
