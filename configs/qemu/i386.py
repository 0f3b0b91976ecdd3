# SPDX-License-Identifier: GPL-2.0
# Build facts for 32-bit x86 (SMP, no 8-byte per-CPU atomics), in kunit.py's qemu_config format.
import os
from ..qemu_config import QemuArchParams

_CONFIGS = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')

MAKE_ARGS = []

QEMU_ARCH = QemuArchParams(linux_arch='i386',
			   kconfig='CONFIG_SMP=y\nCONFIG_SERIAL_8250=y\nCONFIG_SERIAL_8250_CONSOLE=y\n' +
				   open(os.path.join(_CONFIGS, 'kunit.config')).read(),
			   qemu_arch='i386',
			   kernel_path='arch/x86/boot/bzImage',
			   kernel_command_line='console=ttyS0',
			   extra_qemu_params=['-accel', 'tcg,thread=multi', '-m', '1G', '-smp', '4'])
