#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Show that hotpath runs the kernels' own machine code: for each design, the normalised
# disassembly of every timed function in the linked harness against the same function in its
# kernel's mm/vmstat.o, side by side (diff -y), and a verdict; exit 1 when any pair differs.
# -x compares each design's functions with the next design's object instead: the negative
# control (make check asserts that it finds the difference). Normalised: numbers -> N,
# branches inside the function -> L<instruction index>, the return thunk -> ret, NOPs and
# ENDBR64 dropped, the harness's symbol prefix (dN_) dropped.
# Usage: bench/hotpath/check-hotpath.sh [-x] [-w WIDTH] LABEL=KERNEL_OBJDIR...
set -euo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"

usage() {
	echo "Usage: $0 [-x] [-w WIDTH] LABEL=KERNEL_OBJDIR..." >&2
	exit 2
}
swap=0 width=150
while getopts xw: opt; do
	case $opt in x) swap=1 ;; w) width=$OPTARG ;; *) usage ;; esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || usage
[ "$swap" = 0 ] || [ $# -ge 2 ] || die "-x needs two designs or more" 2
need_cmd objdump binutils
designs=("$@")
bin=$("$TOP/bench/hotpath/run-hotpath.sh" -B "${designs[@]}") || exit 2
mapfile -t syms < <(python3 "$TOP/bench/hotpath/gen-designs.py" --list)

# normalise FILE SYMBOL: one normalised instruction a line
# (from the symbol's address to its end by its size: --disassemble=SYM stops at the next
# symbol, which in an object can sit inside the function)
normalise() {
	local v sec size
	read -r v sec size < <(objdump -t "$1" | awk -v sym="$2" '$NF == sym { print $1, $(NF - 2), $(NF - 1) }')
	[ -n "${size:-}" ] || return 0
	objdump -dr --no-show-raw-insn -j "$sec" --start-address=$((16#$v)) \
		--stop-address=$((16#$v + 16#$size)) "$1" | awk -v sym="$2" '
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
			if (rel[j] ~ /^__x86_return_thunk/ || t ~ /<(d[0-9]+_)?__x86_return_thunk>$/) t = "ret"
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
echo "# harness: $bin"
bad=0 n=0
for ((i = 0; i < ${#designs[@]}; i++)); do
	j=$(((i + swap) % ${#designs[@]}))
	obj=${designs[j]#*=}/mm/vmstat.o
	echo "# design ${designs[i]%%=*} (harness d${i}_*) against $obj"
	for s in "${syms[@]}"; do
		n=$((n + 1))
		normalise "$obj" "$s" >"$tmp/k"
		normalise "$bin" "d${i}_$s" | sed -E 's/<d[0-9]+_/</g' >"$tmp/h"
		if [ ! -s "$tmp/k" ] || [ ! -s "$tmp/h" ]; then
			echo "== $s: MISSING (kernel $(wc -l <"$tmp/k") insns, harness $(wc -l <"$tmp/h") insns)"
			bad=1
		elif cmp -s "$tmp/k" "$tmp/h"; then
			echo "== $s: MATCH ($(wc -l <"$tmp/k") insns)"
		else
			echo "== $s: DIFFER (kernel $(wc -l <"$tmp/k") insns, harness $(wc -l <"$tmp/h") insns)"
			printf '%-*s %s\n' $(((width - 3) / 2)) "kernel $s" "harness d${i}_$s"
			diff -y -t -W "$width" "$tmp/k" "$tmp/h" || true
			bad=1
		fi
	done
done
if [ "$bad" = 0 ]; then
	echo "check-hotpath: all $n functions match their objects"
else
	echo "check-hotpath: some functions differ or are missing"
fi
exit "$bad"
