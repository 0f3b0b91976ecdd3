#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Re-export a tree that holds exactly patches/ and compare: the export must be byte-identical.
# Usage: scripts/check-export.sh [-t TREE -b BRANCH]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() { echo "Usage: $0 [-t TREE -b BRANCH]" >&2; exit 2; }
args=()
while getopts t:b: opt; do
	case $opt in t | b) args+=("-$opt" "$OPTARG") ;; *) usage ;; esac
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$PATCHES/series" "$tmp/series"
"$TOP/scripts/export-series.sh" -o "$tmp" "${args[@]}"
if ! diff -ru --exclude=README* "$PATCHES" "$tmp"; then
	die "re-export differs from patches/ (diff above)" 1
fi
echo "re-export is byte-identical: $(find "$tmp" -type f | wc -l) files"
