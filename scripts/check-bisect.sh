#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build every patch of the series in turn, in TREE (a worktree that make check owns): after
# each commit since base, the objects it touches, with W=1 (which runs kernel-doc too) and
# sparse (C=1); new warnings in them (against the same objects at the parent commit) fail.
# Headers and Kconfig changes build the objects listed in configs/bisect-objects.
# Leaves TREE at its branch head.
# Usage: scripts/check-bisect.sh [-a ARCH] -t TREE
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() { echo "Usage: $0 [-a ARCH] -t TREE" >&2; exit 2; }
arch=x86_64 tree=''
while getopts a:t: opt; do
	case $opt in a) arch=$OPTARG ;; t) tree=$OPTARG ;; *) usage ;; esac
done
[ -n "$tree" ] || usage
TREE=$tree
[ -e "$TREE/.git" ] || die "no tree at $TREE" 2
[ -z "$(kgit status --porcelain --untracked-files=no)" ] || die "$TREE has uncommitted changes" 2
head=$(kgit symbolic-ref -q --short HEAD) || die "$TREE is not on a branch" 2
trap 'kgit checkout -q "$head"' EXIT

# objects_for COMMIT: the objects a commit touches, one per line.
objects_for() {
	kgit diff --name-only "$1^" "$1" | while IFS= read -r f; do
		case $f in
		tools/* | Documentation/* | scripts/*) ;;
		*.c) echo "${f%.c}.o" ;;
		*.h | */Kconfig* | */Makefile)
			awk -v a="$arch" '!/^#/ && NF { for (i = 2; i <= NF; i++) if ($i == "!" a) next; print $1 }' \
				"$TOP/configs/bisect-objects" ;;
		esac
	done | sort -u
}

# warnings LOG: the warning lines of a build log about the objects built (their .c files, or
# headers), without line and column numbers. Other objects that make rebuilds on the way
# (a vDSO, say) are rebuilt on one side only, so their old warnings would look new.
warnings() {
	local o srcs=()
	for o in "${objs[@]}"; do srcs+=(-e "/${o%.o}.c:"); done
	grep -E 'warning:' "$1" | grep -F "${srcs[@]}" -e '.h:' | sed -E 's/:[0-9]+:[0-9]+:/:/' | sort -u || true
}

n=0 fail=0
for c in $(kgit rev-list --reverse base..HEAD); do
	n=$((n + 1))
	subject=$(kgit log -1 --format=%s "$c")
	mapfile -t objs < <(objects_for "$c")
	if [ ${#objs[@]} -eq 0 ]; then
		log "patch $n: no objects to build ($subject)"
		continue
	fi
	log "patch $n: ${objs[*]} ($subject)"
	out=$TREE/.obj/bisect-$arch
	# Remove the objects so that both builds compile (and sparse-check) every one of them.
	rm_objs() { for o in "${objs[@]}"; do rm -f "$out/$o"; done; }
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
echo "every patch builds ($arch): $n patches checked"
exit "$fail"
