#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Import the installed Debian linux-source-6.12 tarball (linux-source-7.2 for QUEUE=7.2, from
# build/src-linux-source-7.2) as a git repo whose one commit, tagged
# base, has fixed author, committer and dates, so that its hash is the same on every machine.
# It becomes the scratch tree, or the new repo DIR (-o, for make rebase); -r records it in BASE.
# Usage: scripts/import-base.sh [-r] [-o DIR]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() { echo "Usage: $0 [-r] [-o DIR]" >&2; exit 2; }
record=0 dest=''
while getopts ro: opt; do
	case $opt in r) record=1 ;; o) dest=$OPTARG ;; *) usage ;; esac
done
[ $# = $((OPTIND - 1)) ] || usage

pkg=$(base_field package)
[ -n "$pkg" ] || die "$BASE_FILE has no package= line" 2
tarball=$(src_tarball)
ver=$(installed_version)
if [ -z "$ver" ] || [ ! -f "$tarball" ]; then
	die "missing package: $pkg (no $tarball); $(install_hint)" 2
fi
want_ver=$(base_field version)
want_sum=$(base_field sha256)

log "checksum $tarball"
sum=$(sha256sum "$tarball" | cut -d' ' -f1)
if [ "$record" = 1 ]; then
	want_ver=$ver want_sum=$sum
elif [ "$ver" != "$want_ver" ] || [ "$sum" != "$want_sum" ]; then
	log "note: installed $pkg $ver (sha256 ${sum:0:12}) differs from BASE, $want_ver (sha256 ${want_sum:0:12}); the series goes on it if it still applies"
fi

if [ -n "$dest" ]; then
	[ ! -e "$dest" ] || die "$dest exists; import-base.sh -o makes a new repo" 2
elif [ -e "$TREE/.git" ]; then
	have=$(base_info base tarball-sha256)
	if [ "$have" = "$sum" ]; then
		log "base already imported: $(kgit rev-parse base)"
		kgit rev-parse base
		exit 0
	fi
	die "$TREE holds another base than the installed $pkg $ver; 'make rebase' moves the series onto it" 2
fi
dest=${dest:-$TREE}

# The package's own changelog date stamps the commit: fixed for a given package version.
date=$(zcat "$SRC_ROOT/usr/share/doc/$pkg/changelog.Debian.gz" | sed -n '0,/^ -- /s/^ -- .*>  //p')
export GIT_AUTHOR_NAME="Debian $pkg" GIT_AUTHOR_EMAIL="$pkg@packages.debian.org"
export GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL
export GIT_AUTHOR_DATE=$date GIT_COMMITTER_DATE=$date

tmp=$dest.import.$$
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
mkdir -p "$(dirname "$dest")"
mv "$tmp" "$dest"
trap - EXIT
commit=$(git -C "$dest" rev-parse base)

want_commit=$(base_field commit)
if [ "$record" = 1 ]; then
	write_base "$ver" "$sum" "$commit"
elif [ "$sum" = "$want_sum" ] && [ -n "$want_commit" ] && [ "$commit" != "$want_commit" ]; then
	die "import of the same tarball gave $commit, BASE records $want_commit: not reproducible" 1
fi
log "base $pkg $ver imported as $commit"
echo "$commit"
