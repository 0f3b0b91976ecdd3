#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bench: what the series costs and what it buys, against 6.12, in one run. Builds the
# base, the series as committed (patches/ at HEAD) and any other revision's patches/ with
# configs/bench.config (no debug options); times their update functions on this CPU
# (bench/hotpath); boots each kernel in the same QEMU TCG guest, alternated, for the
# per-operation counts, the in-guest A/B, staleness, per-CPU work and idle wakeups; boots
# them with more vCPUs for the pass's cost; writes results/<date>-bench/ (CSV, JSON, report.md,
# PNG plots). -u also copies the report and plots into bench/README.md and bench/plots/.
# Usage: bench/run-bench.sh [-r REV]... [-b BOOTS] [-s "NCPUS..."] [-q] [-u]
set -euo pipefail
. "$(dirname "$0")/../scripts/lib.sh"

usage() {
	echo "Usage: $0 [-r REV]... [-b BOOTS] [-s \"NCPUS...\"] [-q] [-u]" >&2
	echo "  -r  also measure patches/ of this repository's git revision REV (label: REV)" >&2
	echo "  -b  boots of each kernel for the A/B (default 2); -s  vCPU counts of the scale runs" >&2
	echo "  -q  quick: short windows, for trying the tooling; -u  update bench/README.md" >&2
	exit 2
}
revs=() boots=2 sizes='2 4 8 16' quick=0 update=0
while getopts r:b:s:qu opt; do
	case $opt in
	r) revs+=("$OPTARG") ;; b) boots=$OPTARG ;; s) sizes=$OPTARG ;; q) quick=1 ;; u) update=1 ;;
	*) usage ;;
	esac
done
[[ $boots =~ ^[1-9][0-9]*$ ]] || die "-b takes a number of boots, not '$boots'" 2
for n in $sizes; do [[ $n =~ ^[1-9][0-9]*$ && $((n % 2)) = 0 && $n -le 64 ]] ||
	die "-s takes even vCPU counts up to 64 (configs/bench.config's NR_CPUS), not '$n'" 2; done
for r in "${revs[@]}"; do
	git -C "$TOP" rev-parse -q --verify "$r^{commit}" >/dev/null || die "-r $r: not a revision of $TOP" 2
	git -C "$TOP" cat-file -e "$r:patches/series" 2>/dev/null || die "-r $r: that revision has no patches/series" 2
	[[ $r =~ ^[A-Za-z0-9._+-]+$ ]] || die "-r $r: name the revision in letters, digits and ._+- (a branch, tag or hash)" 2
done
need_cmd gnuplot gnuplot-nox
need_cmd qemu-system-x86_64 qemu-system-x86
[ -e "$TREE/.git" ] || die "no scratch tree $TREE; run 'make' first" 2
drift_note

res=$TOP/results/$(date +%Y%m%d-%H%M%S)-bench
mkdir -p "$res/trees"
bench=$BUILD/bench iso='isolcpus=nohz,domain,3 nohz_full=3'
secs=60 reps=5
[ "$quick" = 0 ] || secs=10 reps=2

