#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The mm selftests' vmstat category, run by the stock run_vmtests.sh from /guest/bin, where
# scripts/mkinitrd.sh put it with the test programs, -d for the CPU hotplug and fair-server-off
# cases too; its TAP is this job's KTAP.
cd /guest/bin || exit 1
if [ ! -x ./run_vmtests.sh ] || [ ! -x ./vmstat_remote ]; then
	echo "vmtest: no mm selftests in this initramfs; see scripts/build-selftests.sh" >&2
	exit 1
fi
./run_vmtests.sh -t vmstat -d
