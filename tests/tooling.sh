#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The tooling's own failure modes, on a tiny stand-in kernel repo: the export round trip is
# byte-identical; a dirty scratch tree, unexported commits, a patch that no longer applies,
# a wrong base version and a missing package each stop with a one-line reason, losing nothing.
# A moving base: stand-in Debian source tarballs (a base, a newer one whose lines near the patch
# moved, one that changes the patch's context, one that breaks it): check-style flow on the
# newer one passes with a drift note, rebase-series.sh moves BASE and re-exports, a breaking one
# stops with a one-line reason; nothing unexported is lost in any of them.
# Usage: tests/tooling.sh
set -euo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
S=$TOP/scripts
T=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
export VMSTAT_BUILD=$T/build VMSTAT_PATCHES=$T/patches
export GIT_AUTHOR_NAME='Test Author' GIT_AUTHOR_EMAIL=author@example.invalid
export GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL
export GIT_AUTHOR_DATE='2026-01-01T00:00:00Z' GIT_COMMITTER_DATE='2026-01-01T00:00:00Z'
tree=$VMSTAT_BUILD/linux
n=0 fail=0
g() { git -C "$tree" "$@"; }

# expect NAME CODE PATTERN CMD...: CMD exits CODE and its stderr's error line matches PATTERN.
expect() {
	local name=$1 code=$2 pattern=$3 rc=0
	shift 3
	"$@" >"$T/out" 2>"$T/err" || rc=$?
	n=$((n + 1))
	if [ "$rc" = "$code" ] && grep -qE "$pattern" "$T/out" "$T/err"; then
		echo "ok $n $name"
	else
		echo "not ok $n $name # exit $rc, wanted $code and /$pattern/"
		sed 's/^/# /' "$T/err"
		fail=1
	fi
}

# check NAME CMD...: a plain assertion.
check() {
	local name=$1
	shift
	n=$((n + 1))
	if "$@"; then echo "ok $n $name"; else echo "not ok $n $name"; fail=1; fi
}

# A stand-in base: the commit message carries BASE's package, version and checksum.
base_msg() {
	printf 'Import stand-in\n\nDebian package: linux-source-6.12 %s\ntarball-sha256: %s\n' \
		"$1" "$(sed -n 's/^sha256=//p' "$TOP/BASE")"
}
make_base() {
	rm -rf "$tree" "$VMSTAT_PATCHES"
	mkdir -p "$tree/mm" "$VMSTAT_PATCHES"
	printf 'int a;\nint b;\nint c;\n' >"$tree/mm/vmstat.c"
	echo 'all:' >"$tree/Makefile"
	printf '/*\n!/debian/\n' >"$tree/.gitignore"	# as Debian's tarball has it
	g init -q -b series
	g add -f -A
	g commit -q -m "$(base_msg "$1")"
	g tag base
	g update-ref refs/patch-queue/series HEAD
	: >"$VMSTAT_PATCHES/series"
}
version=$(sed -n 's/^version=//p' "$TOP/BASE")

echo "KTAP version 1"
make_base "$version"
sed -i 's/int b;/long b;/' "$tree/mm/vmstat.c"
g commit -q -am 'mm/vmstat: Make b long' -m 'Because.'
g config branch.series.description $'The subject line\n\nThe cover text,\nkept verbatim.'
printf '# a comment kept with its patch\n' >"$VMSTAT_PATCHES/series"
expect export 0 'exported 1 patches' "$S/export-series.sh"
check export-writes-cover-and-series test -f "$VMSTAT_PATCHES/0000-cover-letter.patch" -a \
	"$(grep -c . "$VMSTAT_PATCHES/series")" = 3
check series-names-cover-letter grep -qx '# Apply order for git am; the cover letter is not applied: 0000-cover-letter.patch' \
	"$VMSTAT_PATCHES/series"
