# shellcheck shell=bash
# shellcheck disable=SC2034 # n, fail and T are the jobs'
# SPDX-License-Identifier: GPL-2.0
# guest/lib.sh: functions shared by the guest jobs, at /guest/lib.sh in the initramfs. Source it.
# The KTAP counters: n the last test number, fail 1 once a test failed.
n=0 fail=0
T=/sys/kernel/tracing

ok() { n=$((n + 1)); echo "ok $n $1${2:+ # $2}"; }
not_ok() { n=$((n + 1)); echo "not ok $n $1 # $2"; fail=1; }

# wait_for SECONDS CMD...: poll CMD every second until it succeeds or SECONDS have passed.
wait_for() {
	local i
	for i in $(seq 1 "$1"); do
		"${@:2}" && return 0
		sleep 1
	done
	return 1
}

# shepherd_runs: the vmstat_shepherd work items completed since the trace was cleared, with
# workqueue_execute_end filtered to vmstat_shepherd (trace_shepherd).
shepherd_runs() { grep -c 'workqueue_execute_end:.*vmstat_shepherd' "$T/trace"; }
trace_shepherd() {
	local e=$T/events/workqueue/workqueue_execute_end
	echo 0 >"$T/tracing_on"
	echo 4096 >"$T/buffer_size_kb"
	echo >"$T/trace"
	echo 'function.function == vmstat_shepherd' >"$e/filter"
	echo 1 >"$e/enable"
	echo 1 >"$T/tracing_on"
}

# snapshot: stat_refresh, then /proc/zoneinfo, /proc/buddyinfo and /proc/pagetypeinfo read
# into snap_zi, snap_bi and snap_pt with bash builtins: nothing forks or execs between the
# fold and the reads, so that the reader's own allocations move no page meanwhile.
snapshot() {
	echo 1 >/proc/sys/vm/stat_refresh
	mapfile -t snap_zi </proc/zoneinfo
	mapfile -t snap_bi </proc/buddyinfo
	mapfile -t snap_pt </proc/pagetypeinfo
}

# free_counts: "node zone pages" lines, each zone's nr_free_pages in the snapshot.
free_counts() {
	printf '%s\n' "${snap_zi[@]}" |
		awk '/^Node/ { sub(",", "", $2); z = $2 " " $4 } $1 == "nr_free_pages" { print z, $2 }'
}

# buddy_counts: the pages on each zone's buddy lists in the snapshot, less those in isolated
# pageblocks, which nr_free_pages leaves out: "node zone pages" lines.
buddy_counts() {
	{ printf '%s\n' "${snap_bi[@]}"; echo '#pagetypeinfo'; printf '%s\n' "${snap_pt[@]}"; } |
	awk '	function pages(first,   i, s, p) {
			s = 0; p = 1
			for (i = first; i <= NF; i++) { s += $i * p; p *= 2 }
			return s
		}
		$0 == "#pagetypeinfo" { pt = 1; next }
		!pt { sub(",", "", $2); z = $2 " " $4; order[++nz] = z; b[z] = pages(5) }
		pt && $1 == "Node" && $6 == "Isolate" {
			sub(",", "", $2); sub(",", "", $4); b[$2 " " $4] -= pages(7)
		}
		END { for (i = 1; i <= nz; i++) print order[i], b[order[i]] }
	'
}

# free_pages_exact NAME TRIES: test NAME, that every zone's nr_free_pages equals its buddy
# lists (free_counts against buddy_counts) in one of TRIES snapshots 2 s apart: a pass that
# decays pcp->high between the snapshot's reads moves pages. Each read that differs is printed
# on stderr. On failure the message gives, for each zone that differed, its difference in
# every read (a constant one is a count lost; a changing one, activity between the reads), and
# the page migrations and compaction meanwhile.
free_pages_exact() {
	local i f b line miss diffs='' act0
	act0=$(activity)
	for i in $(seq 1 "$2"); do
		snapshot
		f=$(free_counts) b=$(buddy_counts)
		# buddyinfo lists populated zones only: each of its lines must be one of zoneinfo's.
		miss=0
		while read -r line; do grep -qxF "$line" <<<"$f" || miss=1; done <<<"$b"
		if [ -n "$b" ] && [ "$miss" = 0 ]; then
			ok "$1" "read $i: $(echo "$b" | tr '\n' ';')"
			return 0
		fi
		echo "vmstat: read $i: nr_free_pages $(echo "$f" | tr '\n' ';')" \
			"buddy $(echo "$b" | tr '\n' ';')" >&2
		diffs+=$(awk 'NR == FNR { f[$1 " " $2] = $3; next } ($1 " " $2) in f { print $1, $2, f[$1 " " $2] - $3 }' \
			<(echo "$f") <(echo "$b"))$'\n'
		sleep 2
	done
	not_ok "$1" "nr_free_pages minus buddy, read by read: $(echo "$diffs" | awk '
		NF == 3 && $3 != 0 { z = $1 " " $2; if (!(z in d)) o[++n] = z; d[z] = d[z] " " ($3 > 0 ? "+" : "") $3 }
		END { for (i = 1; i <= n; i++) printf "%s%s:%s", (i > 1 ? "; " : ""), o[i], d[o[i]] }'); $(activity_since "$act0")"
	grep -E 'type +Isolate' /proc/pagetypeinfo | sed 's/^/vmstat: /' >&2
	grep -E '^(nr_free_pages|nr_free_cma|nr_zone_|nr_mlock|nr_isolated)' /proc/vmstat | sed 's/^/vmstat: /' >&2
}

# activity: the /proc/vmstat counters of page migration and compaction, "name value" lines.
activity() { grep -E '^(pgmigrate_success|compact_isolated|compact_stall|compact_daemon_wake) ' /proc/vmstat; }
# activity_since BEFORE: how much each of those counters grew since BEFORE (activity's output).
activity_since() {
	awk 'NR == FNR { a[$1] = $2; next } { printf "%s%s +%d", n++ ? ", " : "", $1, $2 - a[$1] }' \
		<(echo "$1") <(activity)
}

# dimm_online: test dimm_online: set blocks to the memory blocks of node 1 that are offline
# (the DIMM of boot-guest.sh -d, offline at boot with memhp_default_state=offline) and online
# them movable; fails when there are none or one does not come online.
dimm_online() {
	local b online=0
	blocks=()
	for b in /sys/devices/system/memory/memory*; do
		[ -e "$b/node1" ] && [ "$(cat "$b/state")" = offline ] && blocks+=("${b##*/memory}")
	done
	for b in "${blocks[@]}"; do
		echo online_movable >"/sys/devices/system/memory/memory$b/state" && online=$((online + 1))
	done
	if [ "${#blocks[@]}" = 0 ] || [ "$online" != "${#blocks[@]}" ]; then
		not_ok dimm_online "${#blocks[@]} DIMM blocks, $online of them onlined movable"
		return 1
	fi
	ok dimm_online "blocks ${blocks[*]}, $(movable_present) pages in node 1's Movable zone"
}

# node 1's Movable zone (the DIMM's): its present pages.
movable_present() {
	awk '/^Node/ { z = ($2 == "1," && $4 == "Movable") } z && $1 == "present" { print $2 }' \
		/proc/zoneinfo
}
