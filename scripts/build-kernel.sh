#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Configure and build a kernel out of tree from configs/qemu/ARCH.py plus extra fragments, or
# from a whole config (-d, a distro's) plus extra fragments.
# The object directory is SRC/.obj/NAME, inside the source tree so that paths stay relative
# and ccache hits across the scratch tree and its worktrees.
# Usage: scripts/build-kernel.sh [-a ARCH] [-s SRC] [-n NAME] [-d CONFIG] [-f FRAGMENT]... [-k] [TARGET...]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() {
	echo "Usage: $0 [-a ARCH] [-s SRC] [-n NAME] [-d CONFIG] [-f FRAGMENT]... [-k] [TARGET...]" >&2
	echo "  -d  start from CONFIG instead of the arch file's fragments" >&2
	echo "  -k  keep the existing .config (build targets only)" >&2
	exit 2
}
arch=x86_64 src=$TREE name='' keep=0 frags=() whole=''
while getopts a:s:n:d:f:k opt; do
	case $opt in
	a) arch=$OPTARG ;;
	s) src=$OPTARG ;;
	n) name=$OPTARG ;;
	d) whole=$OPTARG ;;
	f) frags+=("$OPTARG") ;;
	k) keep=1 ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
facts=$TOP/configs/qemu/$arch.py
[ -f "$facts" ] || die "no arch file $facts; the arches are the files in configs/qemu/" 2
[ -f "$src/Makefile" ] || die "no kernel tree at $src; run 'make tree' first" 2
src=$(cd "$src" && pwd)	# ccache's base_dir must be absolute
for f in "${frags[@]}"; do [ -f "$f" ] || die "no config fragment $f" 2; done
[ -z "$whole" ] || [ -f "$whole" ] || die "no config $whole" 2
need_cmd make make
need_cmd flex flex
need_cmd bison bison
linux_arch='' kconfig='' kernel_path='' make_args=()
eval "$(python3 "$TOP/scripts/qemu-facts.py" "$facts" "$src")"
out=$src/.obj/${name:-$arch}
mkdir -p "$out"

mk=(make -C "$src" O=".obj/${name:-$arch}" ARCH="$linux_arch" "${make_args[@]}"
	KBUILD_BUILD_TIMESTAMP='Thu Jan  1 00:00:00 UTC 2026' KBUILD_BUILD_USER=vmstat
	KBUILD_BUILD_HOST=guest -j"$(nproc)")
if command -v ccache >/dev/null; then
	cc=gcc
	for a in "${make_args[@]}"; do
		case $a in CROSS_COMPILE=*) cc=${a#CROSS_COMPILE=}gcc ;; LLVM=*) cc=clang${a#LLVM=} ;; esac
	done
	mk+=(CC="ccache $cc")
	export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache} CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-25G}
	export CCACHE_NOHASHDIR=1 CCACHE_BASEDIR=$src
fi

if [ "$keep" = 0 ] || [ ! -f "$out/.config" ]; then
	log "configure $arch in $out ($(basename "${whole:-$facts}")${frags[*]:+ + ${frags[*]##*/}})"
	want=$out/.fragments
	{ [ -n "$whole" ] || printf '%s\n' "$kconfig"; for f in "${frags[@]}"; do cat "$f"; done; } >"$want"
	if [ -n "$whole" ]; then cat "$whole" "$want" >"$out/.config"; else cp "$want" "$out/.config"; fi
	run "${mk[@]}" olddefconfig >"$out/config.log" 2>&1 || { cat "$out/config.log" >&2; die "olddefconfig failed"; }
	# Every fragment line must have survived: a dropped CONFIG_SMP=y quietly passes a test.
	# Symbols this tree does not define at all (the base lacks the series' own) are skipped.
	known=$(find "$src" -name 'Kconfig*' -not -path "$src/.obj/*" -exec \
		sed -n 's/^[[:space:]]*\(menu\)\{0,1\}config[[:space:]]\{1,\}\([A-Z0-9_]*\).*/CONFIG_\2/p' {} + | sort -u)
	# A later fragment may override an earlier line (rt.config turns CONFIG_PREEMPT off):
	# the last line for each symbol is the one that must survive.
	lost=$(grep -E '^(CONFIG_[A-Z0-9_]+=|# CONFIG_[A-Z0-9_]+ is not set)' "$want" |
		awk '{ s = $0; sub(/^# /, "", s); sub(/[= ].*/, "", s); last[s] = $0 }
			END { for (k in last) print last[k] }' | sort |
		while IFS= read -r line; do
			sym=${line#\# }; sym=${sym%%[= ]*}
			if ! grep -qxF "$sym" <<<"$known"; then
				log "note: $sym is not defined in $src; skipped" >&2
				continue
			fi
			case $line in
			'# '*) grep -q "^$sym=" "$out/.config" && echo "$line" ;;
			*) grep -qxF "$line" "$out/.config" || echo "$line" ;;
			esac
		done)
	[ -z "$lost" ] || die "config lines that did not survive olddefconfig: $(echo "$lost" | tr '\n' ' ')"
fi

[ $# -gt 0 ] || set -- "$(basename "$kernel_path")"
log "build $arch: $*"
printf '$ %s\n' "${mk[*]} $*" >&2
start=$SECONDS
set +e
"${mk[@]}" "$@" 2>&1 | tee "$out/build.log" | {
	n=0
	while IFS= read -r line; do
		case $line in
		*' CC '* | *' AS '* | *' LD '* | *' AR '*) n=$((n + 1))
			[ $((n % 250)) -ne 0 ] || log "  $n objects";;
		*error:* | *warning:* | *Error* ) printf '%s\n' "$line" >&2 ;;
		esac
	done
}
rc=${PIPESTATUS[0]}
set -e
[ "$rc" = 0 ] || die "build of $* failed for $arch (log: $out/build.log)"
log "built $arch $* in $((SECONDS - start)) s, in $out"
