#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the scratch tree (build/linux, build/linux-7.2 for QUEUE=7.2): the base commit plus
# the queue's patches (patches/, patches-7.2/) applied with git am,
# the cover letter's text kept as the branch description. Refuses when the scratch tree holds
# commits or changes that are not in patches/; --force first saves them on a branch.
# -t/-b apply into another worktree of the scratch repo (make check uses build/check).
# Usage: scripts/apply-series.sh [-f] [-t TREE -b BRANCH]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() { echo "Usage: $0 [-f] [-t TREE -b BRANCH]" >&2; exit 2; }
force=0
while getopts ft:b: opt; do
	case $opt in f) force=1 ;; t) TREE=$OPTARG ;; b) BRANCH=$OPTARG ;; *) usage ;; esac
done
[ -f "$PATCHES/series" ] || die "no $PATCHES/series file" 2
while IFS= read -r p; do
	[ -f "$PATCHES/$p" ] || die "patches/series names $p, which is not in patches/" 2
done < <(series_names)

[ -e "$REPO/.git" ] || "$TOP/scripts/import-base.sh" >/dev/null
if [ ! -e "$TREE/.git" ]; then
	log "add worktree $TREE of $REPO"
	git -C "$REPO" worktree add -q --detach "$(realpath -m "$TREE")" base
fi

unsynced=$(tree_unsynced)
if [ -n "$unsynced" ]; then
	if [ "$force" = 0 ]; then
		printf '%s\n' "$unsynced" | sed 's/^/  /' >&2
		die "scratch tree $TREE has work that is not in patches/; run 'make export' first, or 'make tree FORCE=1' to save it on a branch and rebuild" 2
	fi
	saved=saved/$(date +%Y%m%d-%H%M%S)
	kgit checkout -q -b "$saved"
	if [ -n "$(kgit status --porcelain --untracked-files=all)" ]; then
		kgit add -A .
		kgit -c user.name=patch-queue -c user.email=patch-queue@localhost \
			commit -q --no-verify -m "WIP: uncommitted changes saved by apply-series.sh --force"
	fi
	log "saved the scratch tree's unexported work on branch $saved"
fi

# Commits made in the scratch tree carry the project's git identity (Signed-off-by).
for key in user.name user.email; do
	val=$(git -C "$TOP" config "$key" || true)
	[ -z "$val" ] || kgit config "$key" "$val"
done
previous=$(kgit rev-parse HEAD)
# The base commit names the package version it was imported from; BASE names the one wanted.
have=$(base_info base 'Debian package' | cut -d' ' -f2)
want=$(base_field version)
mismatch=''
[ "$have" = "$want" ] || mismatch="; the base is $(base_field package) $have, BASE records $want"
kgit checkout -q -f -B "$BRANCH" base
n=0
while IFS= read -r p; do
	n=$((n + 1))
	if ! out=$(GIT_COMMITTER_NAME=${GIT_COMMITTER_NAME:-patch-queue} \
		GIT_COMMITTER_EMAIL=${GIT_COMMITTER_EMAIL:-patch-queue@localhost} \
		kgit am -q --committer-date-is-author-date "$PATCHES/$p" 2>&1); then
		kgit am --abort >/dev/null 2>&1 || true
		kgit checkout -q -f -B "$BRANCH" "$previous"
		# awk reads it all: a reader that stops early (grep -m) can kill printf with SIGPIPE.
		printf '%s\n' "$out" | awk '/error|fail|does not/ && n++ < 3 { print "  " $0 }' >&2
		die "patch $n ($p) does not apply to base $(kgit rev-parse --short base)$mismatch; scratch tree left as it was" 1
	fi
done < <(series_names)

# The cover letter's subject and text, change-id and reroll count survive in the branch config.
cover=$(find "$PATCHES" -maxdepth 1 -name '*0000-cover-letter.patch' | head -n 1)
if [ -n "$cover" ]; then
	parsed=$(python3 "$TOP/scripts/cover-letter.py" parse "$cover")
	kgit config "branch.$BRANCH.description" "$(printf '%s\n' "$parsed" | sed '1,/^--- description$/d')"
	kgit config "branch.$BRANCH.changeid" "$(printf '%s\n' "$parsed" | sed -n '1,2s/^change-id: //p')"
	kgit config "branch.$BRANCH.reroll" "$(printf '%s\n' "$parsed" | sed -n '1,2s/^reroll: //p')"
fi
kgit update-ref "refs/patch-queue/$BRANCH" HEAD
[ -z "$mismatch" ] || log "note: base drift:${mismatch#;}; the series applies ('make rebase' moves BASE)"
log "scratch tree $TREE: base $(kgit rev-parse --short base) + $n patches"
