#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build every patch of the series in turn, in TREE (a worktree that make check owns): after
# each commit since base, the objects it touches, with W=1 (which runs kernel-doc too) and
# sparse (C=1); new warnings in them (against the same objects at the parent commit) fail.
# Headers and Kconfig changes build the objects listed in configs/bisect-objects.
# Leaves TREE at its branch head. -m first shows the check can fail: it adds a commit with an
# unused variable in mm/vmstat.c on a detached HEAD, checks only that, and expects a failure.
# Usage: scripts/check-bisect.sh [-a ARCH] [-m] -t TREE
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() { echo "Usage: $0 [-a ARCH] [-m] -t TREE" >&2; exit 2; }
arch=x86_64 tree='' mutate=0
while getopts a:t:m opt; do
	case $opt in a) arch=$OPTARG ;; t) tree=$OPTARG ;; m) mutate=1 ;; *) usage ;; esac
done
[ -n "$tree" ] || usage
TREE=$tree
[ -e "$TREE/.git" ] || die "no tree at $TREE" 2
[ -z "$(kgit status --porcelain --untracked-files=no)" ] || die "$TREE has uncommitted changes" 2
head=$(kgit symbolic-ref -q --short HEAD) || die "$TREE is not on a branch" 2
trap 'kgit checkout -q -f "$head"' EXIT
range=base..HEAD
if [ "$mutate" = 1 ]; then
	kgit checkout -q --detach
	echo 'static int bisect_selftest_unused;' >>"$TREE/mm/vmstat.c"
	kgit -c user.name=check-bisect -c user.email=check-bisect@localhost \
		commit -q -a -m 'selftest: an unused variable'
	range=HEAD~1..HEAD
fi

# objects_for COMMIT: the objects a commit touches, one per line.
objects_for() {
	kgit diff --name-only "$1^" "$1" | while IFS= read -r f; do
		case $f in
		tools/* | Documentation/* | scripts/*) ;;
		*.c) echo "${f%.c}.o" ;;
		*.h | */Kconfig* | */Makefile)
			awk '!/^#/ && NF { print $1 }' "$TOP/configs/bisect-objects" ;;
		esac
	done | sort -u | while IFS= read -r o; do
		# "OBJ !ARCH" in configs/bisect-objects: OBJ is not in ARCH's config, touched or not.
		awk -v o="$o" -v a="$arch" '$1 == o { for (i = 2; i <= NF; i++) if ($i == "!" a) s = 1 }
			END { exit !s }' "$TOP/configs/bisect-objects" || echo "$o"
	done
}

# warnings LOG: the warning lines of a build log about the objects built (their .c files, or
# headers), without line and column numbers. Other objects that make rebuilds on the way
# (a vDSO, say) are rebuilt on one side only, so their old warnings would look new.
warnings() {
	local o srcs=()
	for o in "${objs[@]}"; do srcs+=(-e "/${o%.o}.c:"); done
	grep -E 'warning:' "$1" | grep -F "${srcs[@]}" -e '.h:' | sed -E 's/:[0-9]+:[0-9]+:/:/' | sort -u || true
}

# rm_objs: remove the objects, so that both builds compile (and sparse-check) every one.
rm_objs() { for o in "${objs[@]}"; do rm -f "$out/$o"; done; }

n=0 fail=0
for c in $(kgit rev-list --reverse "$range"); do
	n=$((n + 1))
	subject=$(kgit log -1 --format=%s "$c")
	mapfile -t objs < <(objects_for "$c")
	if [ ${#objs[@]} -eq 0 ]; then
		log "patch $n: no objects to build ($subject)"
		continue
	fi
	log "patch $n: ${objs[*]} ($subject)"
	out=$TREE/.obj/bisect-$arch
	kgit checkout -q --detach "$c^"
	rm_objs
	keep=() old=()
	if [ -f "$out/.config" ]; then keep=(-k); fi
	for o in "${objs[@]}"; do [ ! -f "$TREE/${o%.o}.c" ] || old+=("$o"); done
	mkdir -p "$out" && : >"$out/build.log"
	[ ${#old[@]} -eq 0 ] || "$TOP/scripts/build-kernel.sh" -a "$arch" -s "$TREE" \
		-n "bisect-$arch" "${keep[@]}" W=1 C=1 "${old[@]}" 2>/dev/null || true
	before=$(warnings "$out/build.log")
	kgit checkout -q --detach "$c"
	rm_objs
	if ! "$TOP/scripts/build-kernel.sh" -a "$arch" -s "$TREE" -n "bisect-$arch" -k W=1 C=1 "${objs[@]}"; then
		echo "not ok $n build: $subject"
		fail=1
		continue
	fi
	new=$(comm -13 <(echo "$before") <(warnings "$out/build.log"))
	if [ -n "$new" ]; then
		printf '%s\n' "$new" | sed 's/^/    /'
		echo "not ok $n new W=1 warnings: $subject"
		fail=1
	fi
done
if [ "$mutate" = 1 ]; then
	[ "$fail" = 1 ] || die "an unused variable went unnoticed: the check cannot fail" 1
	echo "mutation detected: the check can fail"
	exit 0
fi
echo "every patch builds ($arch): $n patches checked"
exit "$fail"
