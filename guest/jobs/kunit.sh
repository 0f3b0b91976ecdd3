#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# KUnit job: the suites already ran at boot and printed their KTAP through printk; this job
# only checks that KUnit was not switched off, and prints no KTAP of its own.
if grep -qw 'kunit.enable=0' /proc/cmdline; then
	echo "vmtest: KUnit is disabled on this kernel command line" >&2
	exit 1
fi