cp -r "$VMSTAT_PATCHES" "$T/first"
expect reexport-identical 0 'byte-identical' "$S/check-export.sh"
mkdir -p "$tree/.obj/x86_64" && touch "$tree/.obj/x86_64/vmlinux"
expect rebuild-from-patches 0 'base [0-9a-f]+ \+ 1 patches' "$S/apply-series.sh"
"$S/export-series.sh" 2>/dev/null
check round-trip-identical diff -r "$T/first" "$VMSTAT_PATCHES"
check cover-text-survives grep -q 'kept verbatim' "$VMSTAT_PATCHES/0000-cover-letter.patch"

echo 'int e;' >"$tree/mm/new.c"
expect new-file-refused 2 'has work that is not in patches/' "$S/apply-series.sh"
check new-file-kept test -f "$tree/mm/new.c"
rm "$tree/mm/new.c"
check object-dir-kept test -f "$tree/.obj/x86_64/vmlinux"

echo 'int d;' >>"$tree/mm/vmstat.c"
expect dirty-tree-refused 2 'has work that is not in patches/' "$S/apply-series.sh"
check dirty-change-kept grep -q 'int d;' "$tree/mm/vmstat.c"
g commit -q -am 'WIP: unexported'
expect unexported-commit-refused 2 'has work that is not in patches/' "$S/apply-series.sh"
check unexported-commit-kept test "$(g log -1 --format=%s)" = 'WIP: unexported'
expect force-saves-first 0 'saved the scratch tree' "$S/apply-series.sh" -f
check forced-work-on-branch test "$(g log -1 --format=%s --branches='saved/*')" = 'WIP: unexported'

head=$(g rev-parse HEAD)
sed -i 's/^-int b;/-int bb;/' "$VMSTAT_PATCHES"/0001-*.patch
expect stale-patch-refused 1 'patch 1 \(0001-.*\) does not apply' "$S/apply-series.sh"
check stale-patch-tree-kept test "$(g rev-parse HEAD)" = "$head"

make_base 6.12.999-1~deb12u1
cp "$T"/first/* "$VMSTAT_PATCHES/"
expect other-base-applies-with-note 0 'note: base drift: the base is linux-source-6.12 6.12.999-1~deb12u1, BASE records' \
	"$S/apply-series.sh"
make_base 6.12.999-1~deb12u1
cp "$T"/first/* "$VMSTAT_PATCHES/"
sed -i 's/^-int b;/-int bb;/' "$VMSTAT_PATCHES"/0001-*.patch
expect wrong-base-named 1 'does not apply .*6\.12\.999-1~deb12u1, BASE records' "$S/apply-series.sh"

# A missing package: a PATH with every command but flex.
mkdir "$T/bin"
for f in /usr/local/bin/* /usr/bin/* /bin/*; do
	case ${f##*/} in flex) ;; *) ln -sf "$f" "$T/bin/" ;; esac
done
expect missing-package-named 2 "missing package: flex" env PATH="$T/bin" "$S/build-kernel.sh" -s "$tree"
expect bad-arch-named 2 "no arch file" "$S/build-kernel.sh" -a vax -s "$tree"
expect selftests-need-the-series 2 'has no tools/testing/selftests/mm/vmstat_remote.c' \
	"$S/build-selftests.sh" -s "$tree" -o "$T/st"
expect matrix-bad-column-named 2 "takes a column of configs/vmstat-matrix .*, not 'patched'" \
	"$S/run-matrix.sh" -k "$T/none" -m patched
expect matrix-missing-initramfs-named 2 'no initramfs .*nothing.cpio.gz' \
	"$S/run-matrix.sh" -k "$T/none" -m base -i "$T/nothing.cpio.gz"
expect initramfs-bad-arch-named 2 "takes x86_64 or arm64, not 'vax'" "$S/mkinitrd.sh" -a vax "$T/x.cpio.gz"
expect deb-only-6.12 2 'make deb builds the 6.12 queue' env QUEUE=7.2 "$S/build-deb.sh" -s "$tree"
# checkpatch findings fail the check: needs the kernel tree's checkpatch.pl.
if [ -f "$TOP/build/linux/scripts/checkpatch.pl" ]; then
	mkdir "$T/bad"
	cp "$T/first/0001-mm-vmstat-Make-b-long.patch" "$T/bad/0001-bad.patch"
	sed -i 's/^+long b;$/+long b ;/' "$T/bad/0001-bad.patch"
	echo 0001-bad.patch >"$T/bad/series"
	expect checkpatch-finds-error 1 'FAIL 0001-bad.patch' env VMSTAT_PATCHES="$T/bad" \
		"$S/check-patches.sh" -t "$TOP/build/linux"
