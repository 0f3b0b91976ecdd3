#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the guest program of make bench, bench/guest/vmstat-bench.c, static, into
# build/bench/vmstat-bench; a no-op when it is up to date.
# Usage: bench/build-bench-prog.sh
set -euo pipefail
. "$(dirname "$0")/../scripts/lib.sh"

[ $# = 0 ] || { echo "Usage: $0" >&2; exit 2; }
need_cmd gcc gcc
src=$TOP/bench/guest/vmstat-bench.c out=$BUILD/bench/vmstat-bench
[ -f /usr/lib/x86_64-linux-gnu/libc.a ] || die "missing package: libc6-dev (no static libc); run 'make deps'" 2
mkdir -p "$(dirname "$out")"
if [ ! -x "$out" ] || [ "$src" -nt "$out" ]; then
	run gcc -O2 -Wall -Werror -static -o "$out" "$src"
fi
