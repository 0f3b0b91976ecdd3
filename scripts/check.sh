#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make check: run every check in order, each as one KTAP result with its log under
# results/<date>-check/, and end with "N passed, M failed". The series is tested as
# patches/ holds it, in the worktree build/check; the base in the worktree build/base.
# --full adds make check-full's checks, the 7.2 queue's among them; --7.2 runs those alone.
# Usage: scripts/check.sh [--full | --7.2]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() { echo "Usage: $0 [--full | --7.2]" >&2; exit 2; }
mode=check
case "${1:-}" in --full) mode=full ;; --7.2) mode=7.2 ;; '') ;; *) usage ;; esac
run_dir=$TOP/results/$(date +%Y%m%d-%H%M%S)-check
mkdir -p "$run_dir"
check=$BUILD/check base=$BUILD/base mut=$BUILD/mutant part1=$BUILD/part1
# The 7.2 queue's part of check-full points check and mut at its own worktrees, its mutants'
# results get sfx and its kernels mutfrags.
sfx='' mutfrags=()
n=0 passed=0 failed=0

# step NAME CMD...: run one check, log to run_dir/NAME.log, print its KTAP line. CMD runs in a
# subshell: a helper that dies (a mutation that no longer applies) fails its check, not the run.
step() {
	local name=$1 rc=0 start=$SECONDS
	shift
	n=$((n + 1))
	log "check $n: $name"
	("$@") >"$run_dir/$name.log" 2>&1 || rc=$?
	if [ "$rc" = 0 ]; then
		passed=$((passed + 1))
		echo "ok $n $name # $((SECONDS - start)) s"
	else
		failed=$((failed + 1))
		tail -n 25 "$run_dir/$name.log" | sed 's/^/# /'
		echo "not ok $n $name # exit $rc after $((SECONDS - start)) s, log ${run_dir#"$TOP"/}/$name.log"
	fi
}

# control KERNEL [NAME]: the KUnit negative control updates with the CPU-local operations, and
# the stress case must catch them losing counts (it passes only when it does). Results in NAME.
control() {
	local name=${2:-kunit-control}
	"$S/boot-guest.sh" -j kunit -k "$1" -c "percpu_smp_kunit.control=1 $iso" \
		-r "$run_dir/$name" &&
		grep -E 'control: detected -?[0-9]+ lost' "$run_dir/$name/console.log"
}

# The negative controls of the split counters (tests/mutations/NAME.patch, each one property the
# design needs): the vmstat KUnit suite must fail on each, and say by how much.
mutations='unlocked-owner-fold folder-writes-diff slow-path-reuses-hint irq-unsafe-add'

# mutant_build NAME: the series with tests/mutations/NAME.patch, in the worktree build/mutant.
mutant_build() {
	[ -e "$mut/.git" ] || git -C "$check" worktree add -q --detach "$mut" check
	git -C "$mut" checkout -q -f --detach check
	git -C "$mut" apply "$TOP/tests/mutations/$1.patch" ||
		die "tests/mutations/$1.patch no longer applies to the series; update it"
	# Committed on the detached HEAD, so that the worktree holds no uncommitted change.
	git -C "$mut" -c user.name=check -c user.email=check@localhost commit -q -a \
		-m "mutation: tests/mutations/$1.patch"
	"$S/build-kernel.sh" -s "$mut" "${mutfrags[@]}"
}

# mutant_run NAME: the vmstat KUnit suite must fail on the mutant built last, and say by how much.
mutant_run() {
	if "$S/boot-guest.sh" -j kunit -k "$mut/.obj/x86_64/arch/x86/boot/bzImage" \
		-c "$iso vmstat_kunit.stress_ms=3000 kunit.filter_glob=vmstat_remote_fold.vmstat_remote_fold_exact" \
		-r "$run_dir/kunit-mutant-$1$sfx"; then
		echo "the mutant $1 passed: the suite does not catch it"
		return 1
	fi
	grep -E 'vmstat_kunit: .* off by' "$run_dir/kunit-mutant-$1$sfx/console.log"
}

