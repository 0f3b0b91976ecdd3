# SPDX-License-Identifier: GPL-2.0
# vmstat remote fold: build, boot, test and export the patch series in patches/.
# `make` is the main job, `make check` the tests; see README.md.
S := scripts
# QUEUE: the series worked on: 6.12 (patches/, BASE, build/linux) or 7.2 (patches-7.2/, BASE-7.2,
# build/linux-7.2); tree, rebase, export, build and deps take it.
QUEUE ?= 6.12
export QUEUE
REPO := build/linux$(if $(filter 7.2,$(QUEUE)),-7.2)
ARCH ?= x86_64
JOB ?= boot
CMDLINE ?=
FORCE ?=
RUNS ?= 1
COLUMN ?= series
KERNEL ?= $(REPO)/.obj/x86_64/arch/x86/boot/bzImage

BENCH ?=
SOAK_S ?= 300
DEB_DEBUG ?=

.PHONY: all deps deps-check deps-full deps-bench deps-soak deps-deb tree rebase export build initrd boot kunit selftests matrix check check-full check-7.2 bench soak deb recipients clean help

all: deps tree build initrd selftests
	$(S)/run-main.sh

help:
	@sed -n 's/^## //p' README.md

deps:
	$(S)/install-deps.sh main

deps-check:
	$(S)/install-deps.sh check

deps-full:
	$(S)/install-deps.sh full

deps-bench:
	$(S)/install-deps.sh bench

deps-soak:
	$(S)/install-deps.sh soak

deps-deb:
	$(S)/install-deps.sh deb

tree: deps
	$(S)/apply-series.sh $(if $(FORCE),-f)

rebase: deps
	$(S)/rebase-series.sh

export:
	$(S)/export-series.sh

recipients:
	$(S)/recipients.sh

build:
	$(S)/build-kernel.sh -a $(ARCH)

initrd:
	$(S)/mkinitrd.sh build/initrd.cpio.gz

boot: initrd
	$(S)/boot-guest.sh -a $(ARCH) -j $(JOB) -c "$(CMDLINE)"

kunit: initrd
	$(S)/boot-guest.sh -a $(ARCH) -j kunit -c "isolcpus=nohz,domain,3 nohz_full=3 $(CMDLINE)"

selftests: deps
	$(S)/build-selftests.sh
	$(S)/mkinitrd.sh build/initrd-selftests.cpio.gz build/selftests/vmstat_remote build/selftests/run_vmtests.sh

# Debian packages with Debian's config (bindeb-pkg), then their kernel through the selftest matrix.
deb: deps-deb selftests
	$(S)/build-deb.sh $(if $(DEB_DEBUG),-g)
	$(S)/run-matrix.sh -k "$$(ls build/deb/root/boot/vmlinuz-*)" -m series -n $(RUNS)

matrix: selftests
	$(S)/run-matrix.sh -k $(KERNEL) -m $(COLUMN) -n $(RUNS)

check: deps-check
	$(S)/check.sh

check-full: deps-full
	QUEUE=7.2 $(S)/install-deps.sh main
	$(S)/check.sh --full

# the 7.2 queue's part of check-full alone
check-7.2: deps-check
	QUEUE=7.2 $(S)/install-deps.sh main
	$(S)/check.sh --7.2

# BENCH: options of bench/run-bench.sh, e.g. BENCH='-r v2 -u'
bench: deps-bench
	bench/run-bench.sh $(BENCH)

# SOAK_S: seconds of stress-ng; KERNEL: the kernel soaked
soak: deps-soak
	$(S)/soak.sh -k $(KERNEL) -s $(SOAK_S)

clean:
	rm -rf build/check build/base build/bench build/hotpath build/linux/.obj build/selftests build/initrd-selftests.cpio.gz* build/initrd-soak.cpio.gz* results
	rm -rf build/check-7.2 build/base-7.2 build/part1-7.2 build/mutant-7.2 build/linux-7.2/.obj
	git -C build/linux worktree prune 2>/dev/null || true
	git -C build/linux-7.2 worktree prune 2>/dev/null || true