# tree LABEL REV: the worktree build/bench/LABEL holding the base plus REV's patches/ (none
# for the base itself), built with configs/bench.config.
tree() {
	local label=$1 rev=$2 wt=$bench/$1 p stamp
	[ -e "$wt/.git" ] || git -C "$TREE" worktree add -q --detach "$wt" base
	if [ "$rev" = base ]; then
		git -C "$wt" checkout -q -f --detach base
	else
		p=$res/trees/$label-patches
		mkdir -p "$p"
		git -C "$TOP" archive "$rev" patches | tar -x -C "$p" --strip-components=1
		# Applied again only when the patches or the base changed: a re-apply touches
		# percpu.h and rebuilds the whole kernel.
		stamp=$( (cat "$p"/*; git -C "$TREE" rev-parse base) | sha256sum | cut -c1-16)
		if [ "$(cat "$wt/.obj/bench-stamp" 2>/dev/null)" != "$stamp" ]; then
			VMSTAT_PATCHES=$p "$TOP/scripts/apply-series.sh" -f -t "$wt" -b "bench-$label" >&2
			mkdir -p "$wt/.obj"
			echo "$stamp" >"$wt/.obj/bench-stamp"
		fi
	fi
	"$TOP/scripts/build-kernel.sh" -s "$wt" -n x86_64-bench -f "$TOP/configs/bench.config" >&2
	echo "kernel $label: $(if [ "$rev" = base ]; then echo "the base"; else echo "base + patches/ of $rev ($(git -C "$TOP" rev-parse --short "$rev"))"; fi), $(git -C "$wt" describe --always), configs/bench.config" >>"$res/meta.txt"
}

{
	echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "host: $(sed -n 's/^model name\t*: //p' /proc/cpuinfo | head -n 1), $(nproc) CPUs, $(free -g | awk '/^Mem/ { print $2 }') GiB, load average $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "base: $(base_field package) $(installed_version)"
	echo "guest: QEMU TCG $(qemu-system-x86_64 --version | head -n 1 | awk '{ print $4 }'), 4 vCPUs in 2 nodes, $iso"
} >"$res/meta.txt"
labels=(base series)
tree base base
tree series HEAD
for r in "${revs[@]}"; do labels+=("$r"); tree "$r" "$r"; done
kernel() { echo "$bench/$1/.obj/x86_64-bench/arch/x86/boot/bzImage"; }

log "bench 1/4: hot path on this CPU (${labels[*]})"
designs=()
for l in "${labels[@]}"; do designs+=("$l=$bench/$l/.obj/x86_64-bench"); done
hp=$TOP/bench/hotpath/run-hotpath.sh
"$TOP/bench/hotpath/check-hotpath.sh" "${designs[@]}" >"$res/check-hotpath.txt" ||
	die "the harness does not run the objects' code (see $res/check-hotpath.txt)"
{
	"$hp" -p "$(nproc)" "${designs[@]}" -- -c warm
	"$hp" -p "$(nproc)" "${designs[@]}" -- -c flush | grep -v '^variant,'
} >"$res/hotpath.csv"
echo "label,struct,size_bytes,cache_lines" >"$res/layout.csv"
sed -n 's/^layout,//p' "$BUILD/hotpath/$(printf '%s\n' "${designs[@]}" | sha256sum | cut -c1-12)/designs.txt" |
	while IFS=, read -r l z n _; do
		echo "$l,per_cpu_zonestat,$z,$(((z + 63) / 64))"
		echo "$l,per_cpu_nodestat,$n,$(((n + 63) / 64))"
	done >>"$res/layout.csv"

# The pass's reads on this machine's caches, for each kernel's layout in the 1024-CPU shape
# (10 zones, 8 nodes) scaled down to 64 CPUs, which fit one core's L2 (passcost.c).
pc=$BUILD/hotpath/passcost
run gcc -O2 -Wall -pthread -o "$pc" "$TOP/bench/hotpath/passcost.c"
echo "label,mode,cpus,lines,ns_per_pass_p10,ns_per_pass_p50,ns_per_pass_p90,ns_per_line_p50" >"$res/passcost.csv"
if [ "$(nproc)" -ge 2 ]; then
	while IFS=, read -r l st size _; do
		[ "$st" = per_cpu_zonestat ] && z=$size && continue
		for m in remote chase local; do
			echo "$l,$("$pc" -z "$z" -n "$size" -Z 10 -N 8 -c 64 -m "$m")"
		done
	done < <(tail -n +2 "$res/layout.csv") >>"$res/passcost.csv"
else
	log "note: one CPU here: no pass cost on this machine's caches"
fi

log "bench 2/4: guest program and initramfs"
"$TOP/bench/build-bench-prog.sh"
initrd=$BUILD/initrd-bench.cpio.gz
"$TOP/scripts/mkinitrd.sh" "$initrd" "$BUILD/bench/vmstat-bench"

# boot DIR ARGS...: one guest of the bench job into DIR, once more if it fails (QEMU TCG's
# cross-modifying code sometimes leaves an int3 of a text patch behind: README, Known flakes);
# the failed run stays beside it as DIR.failed. A benchmark may retry; a test may not.
boot() {
	local dir=$1
	shift
	"$TOP/scripts/boot-guest.sh" -j bench -i "$initrd" -t 1800 -r "$dir" "$@" && return 0
	log "note: boot ${dir#"$res"/} failed ($(grep -m1 -oE 'Oops[^[]*|BUG[^[]*|host-side timeout' "$dir/console.log" || echo 'see its console.log')); once more"
	rm -rf "$dir.failed"
	mv "$dir" "$dir.failed"
	"$TOP/scripts/boot-guest.sh" -j bench -i "$initrd" -t 1800 -r "$dir" "$@" ||
		log "note: boot ${dir#"$res"/} failed again; the report says which phases are missing"
}

log "bench 3/4: $boots rounds of guest boots, kernels alternated (QEMU TCG)"
for ((i = 1; i <= boots; i++)); do
	phases=counts,ab,stale,work,idle
	[ "$i" = 1 ] || phases=ab
	for l in "${labels[@]}"; do
		boot "$res/guest/$l-$i" -k "$(kernel "$l")" \
			-c "$iso vmtest.phases=$phases vmtest.secs=$secs vmtest.reps=$reps"
	done
done

log "bench 4/4: the pass's cost with $sizes vCPUs"
for n in $sizes; do
	for l in "${labels[@]}"; do
		boot "$res/scale/$l-$n" -k "$(kernel "$l")" -n "$n" -c "vmtest.phases=pass vmtest.secs=$((secs / 2))"
	done
done

args=()
[ "$update" = 0 ] || args=(--readme "$TOP/bench/README.md" --plots-dir plots)
python3 "$TOP/bench/report.py" "$res" "${args[@]}"
if [ "$update" = 1 ]; then
	mkdir -p "$TOP/bench/plots"
	cp "$res"/*.png "$TOP/bench/plots/" 2>/dev/null || log "note: no plots to copy (gnuplot failed?)"
fi
log "bench: results in ${res#"$TOP"/}: report.md, results.json, *.png"
