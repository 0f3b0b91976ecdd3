#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Re-export a tree that holds exactly patches/ and compare: the export must be byte-identical.
# On a drifted base (the tree's base is not BASE's commit) the export is compared with a second
# export of the same tree, byte for byte, and with patches/ ignoring only what the base
# determines: base-commit:, the index lines' blob hashes and the hunk headers.
# Usage: scripts/check-export.sh [-t TREE -b BRANCH]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() { echo "Usage: $0 [-t TREE -b BRANCH]" >&2; exit 2; }
args=()
while getopts t:b: opt; do
	case $opt in t | b) args+=("-$opt" "$OPTARG") ;; *) usage ;; esac
	case $opt in t) TREE=$OPTARG ;; *) ;; esac
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# export DIR: export the tree into DIR, starting from patches/' series file (its # lines).
export_to() {
	mkdir -p "$1"
	cp "$PATCHES/series" "$1/series"
	"$TOP/scripts/export-series.sh" -o "$1" "${args[@]}"
}
# normalize DIR OUT: copy DIR to OUT without what the base determines.
normalize() {
	mkdir -p "$2"
	for f in "$1"/*; do
		sed -E 's/^base-commit: [0-9a-f]+$/base-commit: (base)/
			s/^index [0-9a-f]+\.\.[0-9a-f]+/index (blob)..(blob)/
			s/^@@ -[0-9]+(,[0-9]+)? \+[0-9]+(,[0-9]+)? @@.*/@@ (hunk) @@/' "$f" >"$2/${f##*/}"
	done
}
export_to "$tmp/a"
if [ "$(kgit rev-parse base)" = "$(base_field commit)" ]; then
	diff -ru --exclude=README* "$PATCHES" "$tmp/a" || die "re-export differs from patches/ (diff above)" 1
	echo "re-export is byte-identical: $(find "$tmp/a" -type f | wc -l) files"
	exit 0
fi
echo "note: $(drift || true)"
echo "note: the tree's base $(kgit rev-parse --short base) is not BASE's $(base_field commit | cut -c1-12): exported twice, and compared with patches/ up to the base's lines"
export_to "$tmp/b"
diff -ru "$tmp/a" "$tmp/b" || die "two exports of the same tree differ (diff above): the export is not deterministic" 1
normalize "$PATCHES" "$tmp/want"
normalize "$tmp/a" "$tmp/got"
rm -f "$tmp"/want/README*
diff -ru "$tmp/want" "$tmp/got" ||
	die "re-export differs from patches/ in more than base-commit:, index and hunk lines (diff above)" 1
echo "two exports are byte-identical, and equal patches/ up to the base's lines: $(find "$tmp/a" -type f | wc -l) files"
