#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Move the series onto the installed base source (a newer Debian 6.12.y, or 7.2.y for
# QUEUE=7.2): import it, re-apply
# the scratch tree's commits onto it with git am -3 (three-way where a patch no longer applies
# as it is), record it in BASE, re-export patches/ and show what changed in the patches (git
# range-diff). Refuses a scratch tree with unexported work; when a patch does not apply even
# three-way, names it and both versions and leaves the scratch tree as it was.
# Usage: scripts/rebase-series.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() { echo "Usage: $0" >&2; exit 2; }
[ $# = 0 ] || usage
pkg=$(base_field package)
ver=$(installed_version)
tarball=$(src_tarball)
if [ -z "$ver" ] || [ ! -f "$tarball" ]; then
	die "missing package: $pkg (no $tarball); $(install_hint)" 2
fi
[ -e "$TREE/.git" ] || "$TOP/scripts/apply-series.sh"
unsynced=$(tree_unsynced)
if [ -n "$unsynced" ]; then
	printf '%s\n' "$unsynced" | sed 's/^/  /' >&2
	die "scratch tree $TREE has work that is not in patches/; run 'make export' first" 2
fi

log "checksum $tarball"
sum=$(sha256sum "$tarball" | cut -d' ' -f1)
was=$(base_field version) old_ver=$(base_info base 'Debian package' | cut -d' ' -f2) old=$(kgit rev-parse HEAD) old_base=$(kgit rev-parse base)
if [ "$(base_info base tarball-sha256)" = "$sum" ]; then
	log "the scratch tree's base is already the installed $pkg $ver"
	new=$old
else
	next=$REPO.next
	rm -rf "$next"
	"$TOP/scripts/import-base.sh" -o "$next" >/dev/null
	log "fetch the new base into $TREE"
	kgit fetch -q --no-tags "$next" "+refs/tags/base:refs/tags/base-next"
	rm -rf "$next"
	saved=saved/rebase-$(date +%Y%m%d-%H%M%S)-$(kgit rev-parse --short "$old")
	kgit branch -q -f "$saved" "$old"
	log "the series on $old_ver is kept on branch $saved"
	patches=$(mktemp -d)
	trap 'rm -rf "$patches"' EXIT
	kgit format-patch -q --zero-commit -o "$patches" base.."$old"
	kgit checkout -q -f --detach base-next
	n=0
	for p in "$patches"/*.patch; do
		n=$((n + 1))
		if ! out=$(kgit am -3 -q --committer-date-is-author-date "$p" 2>&1); then
			kgit am --abort >/dev/null 2>&1 || true
			kgit checkout -q -f "$BRANCH"
			kgit tag -d base-next >/dev/null
			printf '%s\n' "$out" | awk '/error|fail|conflict|CONFLICT/ && n++ < 5 { print "  " $0 }' >&2
			die "patch $n ($(basename "$p")) does not apply to $pkg $ver even three-way (the series is on $old_ver, BASE records $(base_field version)); scratch tree left as it was" 1
		fi
	done
	new=$(kgit rev-parse HEAD)
	kgit checkout -q -f -B "$BRANCH" "$new"
	kgit tag -f base base-next >/dev/null
	kgit tag -d base-next >/dev/null
fi

write_base "$ver" "$sum" "$(kgit rev-parse base)"
"$TOP/scripts/export-series.sh"
echo "what changed in the patches, BASE $was (tree on $old_ver) -> $ver (git range-diff; = unchanged):"
kgit range-diff --no-color "$old_base..$old" "base..$new"