# base_pass_fails KERNEL NAME: on unpatched 6.12 the vmstat-pass job must see per-CPU vmstat
# work, and say so. Results in NAME.
base_pass_fails() {
	if "$S/boot-guest.sh" -j vmstat-pass -k "$1" -c "$iso" -t 600 -r "$run_dir/$2"; then
		echo "6.12 passed the vmstat-pass job: its first case cannot fail"
		return 1
	fi
	grep -E '^not ok 1 no_percpu_vmstat_work # [0-9]+ vmstat work items' "$run_dir/$2/console.log"
}

# mutant_idle NAME PATTERN: the vmstat-idle job must fail on the mutant built last (tests/
# mutations/NAME.patch; results in vmstat-idle-NAME) with a KTAP line matching PATTERN.
mutant_idle() {
	if "$S/boot-guest.sh" -j vmstat-idle -k "$mut/.obj/x86_64/arch/x86/boot/bzImage" -c "$iso" \
		-r "$run_dir/vmstat-idle-$1"; then
		echo "the mutant $1 passed: the vmstat-idle job cannot fail it"
		return 1
	fi
	grep -E "$2" "$run_dir/vmstat-idle-$1/console.log"
}

# idle_strands KERNEL NAME: the vmstat-idle job on an unpatched KERNEL (results in NAME) must
# pass its first case and fail its second: 6.12 does not fold at a nohz_full CPU's idle entry.
idle_strands() {
	if "$S/boot-guest.sh" -j vmstat-idle -k "$1" -c "$iso" -r "$run_dir/$2"; then
		echo "$2 passed: the vmstat-idle job's nohz_full case cannot fail"
		return 1
	fi
	grep -E '^ok 1 no_vmstat_wakeups' "$run_dir/$2/console.log" &&
		grep -E '^not ok 2 nohz_full_idle_entry_folds # stranded' "$run_dir/$2/console.log"
}

# mutant_hotplug: the memory-hotplug job must fail on the mutant built last, on the pass that
# waits for the stuck offline.
mutant_hotplug() {
	if "$S/boot-guest.sh" -j memory-hotplug -k "$mut/.obj/x86_64/arch/x86/boot/bzImage" -c "$iso $memhp" \
		-d 512 -r "$run_dir/memory-hotplug-mutant"; then
		echo "the mutant pass-holds-mem-hotplug passed: the memory-hotplug job cannot fail"
		return 1
	fi
	grep -E '^not ok 2 pass_runs_during_offline' "$run_dir/memory-hotplug-mutant/console.log"
}

# mutant_memoryless: the memoryless job must fail on the mutant built last, its list drained.
mutant_memoryless() {
	if "$S/boot-guest.sh" -j memoryless -k "$mut/.obj/x86_64/arch/x86/boot/bzImage" -c "$iso" -M \
		-r "$run_dir/memoryless-mutant"; then
		echo "the mutant memoryless-node-is-remote passed: the memoryless job cannot fail"
		return 1
	fi
	grep -E '^not ok 2 local_list_kept # .* drained from [0-9]+ pages to 0' "$run_dir/memoryless-mutant/console.log"
}

# mutant_soak: the soak must fail on the mutant built last (folder-writes-diff: the owner's
# unlocked adds race with the folder's xchg of diff), naming a zone whose free pages are off,
# a counter that did not return or a negative one.
mutant_soak() {
	if "$S/soak.sh" -k "$mut/.obj/x86_64/arch/x86/boot/bzImage" -s 180 -r "$run_dir/soak-mutant"; then
		echo "the mutant folder-writes-diff passed: the soak cannot fail"
		return 1
	fi
	grep -E '^not ok [0-9]+ (counters_returned|free_pages_exact|no_negative_counter) ' "$run_dir/soak-mutant/console.log"
}

# part1_tree CHECK PART1: the worktree PART1 of CHECK's repo at the last patch before the first
# one that touches mm/, the SMP-safe per-CPU operations alone, whose disassembly check must see
# no change.
part1_tree() {
	local first
	first=$(git -C "$1" log --reverse --format=%H base..HEAD -- mm | head -n 1)
	[ -n "$first" ] || die "no patch of the series touches mm/" 1
	[ -e "$2/.git" ] || git -C "$1" worktree add -q --detach "$2" "$first^"
	git -C "$2" checkout -q -f --detach "$first^"
	git -C "$2" log --oneline -1
}

