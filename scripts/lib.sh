# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# lib.sh: functions shared by the scripts in this directory. Source it; do not run it.
# Exit codes used throughout: 0 pass, 1 fail, 2 usage or bad input, 4 skip.

# TOP, BUILD: the project checkout, its ignored build area. QUEUE: which series the tooling
# works on: 6.12 (patches/, BASE, the scratch repo build/linux: for distros and backports) or
# 7.2 (patches-7.2/, BASE-7.2, build/linux-7.2: for posting upstream). REPO: the queue's
# scratch repo, TREE: the tree worked in (REPO, or a worktree of it given with -t).
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${VMSTAT_BUILD:-$TOP/build}
QUEUE=${QUEUE:-6.12}
case $QUEUE in
6.12) qsfx='' ;;
7.2) qsfx=-7.2 ;;
*) printf 'error: QUEUE=%s: the queues are 6.12 and 7.2\n' "$QUEUE" >&2; exit 2 ;;
esac
REPO=$BUILD/linux$qsfx
TREE=$REPO
BRANCH=series
PATCHES=${VMSTAT_PATCHES:-$TOP/patches$qsfx}
# BASE_FILE: the recorded base. SRC_ROOT: where the base source package is installed: / for a
# package of the machine's own suite, build/src-PACKAGE for one of another suite (BASE's
# suite=, fetched by install-deps.sh). The tooling's own tests point these and
# VMSTAT_SRC_VERSION at stand-ins.
BASE_FILE=${VMSTAT_BASE_FILE:-$TOP/BASE$qsfx}
if [ -n "${VMSTAT_SRC_ROOT+set}" ]; then
	SRC_ROOT=$VMSTAT_SRC_ROOT
elif grep -q '^suite=' "$BASE_FILE" 2>/dev/null; then
	SRC_ROOT=$BUILD/src-$(sed -n 's/^package=//p' "$BASE_FILE")
else
	SRC_ROOT=''
fi

# log MSG...: timestamped progress line on stderr.
log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# die MSG [CODE]: print "error: MSG" on stderr and exit CODE (default 1).
die() { printf 'error: %s\n' "$1" >&2; exit "${2:-1}"; }

# run CMD...: show the exact command on stderr, then run it.
run() { printf '$ %s\n' "$*" >&2; "$@"; }

# need_cmd CMD PKG: die (code 2) naming the Debian package when CMD is not installed.
need_cmd() {
	command -v "$1" >/dev/null 2>&1 ||
		die "missing package: $2 (no '$1' on PATH); run 'make deps' or 'apt-get install $2'" 2
}

# base_field NAME: print the value of NAME=... from the BASE file.
base_field() { sed -n "s/^$1=//p" "$BASE_FILE"; }

# kgit ARGS...: git in the scratch tree, blind to the user's and the system's git config, with
# every setting that shapes patches pinned: exports do not depend on who runs them.
kgit() {
	GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 git -C "$TREE" -c core.abbrev=12 \
		-c diff.algorithm=myers -c diff.renames=false -c diff.noprefix=false \
		-c diff.mnemonicPrefix=false -c diff.context=3 -c diff.interHunkContext=0 \
		-c format.signOff=false -c format.thread=false -c format.suffix=.patch \
		-c format.filenameMaxLength=64 -c core.autocrlf=false -c core.quotePath=true \
		-c am.threeWay=false -c am.keepcr=false -c am.messageId=false \
		-c commit.gpgSign=false -c advice.detachedHead=false -c init.defaultBranch=series "$@"
}

# series_names: print the patch file names listed in patches/series, in order.
series_names() { [ -f "$PATCHES/series" ] && grep -v -e '^#' -e '^[[:space:]]*$' "$PATCHES/series"; }

# tree_changes: git status of TREE, ignored files included (Debian's top-level .gitignore
# ends with "/*", so a new file shows only as ignored), the object dirs .obj/ left out.
tree_changes() {
	kgit status --porcelain --ignored=matching --untracked-files=all | grep -v '^!! \.obj/' || true
}

