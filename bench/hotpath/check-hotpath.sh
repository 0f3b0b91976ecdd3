#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Compare hotpath's update functions with a built mm/vmstat.o: print each pair's normalised
# disassembly side by side (diff -y) and a verdict; exit 1 when any pair differs. Normalised:
# numbers -> N, branches inside the function -> L<instruction index>, the return thunk -> ret,
# NOPs and ENDBR64 dropped; opcodes, registers and addressing forms are kept.
# Usage: bench/hotpath/check-hotpath.sh [-d 6.12|v1] [-k VMSTAT_O] [-w WIDTH] [SYMBOL...]
set -euo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"

usage() {
	echo "Usage: $0 [-d 6.12|v1] [-k VMSTAT_O] [-w WIDTH] [SYMBOL...]" >&2
	echo "  -d  the design the object was built from: 6.12 (base) or v1 (the series; default)" >&2
	echo "  -k  default: $TREE/.obj/x86_64/mm/vmstat.o" >&2
	exit 2
}
design=v1 obj=$TREE/.obj/x86_64/mm/vmstat.o width=150
while getopts d:k:w: opt; do
	case $opt in d) design=$OPTARG ;; k) obj=$OPTARG ;; w) width=$OPTARG ;; *) usage ;; esac
done
shift $((OPTIND - 1))
case $design in 6.12) prefix=k612 ;; v1) prefix=v1 ;; *) usage ;; esac
[ -f "$obj" ] || die "no object $obj; build the kernel first" 2
need_cmd objdump binutils
syms=("$@")
[ ${#syms[@]} -gt 0 ] || syms=(__mod_zone_page_state mod_zone_page_state __inc_zone_state
	__dec_zone_state __mod_node_page_state mod_node_page_state __inc_node_state inc_node_state)
bin=$("$TOP/bench/hotpath/run-hotpath.sh" -B)

# normalise FILE SYMBOL: one normalised instruction a line
normalise() {
	objdump -dr --no-show-raw-insn --disassemble="$2" "$1" | awk -v sym="$2" '
	$0 ~ "^[0-9a-f]+ <" sym ">:$" { infn = 1; next }
	!infn { next }
	/^$/ { exit }
	/R_X86_64_/ { if (n) rel[n] = $NF; next }	# relocation: belongs to the last insn
	{
		i = index($0, "\t"); if (!i) next
		a = substr($0, 1, i - 1); gsub(/[ :]/, "", a)
		t = substr($0, i + 1); sub(/ *#.*/, "", t); gsub(/[ \t]+/, " ", t); sub(/ $/, "", t)
		n++; addr[n] = a; txt[n] = t
	}
	END {
		k = 0
		for (j = 1; j <= n; j++) {	# index of the next kept insn for every address
			drop[j] = txt[j] ~ /^(nop|xchg %ax,%ax|cs nop|data16|int3|endbr64)/
			if (!drop[j]) k++
			idx[addr[j]] = drop[j] ? k + 1 : k
		}
		for (j = 1; j <= n; j++) {
			if (drop[j]) continue
			t = txt[j]
			if (rel[j] ~ /^__x86_return_thunk/ || t ~ /<__x86_return_thunk>$/) t = "ret"
			else if (t ~ /^(j[a-z]+|call) [0-9a-f]+ </) {
				split(t, w, " ")
				if (rel[j] != "") { s = rel[j]; sub(/[-+]0x[0-9a-f]+$/, "", s); t = w[1] " <" s ">" }
				else if (w[2] in idx && w[3] ~ ("^<" sym "[+>]")) t = w[1] " L" idx[w[2]]
				else { s = w[3]; sub(/\+0x[0-9a-f]+>$/, ">", s); t = w[1] " " s }
			}
			gsub(/0x[0-9a-f]+/, "N", t)
			print t
		}
	}'
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cfg=$(dirname "$obj")/../.config
[ -f "$cfg" ] || cfg=$(dirname "$obj")/../../.config
echo "# kernel object: $obj (design $design); harness: $bin (${prefix}_SYMBOL)"
if [ -f "$cfg" ]; then
	dbg=$(grep -E '^CONFIG_(DEBUG_PREEMPT|PROVE_LOCKING|DEBUG_VM|KASAN|KCSAN|GCOV_KERNEL)=y' "$cfg" |
		paste -sd' ' || true)
	[ -z "$dbg" ] || echo "# note: the object's config has $dbg: debug code a distro kernel lacks"
fi
bad=0
for s in "${syms[@]}"; do
	normalise "$obj" "$s" >"$tmp/k"
	normalise "$bin" "${prefix}_$s" >"$tmp/h"
	echo
	if [ ! -s "$tmp/k" ] || [ ! -s "$tmp/h" ]; then
		echo "== $s: MISSING (kernel $(wc -l <"$tmp/k") insns, harness $(wc -l <"$tmp/h") insns)"
		bad=1
		continue
	fi
	if cmp -s "$tmp/k" "$tmp/h"; then
		echo "== $s: MATCH ($(wc -l <"$tmp/k") insns)"
	else
		echo "== $s: DIFFER (kernel $(wc -l <"$tmp/k") insns, harness $(wc -l <"$tmp/h") insns)"
		bad=1
	fi
	printf '%-*s %s\n' $(((width - 3) / 2)) "kernel $s" "harness ${prefix}_$s"
	diff -y -t -W "$width" "$tmp/k" "$tmp/h" || true
done
echo
if [ "$bad" = 0 ]; then
	echo "check-hotpath: all ${#syms[@]} functions match"
else
	echo "check-hotpath: some functions differ or are missing"
fi
exit "$bad"