# base_tree REPO DIR: the worktree DIR of REPO at its base (the tag moves with make rebase).
base_tree() {
	[ -e "$2/.git" ] || git -C "$1" worktree add -q --detach "$2" base
	git -C "$2" checkout -q -f --detach base
}

# cpuset_base_fails KERNEL: the cpuset-partition job must fail on the unpatched kernel, with
# vmstat work on the CPU while its partition isolates it.
cpuset_base_fails() {
	if "$S/boot-guest.sh" -j cpuset-partition -k "$1" -r "$run_dir/cpuset-partition-base-7.2"; then
		echo "the unpatched kernel passed the cpuset-partition job: it cannot fail"
		return 1
	fi
	grep -E '^(not )?ok [0-9]+ ' "$run_dir/cpuset-partition-base-7.2/console.log"
	grep -qE '^not ok 3 no_vmstat_work_while_isolated # vmstat_work:' \
		"$run_dir/cpuset-partition-base-7.2/console.log"
}

# mutant_plain: the invariant check must find the mutant built last breaking it.
mutant_plain() {
	if "$S/check-plain-diffs.py" "$mut"; then
		echo "the mutant went unnoticed: the invariant check cannot fail"
		return 1
	fi
}

# cocci TREE: the series' semantic patch over mm/, as make coccicheck runs it; prints what it
# reports. Fails when coccicheck cannot run.
cocci() {
	local out
	need_cmd spatch coccinelle
	out=$(make -s -C "$1" coccicheck MODE=report M=mm/ \
		COCCI="$1/scripts/coccinelle/misc/vmstat_split.cocci" 2>&1) || {
		echo "$out"
		echo "make coccicheck failed in $1"
		return 1
	}
	grep -E ': (WARNING|ERROR)' <<<"$out" || true
}

# cocci_clean TREE: coccicheck reports nothing on TREE.
cocci_clean() {
	local out
	out=$(cocci "$1") || { echo "$out"; return 1; }
	[ -z "$out" ] || { echo "$out"; return 1; }
}

# mutant_cocci: coccicheck must report the mutant built last, in mm/vmstat.c.
mutant_cocci() {
	local out
	out=$(cocci "$mut") || { echo "$out"; return 1; }
	[ -z "$out" ] || echo "$out"
	grep -q 'vmstat\.c:[0-9]*:.*WARNING' <<<"$out" ||
		{ echo "the mutant went unnoticed: coccicheck cannot fail"; return 1; }
}

# kernel_path ARCH: the image path inside the object dir, from configs/qemu/ARCH.py.
kernel_path() {
	python3 "$S/qemu-facts.py" "$TOP/configs/qemu/$1.py" "$TREE" | sed -n "s/^kernel_path=//p"
}

# hotpath_swapped: bench/hotpath's check, each kernel's functions in the harness against the
# other kernel's object, must find them different (the check can fail).
hotpath_swapped() {
	local rc=0
	"$TOP/bench/hotpath/check-hotpath.sh" -x "base=$base/.obj/x86_64" "series=$check/.obj/x86_64" || rc=$?
	[ "$rc" = 1 ]
}