# tree_unsynced: print what in TREE is not in patches/ (nothing when in sync): changes, and
# commits since the last apply or export, which refs/patch-queue/BRANCH records.
tree_unsynced() {
	local synced head n
	[ -e "$TREE/.git" ] || return 0
	tree_changes | awk 'NR <= 5'	# reads it all: no SIGPIPE for the writer
	synced=$(kgit rev-parse -q --verify "refs/patch-queue/$BRANCH" || true)
	head=$(kgit rev-parse HEAD)
	# A new worktree at base has nothing of its own.
	[ -n "$synced" ] || [ "$head" != "$(kgit rev-parse -q --verify base)" ] || synced=$head
	if [ "$synced" != "$head" ]; then
		n=$(kgit rev-list --count "${synced:-base}..HEAD" 2>/dev/null || echo '?')
		echo "HEAD $(kgit rev-parse --short HEAD) is not what was last applied or exported ($n commits since)"
	fi
}

# base_info REF KEY: a field of an imported base commit's message ('Debian package' gives
# "PACKAGE VERSION", 'tarball-sha256' the tarball's checksum).
base_info() { kgit log -1 --format=%B "$1" 2>/dev/null | sed -n "s/^$2: //p"; }

# write_base VERSION SHA256 COMMIT: record the base in the BASE file (its suite= kept).
write_base() {
	{
		printf 'package=%s\n' "$(base_field package)"
		[ -z "$(base_field suite)" ] || printf 'suite=%s\n' "$(base_field suite)"
		printf 'version=%s\nsha256=%s\ncommit=%s\n' "$1" "$2" "$3"
	} >"$BASE_FILE.tmp"
	mv "$BASE_FILE.tmp" "$BASE_FILE"
	log "recorded $(base_field package) $1 ($3) in ${BASE_FILE#"$TOP"/}"
}

# installed_version: the version of the base source package installed on this machine, or
# nothing when it is not installed.
installed_version() {
	if [ -n "${VMSTAT_SRC_VERSION:-}" ]; then echo "$VMSTAT_SRC_VERSION"; return; fi
	if [ -n "$(base_field suite)" ]; then cat "$SRC_ROOT/version" 2>/dev/null || true; return; fi
	dpkg-query -W -f='${Version}' "$(base_field package)" 2>/dev/null || true
}

# install_hint: how to install the base source package.
install_hint() {
	if [ -n "$(base_field suite)" ]; then
		echo "run 'make deps QUEUE=$QUEUE' (it fetches $(base_field package) from Debian $(base_field suite))"
	else
		echo "run 'make deps' or 'apt-get install $(base_field package)'"
	fi
}

# src_tarball: the installed base source tarball.
src_tarball() { echo "$SRC_ROOT/usr/src/$(base_field package).tar.xz"; }

# installed_upstream: the upstream part of installed_version (6.12.118), BASE's when none is.
installed_upstream() {
	local v
	v=$(installed_version)
	v=${v:-$(base_field version)}
	echo "${v%%-*}"
}

# distro_package UPSTREAM: Debian's unsigned cloud kernel package of that 6.12.y.
distro_package() { echo "linux-image-$1+deb12-cloud-amd64-unsigned"; }

# distro_kernel: the distro baseline's image: the cloud kernel of the installed source's
# version, else the newest installed 6.12 cloud kernel (a note on stderr says so).
distro_kernel() {
	local want k
	want=/boot/vmlinuz-$(installed_upstream)+deb12-cloud-amd64
	if [ -f "$want" ]; then echo "$want"; return; fi
	k=$(find /boot -maxdepth 1 -name 'vmlinuz-6.12.*+deb12-cloud-amd64' | sort -V | tail -n 1)
	[ -n "$k" ] || { echo "$want"; return; }
	log "note: no $want; the distro baseline is $k instead"
	echo "$k"
}

# drift: one line naming the installed base source and BASE's when they differ, else nothing.
drift() {
	local have want
	have=$(installed_version) want=$(base_field version)
	[ -n "$have" ] && [ "$have" != "$want" ] || return 0
	echo "base drift: installed $(base_field package) $have, BASE records $want; checks run on the installed one ('make rebase' moves BASE)"
}

# drift_note: log the drift line, if any.
drift_note() {
	local d
	d=$(drift)
	[ -z "$d" ] || log "note: $d"
}
