#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Import Debian's linux-source-6.12 tarball as the scratch tree's base commit, with fixed
# author, committer and dates, so that the commit hash is the same on every machine.
# Usage: scripts/import-base.sh [--record]   (--record rewrites BASE for the installed package)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() { echo "Usage: $0 [--record]" >&2; exit 2; }
record=0
case "${1:-}" in --record) record=1 ;; '') ;; *) usage ;; esac

pkg=$(base_field package)
tarball=/usr/src/$pkg.tar.xz
[ -n "$pkg" ] || die "BASE has no package= line" 2
ver=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null) || ver=''
if [ -z "$ver" ] || [ ! -f "$tarball" ]; then
	die "missing package: $pkg (no $tarball); run 'make deps' or 'apt-get install $pkg'" 2
fi
want_ver=$(base_field version)
want_sum=$(base_field sha256)

log "checksum $tarball"
sum=$(sha256sum "$tarball" | cut -d' ' -f1)
if [ "$record" = 1 ]; then
	want_ver=$ver want_sum=$sum
elif [ "$ver" != "$want_ver" ] || [ "$sum" != "$want_sum" ]; then
	printf 'warning: installed %s %s (sha256 %.12s) differs from BASE %s (sha256 %.12s);\n' \
		"$pkg" "$ver" "$sum" "$want_ver" "$want_sum" >&2
	printf 'warning: going on only if the series still applies to it\n' >&2
fi

if [ -e "$TREE/.git" ]; then
	have=$(kgit log -1 --format=%B base 2>/dev/null | sed -n 's/^tarball-sha256: //p')
	if [ "$have" = "$sum" ]; then
		log "base already imported: $(kgit rev-parse base)"
		kgit rev-parse base
		exit 0
	fi
	die "$TREE holds another base (tarball sha256 ${have:-none}); move it away to import $ver" 2
fi

# The package's own changelog date stamps the commit: fixed for a given package version.
date=$(zcat "/usr/share/doc/$pkg/changelog.Debian.gz" | sed -n '0,/^ -- /s/^ -- .*>  //p')
export GIT_AUTHOR_NAME="Debian $pkg" GIT_AUTHOR_EMAIL="$pkg@packages.debian.org"
export GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL
export GIT_AUTHOR_DATE=$date GIT_COMMITTER_DATE=$date

tmp=$TREE.import.$$
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"
log "unpack $tarball"
run tar -xJf "$tarball" -C "$tmp" --strip-components=1 --no-same-owner
kgit() { git -C "$tmp" -c core.autocrlf=false -c core.fileMode=true -c core.symlinks=true \
	-c init.defaultBranch=series -c commit.gpgSign=false "$@"; }
kgit init -q
log "commit the tree (git add -f: the tarball's .gitignore files would hide tracked files)"
kgit add -f -A .
kgit commit -q --no-verify -m "Import $pkg $ver" -m "Debian package: $pkg $ver
tarball-sha256: $sum"
kgit tag base
kgit update-ref refs/patch-queue/series HEAD
mkdir -p "$(dirname "$TREE")"
mv "$tmp" "$TREE"
trap - EXIT
commit=$(git -C "$TREE" rev-parse base)

want_commit=$(base_field commit)
if [ "$record" = 1 ]; then
	printf 'package=%s\nversion=%s\nsha256=%s\ncommit=%s\n' "$pkg" "$ver" "$sum" "$commit" >"$TOP/BASE"
	log "recorded $pkg $ver in BASE"
elif [ "$sum" = "$want_sum" ] && [ -n "$want_commit" ] && [ "$commit" != "$want_commit" ]; then
	die "import of the same tarball gave $commit, BASE records $want_commit: not reproducible" 1
fi
log "base $pkg $ver imported as $commit"
echo "$commit"
