#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the tooling needs, and the base kernel source recorded in BASE.
# With --check, install nothing: name what is missing and exit 2.
# Usage: scripts/install-deps.sh [--check] [--full]   (--full adds the cross toolchains)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() { echo "Usage: $0 [--check] [--full]" >&2; exit 2; }
check=0 full=0
for a in "$@"; do
	case $a in --check) check=1 ;; --full) full=1 ;; *) usage ;; esac
done
pkgs=(build-essential bc bison flex libelf-dev libssl-dev dwarves cpio kmod python3 git
	ccache sparse shellcheck busybox-static bash-static qemu-system-x86 file python3-ply python3-git
	"$(base_field package)")
# The distro baseline: Debian's cloud kernel of the same version as the installed source.
src_ver=$(dpkg-query -W -f='${Version}' "$(base_field package)" 2>/dev/null || base_field version)
pkgs+=("linux-image-${src_ver%%-*}+deb12-cloud-amd64-unsigned")
[ "$full" = 0 ] || pkgs+=(gcc-aarch64-linux-gnu gcc-s390x-linux-gnu gcc-riscv64-linux-gnu
	clang-19 lld-19 llvm-19 qemu-system-arm qemu-system-misc)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
[ ${#missing[@]} -gt 0 ] || exit 0
if [ "$check" = 1 ] || [ -n "${VMSTAT_DEPS_AGAIN:-}" ]; then
	die "missing packages: ${missing[*]}; run 'make deps'" 2
fi
[ "$(id -u)" = 0 ] || die "missing packages: ${missing[*]}; run 'sudo make deps'" 2
log "install ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
run apt-get update -q >/dev/null
want=$(base_field version)
have=$(apt-cache policy "$(base_field package)" | sed -n 's/^ *Candidate: //p')
if [ "$have" != "$want" ]; then
	log "warning: Debian's archive offers $(base_field package) $have, BASE records $want"
fi
run apt-get install -y -q --no-install-recommends "${missing[@]}" ||
	die "apt-get could not install: ${missing[*]} (a version missing from Debian's archive?)" 1
# A fresh install may have brought a newer source than BASE: its matching cloud kernel too.
VMSTAT_DEPS_AGAIN=1 exec "$0" "$@"
