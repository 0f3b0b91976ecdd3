#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Run the kernel's checkpatch.pl --strict on every patch in patches/series. Errors and
# warnings fail; a CHECK, or the FILE_PATH_CHANGES warning (it fires on every new file, whether
# or not MAINTAINERS covers it), fails unless checkpatch-allow.txt justifies it. Quiet when clean:
# one line per patch with findings, then a total.
# Usage: scripts/check-patches.sh [-t TREE]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() { echo "Usage: $0 [-t TREE]" >&2; exit 2; }
while getopts t: opt; do
	case $opt in t) TREE=$OPTARG ;; *) usage ;; esac
done
cp=$TREE/scripts/checkpatch.pl
[ -f "$cp" ] || die "no $cp; run 'make tree' first" 2
allow=$TOP/checkpatch-allow.txt
total=0 bad=0

# allowed PATCH TYPE: true when checkpatch-allow.txt justifies finding TYPE in PATCH.
allowed() {
	local glob t _
	[ -f "$allow" ] || return 1
	while read -r glob t _; do
		case $glob in '#'* | '') continue ;; esac
		# shellcheck disable=SC2053  # the first word is a glob over patch names
		if [[ $1 == $glob && $2 == "$t" ]]; then return 0; fi
	done <"$allow"
	return 1
}

while IFS= read -r p; do
	total=$((total + 1))
	# --show-types gives "CHECK:TYPE: message"; an allowed line is "PATCH-GLOB TYPE reason".
	# Debian's python3 first: spdxcheck.py needs its python3-ply, which a pyenv python lacks.
	out=$(cd "$TREE" || exit; PATH=/usr/bin:$PATH perl scripts/checkpatch.pl --strict --show-types --no-summary \
		--quiet --terse "$PATCHES/$p" 2>&1) || true
	findings=$(printf '%s\n' "$out" | { grep -E ':[0-9]+: (ERROR|WARNING|CHECK):' || true; } |
		while IFS= read -r f; do
			type=$(printf '%s' "$f" | sed -E 's/.*: (ERROR|WARNING|CHECK):([A-Z_0-9]+):.*/\1 \2/')
			case $type in
			CHECK* | 'WARNING FILE_PATH_CHANGES') allowable=1 ;;
			*) allowable=0 ;;
			esac
			if [ "$allowable" = 1 ] && allowed "$p" "${type#* }"; then
				continue
			fi
			printf '%s\n' "${f#"$PATCHES"/}"
		done)
	if [ -n "$findings" ]; then
		bad=$((bad + 1))
		printf 'FAIL %s\n' "$p"
		printf '%s\n' "$findings" | sed 's/^/    /'
	fi
done < <(series_names)
echo "checkpatch --strict: $total patches, $bad with findings"
[ "$bad" = 0 ]
