#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The series' documentation builds clean. kernel-doc: every comment in the C files and headers
# the series touches (scripts/kernel-doc -none), no warning that the base's same files do not
# give (line numbers aside). Sphinx: make htmldocs of the Documentation/ directories the series
# touches (SPHINXDIRS), no warning or error that names a file the series touches.
# -m first shows the Sphinx check can fail: a heading of the vm sysctl guide underlined too
# short must be found, and the file is restored.
# Usage: scripts/check-docs.sh [-m] [-t TREE]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() { echo "Usage: $0 [-m] [-t TREE]" >&2; exit 2; }
mutate=0
while getopts mt: opt; do
	case $opt in m) mutate=1 ;; t) TREE=$OPTARG ;; *) usage ;; esac
done
[ -f "$TREE/Makefile" ] || die "no kernel tree at $TREE; run 'make tree' first" 2
need_cmd sphinx-build python3-sphinx
TREE=$(cd "$TREE" && pwd)
mapfile -t files < <(git -C "$TREE" diff --name-only base HEAD)
src=() docs=() dirs=()
for f in "${files[@]}"; do
	[ -f "$TREE/$f" ] || continue
	case $f in
	*.c | *.h) src+=("$f") ;;
	Documentation/*.rst)
		docs+=("$f") d=${f#Documentation/} d=${d%%/*}
		[[ " ${dirs[*]} " == *" $d "* ]] || dirs+=("$d") ;;
	esac
done
fail=0
if [ "$mutate" = 1 ]; then
	rst=$TREE/Documentation/admin-guide/sysctl/vm.rst
	cp "$rst" "$rst.orig"
	trap 'mv "$rst.orig" "$rst"' EXIT
	sed -i '/^stat_refresh$/{n;s/^=*$/====/}' "$rst"
	cmp -s "$rst" "$rst.orig" && die "mutation did not apply to $rst" 1
fi

# kerneldoc REV: the warnings of kernel-doc -none on the touched sources as they are at REV
# (the files REV lacks are skipped), without line numbers.
kerneldoc() {
	local f tmp
	tmp=$(mktemp -d)
	for f in "${src[@]}"; do
		git -C "$TREE" show "$1:$f" >"$tmp/src" 2>/dev/null || continue
		(cd "$TREE" && perl scripts/kernel-doc -none "$tmp/src" 2>&1) |
			sed -E "s|$tmp/src|$f|; s|:[0-9]+:|:|"
	done
	rm -rf "$tmp"
}
new=$(comm -13 <(kerneldoc base | sort -u) <(kerneldoc HEAD | sort -u))
echo "kernel-doc -none on ${#src[@]} touched sources: $([ -z "$new" ] && echo "no new warning" || echo "NEW WARNINGS")"
if [ -n "$new" ]; then printf '%s\n' "$new" | sed 's/^/    /'; fail=1; fi

if [ ${#dirs[@]} -gt 0 ]; then
	log "htmldocs SPHINXDIRS='${dirs[*]}' (the series touches ${docs[*]})"
	out=$TREE/.obj/htmldocs
	mkdir -p "$out"
	# Sphinx reports a file's warnings only when it reads it again: make it read these.
	(cd "$TREE" && touch "${docs[@]}")
	make -C "$TREE" O="$out" SPHINXDIRS="${dirs[*]}" htmldocs >"$out/build.log" 2>&1 ||
		die "make htmldocs failed (log: $out/build.log)"
	found=$(grep -E '(WARNING|ERROR|CRITICAL)' "$out/build.log" | grep -F -f <(printf '%s\n' "${docs[@]}") || true)
	echo "htmldocs of ${dirs[*]}: $(grep -cE '(WARNING|ERROR)' "$out/build.log" || true) warnings in all," \
		"$([ -z "$found" ] && echo "none in a touched file" || echo "SOME IN A TOUCHED FILE")"
	if [ -n "$found" ]; then printf '%s\n' "$found" | sed 's/^/    /'; fail=1; fi
fi
if [ "$mutate" = 1 ]; then
	[ "$fail" = 1 ] || die "the short underline in vm.rst went unnoticed: the check cannot fail" 1
	echo "mutation detected: the check can fail"
	exit 0
fi
exit "$fail"