S=$TOP/scripts
distro=''
[ "$mode" = 7.2 ] || distro=$(distro_kernel)
iso='isolcpus=nohz,domain,3 nohz_full=3'
memhp=memhp_default_state=offline	# the DIMM of the memory-hotplug job stays offline at boot
# main_steps: what make check runs, on the 6.12 queue.
main_steps() {
	step shellcheck shellcheck -x "$S"/*.sh "$TOP"/bench/*.sh "$TOP"/bench/*/*.sh "$TOP"/tests/*.sh "$TOP"/guest/init "$TOP"/guest/lib.sh "$TOP"/guest/jobs/*.sh "$TOP"/.ci/run
	step tool-unit-tests python3 -m unittest discover -s "$TOP/tests" -p 'test_*.py'
	step series-applies "$S/apply-series.sh" -f -t "$check" -b check
	step tooling-failure-modes "$TOP/tests/tooling.sh"
	step export-identical "$S/check-export.sh" -t "$check" -b check
	step checkpatch "$S/check-patches.sh" -t "$check"
	step every-patch-builds "$S/check-bisect.sh" -t "$check"
	step every-patch-builds-can-fail "$S/check-bisect.sh" -m -t "$check"
	step build-series "$S/build-kernel.sh" -s "$check"
	step smp-locks-x86_64 "$S/check-smp-locks.py" "$check/.obj/x86_64/vmlinux"
	step smp-locks-check-can-fail "$S/check-smp-locks.py" -m
	step initramfs "$S/mkinitrd.sh" "$BUILD/initrd.cpio.gz"
	step boot-series "$S/boot-guest.sh" -j boot -k "$check/.obj/x86_64/arch/x86/boot/bzImage" \
		-c "$iso" -r "$run_dir/boot-series"
	step kunit-series "$S/boot-guest.sh" -j kunit -k "$check/.obj/x86_64/arch/x86/boot/bzImage" \
		-c "$iso" -r "$run_dir/kunit-series"
	step kunit-control control "$check/.obj/x86_64/arch/x86/boot/bzImage"
	step kunit-series-nonuma "$S/boot-guest.sh" -j kunit -k "$check/.obj/x86_64/arch/x86/boot/bzImage" \
		-c "$iso numa=off" -r "$run_dir/kunit-series-nonuma"
	step vmstat-pass-series "$S/boot-guest.sh" -j vmstat-pass \
		-k "$check/.obj/x86_64/arch/x86/boot/bzImage" -c "$iso" -t 600 -r "$run_dir/vmstat-pass-series"
	step vmstat-idle-series "$S/boot-guest.sh" -j vmstat-idle \
		-k "$check/.obj/x86_64/arch/x86/boot/bzImage" -c "$iso" -r "$run_dir/vmstat-idle-series"
	step plain-diffs "$S/check-plain-diffs.py" "$check"
	step coccicheck cocci_clean "$check"
	for m in $mutations; do
		step "build-mutant-$m" mutant_build "$m"
		step "kunit-mutant-$m-fails" mutant_run "$m"
		# The static invariant check must catch these three too; a reused hint it cannot see.
		case $m in slow-path-reuses-hint) ;; *)
			step "plain-diffs-can-fail-$m" mutant_plain
			step "coccicheck-can-fail-$m" mutant_cocci ;;
		esac
	done
	step build-mutant-shepherd-always-on-time mutant_build shepherd-always-on-time
	step vmstat-idle-mutant-fails mutant_idle shepherd-always-on-time \
		'^not ok 1 no_vmstat_wakeups # [0-9]+ on-time'
	step build-mutant-no-idle-entry-fold mutant_build no-idle-entry-fold
	step vmstat-idle-mutant-idle-entry-fails mutant_idle no-idle-entry-fold \
		'^not ok 2 nohz_full_idle_entry_folds # stranded'
	step memory-hotplug-series "$S/boot-guest.sh" -j memory-hotplug \
		-k "$check/.obj/x86_64/arch/x86/boot/bzImage" -c "$iso $memhp" -d 512 -r "$run_dir/memory-hotplug-series"
	step build-mutant-pass-holds-mem-hotplug mutant_build pass-holds-mem-hotplug
	step memory-hotplug-mutant-fails mutant_hotplug
	step memoryless-series "$S/boot-guest.sh" -j memoryless -k "$check/.obj/x86_64/arch/x86/boot/bzImage" \
		-c "$iso" -M -r "$run_dir/memoryless-series"
	step build-mutant-memoryless-node-is-remote mutant_build memoryless-node-is-remote
	step memoryless-mutant-fails mutant_memoryless
	step build-series-arm64 "$S/build-kernel.sh" -a arm64 -s "$check"
	step kunit-series-arm64 "$S/boot-guest.sh" -a arm64 -j kunit \
		-k "$check/.obj/arm64/$(kernel_path arm64)" -c kunit_shutdown=poweroff \
		-r "$run_dir/kunit-series-arm64"
	# The selftest category in the arm64 guest too: the program cross-built static, Debian's
	# arm64 busybox and bash (scripts/install-deps.sh unpacks them into build/sysroot-arm64).
	step build-selftests-arm64 "$S/build-selftests.sh" -a arm64 -s "$check"
	step initramfs-selftests-arm64 "$S/mkinitrd.sh" -a arm64 "$BUILD/initrd-selftests-arm64.cpio.gz" \
		"$BUILD/selftests-arm64/vmstat_remote" "$BUILD/selftests-arm64/run_vmtests.sh"
	step vmstat-selftests-series-arm64 "$S/run-matrix.sh" -a arm64 -k "$check/.obj/arm64/$(kernel_path arm64)" \
		-m series -r "$run_dir/vmstat-selftests-series-arm64"
	base_tree "$TREE" "$base"
	step part1-tree part1_tree "$check" "$part1"
	step disasm-x86_64 "$S/check-disasm.sh" -a x86_64 -b "$base" -t "$part1"
	step disasm-detects-change "$S/check-disasm.sh" -a x86_64 -m -b "$base" -t "$part1"
	step disasm-arm64 "$S/check-disasm.sh" -a arm64 -b "$base" -t "$part1"
	# make bench's hot-path harness runs the kernels' own mm/vmstat.o: shown on these objects
	# (of the base, only that object here; make check-full builds the whole base kernel).
	step build-base-vmstat-object "$S/build-kernel.sh" -s "$base" mm/vmstat.o
	step hotpath-runs-objects "$TOP/bench/hotpath/check-hotpath.sh" "base=$base/.obj/x86_64" \
		"series=$check/.obj/x86_64"
	step hotpath-check-can-fail hotpath_swapped
	# Debian's own 6.12 kernel of the same version is the unpatched control: per-CPU vmstat work.
	step boot-distro "$S/boot-guest.sh" -j boot -k "$distro" -c "$iso" -r "$run_dir/boot-distro"
	step vmstat-pass-distro-fails base_pass_fails "$distro" vmstat-pass-distro
	step vmstat-idle-distro-strands idle_strands "$distro" vmstat-idle-distro
	# The mm selftests' vmstat category, built from the series, in guests of the series and of
	# Debian's kernel: the matrix of configs/vmstat-matrix (series all PASS; base FAIL, tagged).
	step build-selftests "$S/build-selftests.sh" -s "$check"
	step initramfs-selftests "$S/mkinitrd.sh" "$BUILD/initrd-selftests.cpio.gz" \
		"$BUILD/selftests/vmstat_remote" "$BUILD/selftests/run_vmtests.sh"
	step vmstat-selftests-series "$S/run-matrix.sh" -k "$check/.obj/x86_64/arch/x86/boot/bzImage" \
		-m series -r "$run_dir/vmstat-selftests-series"
	step vmstat-selftests-distro "$S/run-matrix.sh" -k "$distro" -m base -r "$run_dir/vmstat-selftests-distro"
}

# full_steps: what make check-full adds on the 6.12 queue.
full_steps() {
	# The like-for-like base: the whole kernel, its boots and the negative controls on it.
	step build-base "$S/build-kernel.sh" -s "$base"
	step boot-base "$S/boot-guest.sh" -j boot -k "$base/.obj/x86_64/arch/x86/boot/bzImage" \
		-c "$iso" -r "$run_dir/boot-base"
	step vmstat-pass-base-fails base_pass_fails "$base/.obj/x86_64/arch/x86/boot/bzImage" vmstat-pass-base
	# 6.12's vmstat timers are all deferrable: the idle job's first case passes there too (and
	# gives its figure); 6.12 never folds the isolated CPU, so the second fails.
	step vmstat-idle-base-strands idle_strands "$base/.obj/x86_64/arch/x86/boot/bzImage" vmstat-idle-base
	step vmstat-selftests-base "$S/run-matrix.sh" -k "$base/.obj/x86_64/arch/x86/boot/bzImage" \
		-m base -r "$run_dir/vmstat-selftests-base"
	step build-base-arm64 "$S/build-kernel.sh" -a arm64 -s "$base"
	step vmstat-selftests-base-arm64 "$S/run-matrix.sh" -a arm64 -k "$base/.obj/arm64/$(kernel_path arm64)" \
		-m base -r "$run_dir/vmstat-selftests-base-arm64"
	step every-patch-builds-x86_64-up "$S/check-bisect.sh" -a x86_64-up -t "$check"
	step docs "$S/check-docs.sh" -t "$check"
	step docs-can-fail "$S/check-docs.sh" -m -t "$check"
	step build-series-s390 "$S/build-kernel.sh" -a s390 -s "$check"
	step kunit-series-s390 "$S/boot-guest.sh" -a s390 -j kunit \
		-k "$check/.obj/s390/$(kernel_path s390)" -c kunit_shutdown=poweroff \
		-r "$run_dir/kunit-series-s390"
	for arch in arm64 s390 loongarch i386; do
		step "every-patch-builds-$arch" "$S/check-bisect.sh" -a "$arch" -t "$check"
	done
	step build-series-rt "$S/build-kernel.sh" -s "$check" -n x86_64-rt -f "$TOP/configs/rt.config"
	# Without nohz_full: 6.12 PREEMPT_RT with nohz_full (RCU callback offloading) boots with a
	# lockdep "Unsafe read of RCU_NOCB offloaded state" in rcuc/0's rcu_core() (no vmstat frame;
	# not yet reproduced on an RT build of the base).
	step kunit-series-rt "$S/boot-guest.sh" -j kunit -k "$check/.obj/x86_64-rt/arch/x86/boot/bzImage" \
		-r "$run_dir/kunit-series-rt"
	step vmstat-pass-rt "$S/boot-guest.sh" -j vmstat-pass -k "$check/.obj/x86_64-rt/arch/x86/boot/bzImage" \
		-c "isolcpus=domain,3" -t 600 -r "$run_dir/vmstat-pass-rt"
	# KCSAN (configs/kcsan.config): both KUnit suites, the vmstat-pass job and the selftest
	# category with no KCSAN report naming a function of mm/ (others are printed as notes).
	kcsan=$check/.obj/x86_64-kcsan/arch/x86/boot/bzImage
	step build-series-kcsan "$S/build-kernel.sh" -s "$check" -n x86_64-kcsan -f "$TOP/configs/kcsan.config"
	KCSAN_SCOPE=$check/mm step kunit-series-kcsan "$S/boot-guest.sh" -j kunit -k "$kcsan" -c "$iso" \
		-t 1800 -r "$run_dir/kunit-series-kcsan"
	KCSAN_SCOPE=$check/mm step vmstat-pass-kcsan "$S/boot-guest.sh" -j vmstat-pass -k "$kcsan" -c "$iso" \
		-t 1800 -r "$run_dir/vmstat-pass-kcsan"
	KCSAN_SCOPE=$check/mm step vmstat-selftests-kcsan "$S/run-matrix.sh" -k "$kcsan" -m series \
		-r "$run_dir/vmstat-selftests-kcsan"
	# The KUnit suites on arm64 with KCSAN too: its atomics (the SMP-safe operations map onto
	# them) are instrumented where x86's are asm; its per-CPU adds are asm, as on x86.
	step build-series-kcsan-arm64 "$S/build-kernel.sh" -a arm64 -s "$check" -n arm64-kcsan \
		-f "$TOP/configs/kcsan.config" -f "$TOP/configs/kcsan-arm64.config"
	KCSAN_SCOPE=$check/mm step kunit-series-kcsan-arm64 "$S/boot-guest.sh" -a arm64 -j kunit \
		-k "$check/.obj/arm64-kcsan/$(kernel_path arm64)" -c kunit_shutdown=poweroff -t 1800 \
		-r "$run_dir/kunit-series-kcsan-arm64"
	# The soak: stress-ng on every CPU under CPU and memory hotplug, then the counters; it
	# must fail on the mutant whose folder writes diff, racing with the owner's adds.
	step soak-series "$S/soak.sh" -k "$check/.obj/x86_64/arch/x86/boot/bzImage" -r "$run_dir/soak-series"
	step build-mutant-folder-writes-diff-again mutant_build folder-writes-diff
	step soak-mutant-fails mutant_soak
	step build-series-riscv "$S/build-kernel.sh" -a riscv -s "$check"
	step kunit-series-riscv "$S/boot-guest.sh" -a riscv -j kunit \
		-k "$check/.obj/riscv/$(kernel_path riscv)" -c kunit_shutdown=poweroff \
		-r "$run_dir/kunit-series-riscv"
}

# queue72_steps: the 7.2 queue, in make check-full and alone with --7.2.
queue72_steps() {
	# The 7.2 queue (patches-7.2/) in the worktree build/check-7.2, unpatched 7.2 in build/base-7.2,
	# both kernels with cgroup v2 cpusets (configs/cpuset.config) for the cpuset-partition job.
	check72=$BUILD/check-7.2 base72=$BUILD/base-7.2 part72=$BUILD/part1-7.2 cpuset=$TOP/configs/cpuset.config
	k72=$check72/.obj/x86_64/arch/x86/boot/bzImage b72=$base72/.obj/x86_64/arch/x86/boot/bzImage
	export QUEUE=7.2
	step queue-7.2-applies "$S/apply-series.sh" -f -t "$check72" -b check
	step queue-7.2-export-identical "$S/check-export.sh" -t "$check72" -b check
	step queue-7.2-checkpatch "$S/check-patches.sh" -t "$check72"
	step queue-7.2-coccicheck cocci_clean "$check72"
	# Sphinx is in make check-full's packages only.
	[ "$mode" != full ] || step queue-7.2-docs "$S/check-docs.sh" -t "$check72"
	step queue-7.2-every-patch-builds "$S/check-bisect.sh" -t "$check72"
	step build-series-7.2 "$S/build-kernel.sh" -s "$check72" -f "$cpuset"
	step kunit-series-7.2 "$S/boot-guest.sh" -j kunit -k "$k72" -c "$iso" -r "$run_dir/kunit-series-7.2"
	step kunit-control-7.2 control "$k72" kunit-control-7.2
	step vmstat-pass-series-7.2 "$S/boot-guest.sh" -j vmstat-pass -k "$k72" -c "$iso" -t 600 \
		-r "$run_dir/vmstat-pass-series-7.2"
	step vmstat-selftests-series-7.2 "$S/run-matrix.sh" -k "$k72" -m series \
		-r "$run_dir/vmstat-selftests-series-7.2"
	step vmstat-selftests-series-7.2-nohz_full "$S/run-matrix.sh" -k "$k72" -m series -c nohz_full=3 \
		-r "$run_dir/vmstat-selftests-series-7.2-nohz_full"
	step cpuset-partition-series-7.2 "$S/boot-guest.sh" -j cpuset-partition -k "$k72" \
		-r "$run_dir/cpuset-partition-series-7.2"
	base_tree "$BUILD/linux-7.2" "$base72"
	step build-base-7.2 "$S/build-kernel.sh" -s "$base72" -f "$cpuset"
	step vmstat-selftests-base-7.2 "$S/run-matrix.sh" -k "$b72" -m base -r "$run_dir/vmstat-selftests-base-7.2"
	step vmstat-selftests-base-7.2-nohz_full "$S/run-matrix.sh" -k "$b72" -m base-nohz_full -c nohz_full=3 \
		-r "$run_dir/vmstat-selftests-base-7.2-nohz_full"
	step cpuset-partition-base-7.2-fails cpuset_base_fails "$b72"
	step part1-tree-7.2 part1_tree "$check72" "$part72"
	step disasm-x86_64-7.2 "$S/check-disasm.sh" -a x86_64 -b "$base72" -t "$part72"
	# The split counters' negative controls on 7.2: the vmstat KUnit suite must fail on each.
	check=$check72 mut=$BUILD/mutant-7.2 sfx=-7.2 mutfrags=(-f "$cpuset")
	for m in $mutations; do
		step "build-mutant-$m-7.2" mutant_build "$m"
		step "kunit-mutant-$m-fails-7.2" mutant_run "$m"
		case $m in slow-path-reuses-hint) ;; *) step "coccicheck-can-fail-$m-7.2" mutant_cocci ;; esac
	done
	check=$BUILD/check mut=$BUILD/mutant sfx='' mutfrags=()
	export QUEUE=6.12
}

echo "KTAP version 1"
d=$(drift)
[ -z "$d" ] || echo "# note: $d"
case $mode in
check) main_steps ;;
full) main_steps; full_steps; queue72_steps ;;
7.2) queue72_steps ;;
esac
echo "1..$n"
{
	echo "base: $(git -C "$TREE" log -1 --format=%s base) at $(git -C "$TREE" rev-parse base)"
	echo "BASE: $(base_field package) $(base_field version) at $(base_field commit)"
	[ -z "$d" ] || echo "note: $d"
	echo "distro kernel: $distro"
	echo "results: ${run_dir#"$TOP"/}"
} >&2
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
