#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Print an arch's QEMU and build facts as shell assignments, for eval in bash.

The facts live in configs/qemu/<arch>.py, a kunit.py qemu_config; this loads it the way
kunit.py does (with the kernel tree's own qemu_config module), so both read the same file.
Usage: scripts/qemu-facts.py CONFIG_PY KERNEL_TREE
"""
import importlib.util
import os
import shlex
import sys


def load(path: str, tree: str):
	kunit_dir = os.path.join(tree, 'tools', 'testing', 'kunit')
	sys.path.insert(0, kunit_dir)
	# As kunit_kernel._get_qemu_ops(): name the module as if it lived in qemu_configs/.
	name = '.' + os.path.join('qemu_configs', os.path.basename(path))
	spec = importlib.util.spec_from_file_location(name, path)
	if spec is None or spec.loader is None:
		raise ValueError(f'cannot load {path}')
	module = importlib.util.module_from_spec(spec)
	spec.loader.exec_module(module)
	return module


def main() -> int:
	if len(sys.argv) != 3:
		print(__doc__.strip().splitlines()[-1], file=sys.stderr)
		return 2
	module = load(sys.argv[1], sys.argv[2])
	arch = module.QEMU_ARCH
	facts = {
		'linux_arch': arch.linux_arch,
		'kconfig': arch.kconfig,
		'qemu_arch': arch.qemu_arch,
		'kernel_path': arch.kernel_path,
		'kernel_command_line': arch.kernel_command_line,
		'serial': arch.serial,
	}
	for key, value in facts.items():
		print(f'{key}={shlex.quote(value)}')
	print('extra_qemu_params=(' + ' '.join(map(shlex.quote, arch.extra_qemu_params)) + ')')
	print('make_args=(' + ' '.join(map(shlex.quote, getattr(module, 'MAKE_ARGS', []))) + ')')
	return 0


if __name__ == '__main__':
	sys.exit(main())
