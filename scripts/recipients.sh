#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Record who the queue goes to: the kernel's scripts/get_maintainer.pl over the queue's patches
# (the cover letter aside), in the queue's tree, split as git send-email takes it: To: the
# memory management maintainers and linux-mm, Cc: everyone else it names. Writes
# recipients$qsfx.txt (recipients-7.2.txt for QUEUE=7.2), with get_maintainer.pl's roles.
# Usage: scripts/recipients.sh [-t TREE]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() { echo "Usage: $0 [-t TREE]" >&2; exit 2; }
while getopts t: opt; do
	case $opt in t) TREE=$OPTARG ;; *) usage ;; esac
done
[ -f "$TREE/scripts/get_maintainer.pl" ] || die "no $TREE/scripts/get_maintainer.pl; run 'make tree' first" 2
mapfile -t names < <(series_names)
[ "${#names[@]}" -gt 0 ] || die "no patches in $PATCHES/series" 2
out=$TOP/recipients$qsfx.txt
roles=$(cd "$TREE" && perl scripts/get_maintainer.pl --no-git --no-git-fallback "${names[@]/#/$PATCHES/}")
{
	echo "# scripts/get_maintainer.pl --no-git --no-git-fallback over ${PATCHES#"$TOP"/}/ (${#names[@]} patches)"
	echo "# in the tree of $(git -C "$TREE" log -1 --format=%s base); make recipients QUEUE=$QUEUE writes it"
	awk '
	{ addr = $0; sub(/ \([^()]*(\([^()]*\)[^()]*)*\)$/, "", addr) }
	/\((maintainer|open list):MEMORY MANAGEMENT( - CORE)?\)$/ || addr == "linux-mm@kvack.org" { to = to "To: " addr "\n"; next }
	{ cc = cc "Cc: " addr "\n" }
	END { printf "%s%s", to, cc }' <<<"$roles"
	echo "# roles:"
	awk '{ print "# " $0 }' <<<"$roles"
} >"$out"
log "wrote ${out#"$TOP"/}: $(grep -c '^To:' "$out") To, $(grep -c '^Cc:' "$out") Cc"
