#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Write the scratch tree's commits since base back to patches/ as git format-patch output:
# cover letter (from the branch description), numbered patches, series, base-commit and
# change-id trailers. Every setting that shapes the output is pinned here, so re-exporting
# an unchanged tree is byte-identical. `#` lines in series stay with the patch they precede.
# Usage: scripts/export-series.sh [-o DIR] [-t TREE -b BRANCH]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() { echo "Usage: $0 [-o DIR] [-t TREE -b BRANCH]" >&2; exit 2; }
outdir=$PATCHES
while getopts o:t:b: opt; do
	case $opt in o) outdir=$OPTARG ;; t) TREE=$OPTARG ;; b) BRANCH=$OPTARG ;; *) usage ;; esac
done
[ -e "$TREE/.git" ] || die "no scratch tree at $TREE; run 'make tree' first" 2
kgit rev-parse -q --verify base >/dev/null || die "$TREE has no 'base' tag; run 'make tree'" 2
kgit merge-base --is-ancestor base HEAD || die "HEAD of $TREE does not descend from base" 2
[ "$(kgit symbolic-ref -q --short HEAD)" = "$BRANCH" ] || die "$TREE is not on branch $BRANCH" 2
dirty=$(kgit status --porcelain --untracked-files=no | awk 'NR <= 3')
[ -z "$dirty" ] || log "warning: uncommitted changes in $TREE are not exported: $(echo "$dirty" | tr '\n' ' ')"
# Debian's top-level .gitignore ends with "/*": a new file needs git add -f.
new=$(tree_changes | sed -n 's/^!! //p' | awk 'NR <= 3')
[ -z "$new" ] || log "warning: files not in git are not exported (new files need 'git add -f'): $(echo "$new" | tr '\n' ' ')"

n=$(kgit rev-list --count base..HEAD)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
desc=$(kgit config "branch.$BRANCH.description" || true)
if [ "$n" -gt 0 ]; then
	[ -n "$desc" ] || die "no cover letter text; write it with 'git -C $TREE branch --edit-description series'" 2
	changeid=$(kgit config "branch.$BRANCH.changeid" || true)
	if [ -z "$changeid" ]; then
		slug=$(printf '%s' "${desc%%$'\n'*}" | tr -cs 'A-Za-z0-9' '-' | cut -c1-40 | sed 's/^-*//; s/-*$//' | tr '[:upper:]' '[:lower:]')
		changeid=$(date -u +%Y%m%d)-$slug-$(kgit rev-parse HEAD | cut -c1-12)
		kgit config "branch.$BRANCH.changeid" "$changeid"
	fi
	reroll=$(kgit config "branch.$BRANCH.reroll" || true)
	# The cover letter's From: and Date: come from the committer: pin them to the series.
	GIT_COMMITTER_NAME=$(kgit log -1 --reverse --format=%an base..HEAD)
	GIT_COMMITTER_EMAIL=$(kgit log -1 --reverse --format=%ae base..HEAD)
	GIT_COMMITTER_DATE=$(kgit log -1 --format=%ad --date=raw HEAD)
	export GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL GIT_COMMITTER_DATE
	kgit format-patch -q --zero-commit --no-signature --abbrev=12 \
		--cover-letter --cover-from-description=subject --base=base --subject-prefix=PATCH \
		${reroll:+-v "$reroll"} -o "$tmp" base..HEAD
	cover=$(find "$tmp" -name '*0000-cover-letter.patch')
	sed -i "/^base-commit: /a change-id: $changeid" "$cover"
fi

# series: first a line naming the cover letter (which git am does not apply), then the new
# names in order, each after the comment lines that preceded it before.
python3 - "$outdir/series" "$tmp" >"$tmp/series" <<'PY'
import os, sys
old, new_dir = sys.argv[1], sys.argv[2]
COVER = '# Apply order for git am; the cover letter is not applied: '
files = sorted(f for f in os.listdir(new_dir) if f.endswith('.patch'))
names = [f for f in files if '0000-cover-letter' not in f]
covers = [f for f in files if '0000-cover-letter' in f]
if covers:
	print(COVER + covers[0])
head, comments, pending, order = [], {}, [], []
if os.path.exists(old):
	for line in open(old).read().splitlines():
		if line.startswith(COVER):
			continue
		if line.startswith('#') or not line.strip():
			pending.append(line)
		elif not order:
			head, pending = pending, []
			comments[line] = []
			order.append(line)
		else:
			comments[line] = pending
			order.append(line)
			pending = []
if not order:
	head, pending = pending, []
print('\n'.join(head + [''])[:-1], end='\n' if head else '')
for i, name in enumerate(names):
	key = name if name in comments else (order[i] if i < len(order) else None)
	for line in comments.get(key, []):
		print(line)
	print(name)
for line in pending:
	print(line)
PY
mkdir -p "$outdir"
find "$outdir" -maxdepth 1 -name '*.patch' -delete
find "$tmp" -maxdepth 1 -type f -exec mv -t "$outdir" {} +
kgit update-ref "refs/patch-queue/$BRANCH" HEAD
log "exported $n patches from $(kgit rev-parse --short HEAD) to ${outdir#"$TOP"/}"