else
	n=$((n + 1))
	echo "ok $n checkpatch-finds-error # SKIP no kernel tree at build/linux"
fi

# A moving base. src VERSION: a stand-in of Debian's installed source package under
# $T/root/VERSION (tarball with a top directory, changelog with a date), mm/vmstat.c on stdin.
src() {
	local ver=$1 d=$T/root/$1
	rm -rf "$d"
	mkdir -p "$d/usr/src" "$d/usr/share/doc/linux-source-6.12" "$d/t/linux-source-6.12/mm"
	cat >"$d/t/linux-source-6.12/mm/vmstat.c"
	printf '/*\n!/debian/\n' >"$d/t/linux-source-6.12/.gitignore"
	tar -C "$d/t" --sort=name --mtime=@0 --owner=0 --group=0 -cJf "$d/usr/src/linux-source-6.12.tar.xz" linux-source-6.12
	printf 'linux (%s) bookworm; urgency=medium\n\n  * Stand-in.\n\n -- Test <t@example.invalid>  Thu, 01 Jan 2026 00:00:00 +0000\n' \
		"$ver" | gzip -n >"$d/usr/share/doc/linux-source-6.12/changelog.Debian.gz"
	rm -rf "$d/t"
}
# on VERSION CMD...: CMD with VERSION's stand-in as the installed base source.
on() {
	local ver=$1
	shift
	VMSTAT_SRC_ROOT=$T/root/$ver VMSTAT_SRC_VERSION=$ver "$@"
}
lines() { seq 1 12 | sed 's/.*/int v&;/'; }
lines | src 6.12.1-1
{ printf 'int moved1;\nint moved2;\n'; lines; } | src 6.12.2-1	# offsets only
lines | sed 's/int v5;/int v5_context;/' | src 6.12.3-1		# the patch's context
lines | sed 's/int v8;/int v8_changed;/' | src 6.12.4-1		# the line the patch changes
export VMSTAT_BASE_FILE=$T/BASE
printf 'package=linux-source-6.12\nversion=none\nsha256=none\ncommit=none\n' >"$T/BASE"
rm -rf "$VMSTAT_BUILD" "$VMSTAT_PATCHES"
mkdir -p "$VMSTAT_PATCHES"
: >"$VMSTAT_PATCHES/series"
expect import-records-base 0 'recorded linux-source-6.12 6.12.1-1' on 6.12.1-1 "$S/import-base.sh" -r
sed -i 's/^int v8;/long v8;/' "$tree/mm/vmstat.c"
g add -f mm/vmstat.c
g commit -q -m 'mm/vmstat: Make v8 long' -m 'Because.'
g config branch.series.description $'Moving base\n\nText.'
on 6.12.1-1 "$S/export-series.sh" 2>/dev/null
cp -r "$VMSTAT_PATCHES" "$T/v1"
base1=$(sed -n 's/^commit=//p' "$T/BASE")
check import-reproducible test "$(git -C "$tree" rev-parse base)" = "$base1"

# The newer source in a fresh build area, as on a fresh machine: drift noted, checks pass.
rm -rf "$VMSTAT_BUILD"
expect drift-applies-with-note 0 'note: installed linux-source-6.12 6\.12\.2-1 .*differs from BASE, 6\.12\.1-1' \
	on 6.12.2-1 "$S/apply-series.sh"
expect drift-export-compared-up-to-base 0 'two exports are byte-identical, and equal patches/ up to' \
	on 6.12.2-1 "$S/check-export.sh"
