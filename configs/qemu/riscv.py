# SPDX-License-Identifier: GPL-2.0
# QEMU facts for riscv64, in kunit.py's qemu_config format (see x86_64.py): the virt machine
# with OpenSBI, four vCPUs under multi-threaded TCG. riscv has no SMP-safe this_cpu operations
# of its own, so this is where the generic fallback runs on real SMP.
import os
from ..qemu_config import QemuArchParams

_CONFIGS = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')


def _fragments(*names):
	return ''.join(open(os.path.join(_CONFIGS, n)).read() for n in names)


MAKE_ARGS = ['CROSS_COMPILE=riscv64-linux-gnu-']

QEMU_ARCH = QemuArchParams(linux_arch='riscv',
			   kconfig='CONFIG_ARCH_VIRT=y\nCONFIG_SERIAL_8250=y\n'
				   'CONFIG_SERIAL_8250_CONSOLE=y\nCONFIG_SERIAL_OF_PLATFORM=y\n' +
				   _fragments('guest.config', 'debug.config', 'kunit.config'),
			   qemu_arch='riscv64',
			   kernel_path='arch/riscv/boot/Image',
			   kernel_command_line='console=ttyS0',
			   extra_qemu_params=['-machine', 'virt', '-cpu', 'rv64',
					      '-bios', '/usr/share/qemu/opensbi-riscv64-generic-fw_dynamic.bin',
					      '-accel', 'tcg,thread=multi', '-m', '2G', '-smp', '4'])
