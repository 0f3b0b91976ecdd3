# SPDX-License-Identifier: GPL-2.0
# vmstat remote fold: build, boot, test and export the patch series in patches/.
# `make` is the main job, `make check` the tests; see README.md.
S := scripts
ARCH ?= x86_64
JOB ?= boot
CMDLINE ?=
FORCE ?=
RUNS ?= 1
COLUMN ?= series
KERNEL ?= build/linux/.obj/x86_64/arch/x86/boot/bzImage

BENCH ?=

.PHONY: all deps deps-check deps-full deps-bench tree rebase export build initrd boot kunit selftests matrix check check-full bench clean help

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

tree: deps
	$(S)/apply-series.sh $(if $(FORCE),-f)

rebase: deps
	$(S)/rebase-series.sh

export:
	$(S)/export-series.sh

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

matrix: selftests
	$(S)/run-matrix.sh -k $(KERNEL) -m $(COLUMN) -n $(RUNS)

check: deps-check
	$(S)/check.sh

check-full: deps-full
	$(S)/check.sh --full

# BENCH: options of bench/run-bench.sh, e.g. BENCH='-r v2 -u'
bench: deps-bench
	bench/run-bench.sh $(BENCH)

clean:
	rm -rf build/check build/base build/bench build/hotpath build/linux/.obj build/selftests build/initrd-selftests.cpio.gz* results
	git -C build/linux worktree prune 2>/dev/null || true