check drift-note-names-both grep -q 'base drift: installed linux-source-6.12 6.12.2-1, BASE records 6.12.1-1' "$T/out"
sed -i 's/^+long v8;/+long long v8;/' "$VMSTAT_PATCHES"/0001-*.patch
expect drift-export-still-fails 1 'differs from patches/ in more than' on 6.12.2-1 "$S/check-export.sh"
cp "$T"/v1/* "$VMSTAT_PATCHES/"
echo 'int w;' >>"$tree/mm/vmstat.c"
expect rebase-refuses-unexported 2 'has work that is not in patches/' on 6.12.2-1 "$S/rebase-series.sh"
check rebase-kept-change grep -q 'int w;' "$tree/mm/vmstat.c"
g checkout -q mm/vmstat.c
expect rebase-moves-base 0 'recorded linux-source-6.12 6\.12\.2-1' on 6.12.2-1 "$S/rebase-series.sh"
check rebase-records-base grep -qx 'version=6.12.2-1' "$T/BASE"
check rebase-reexports grep -q "^base-commit: $(sed -n 's/^commit=//p' "$T/BASE")" "$VMSTAT_PATCHES/0000-cover-letter.patch"
expect rebase-then-identical 0 'byte-identical' on 6.12.2-1 "$S/check-export.sh"

# The context moved: three-way; then a source that breaks the patch: stopped, nothing lost.
rm -rf "$VMSTAT_BUILD"
cp "$T"/v1/* "$VMSTAT_PATCHES/"
printf 'package=linux-source-6.12\nversion=6.12.1-1\nsha256=x\ncommit=%s\n' "$base1" >"$T/BASE"
expect context-change-needs-three-way 1 'patch 1 .* does not apply' on 6.12.3-1 "$S/apply-series.sh"
rm -rf "$VMSTAT_BUILD"
on 6.12.1-1 "$S/apply-series.sh" 2>/dev/null
expect rebase-three-way 0 'Make v8 long' on 6.12.3-1 "$S/rebase-series.sh"
check rebase-three-way-result grep -q '^int v5_context;' "$tree/mm/vmstat.c"
check rebase-kept-old-series test -n "$(g branch --list 'saved/rebase-*')"
head=$(g rev-parse HEAD)
cp "$T/BASE" "$T/BASE.before" && cp -r "$VMSTAT_PATCHES" "$T/before"
expect rebase-conflict-named 1 'patch 1 \(0001-.*\) does not apply to linux-source-6.12 6\.12\.4-1 even three-way.*6\.12\.3-1' \
	on 6.12.4-1 "$S/rebase-series.sh"
check rebase-conflict-tree-kept test "$(g rev-parse HEAD)" = "$head" -a -z "$(g status --porcelain)"
check rebase-conflict-base-kept cmp -s "$T/BASE" "$T/BASE.before"
check rebase-conflict-patches-kept diff -r "$T/before" "$VMSTAT_PATCHES"
rm -rf "$VMSTAT_BUILD"
expect drift-break-named 1 'patch 1 \(0001-.*\) does not apply .*6\.12\.4-1, BASE records 6\.12\.3-1' \
	on 6.12.4-1 "$S/apply-series.sh"

# The queues: an unknown one is refused; a base of another suite (BASE-7.2's suite=sid) that is
# not fetched yet names the command that fetches it, and write_base keeps its suite= line.
expect unknown-queue-refused 2 'QUEUE=6.6: the queues are 6.12 and 7.2' env QUEUE=6.6 "$S/apply-series.sh"
printf 'package=linux-source-7.2\nsuite=sid\nversion=7.2.1-1\nsha256=0\ncommit=0\n' >"$T/BASE-7.2"
expect suite-source-missing-named 2 "missing package: linux-source-7.2 .*make deps QUEUE=7.2.*Debian sid" \
	env -u VMSTAT_SRC_ROOT QUEUE=7.2 VMSTAT_BASE_FILE="$T/BASE-7.2" VMSTAT_BUILD="$T/build-7.2" \
	"$S/import-base.sh" -o "$T/linux-7.2"
check suite-kept-by-write-base env QUEUE=7.2 VMSTAT_BASE_FILE="$T/BASE-7.2" bash -c \
	". '$S/lib.sh' 2>/dev/null; write_base 7.2.2-1 1 2 2>/dev/null; grep -qx suite=sid '$T/BASE-7.2' && grep -qx version=7.2.2-1 '$T/BASE-7.2'"
echo "1..$n"
exit "$fail"
