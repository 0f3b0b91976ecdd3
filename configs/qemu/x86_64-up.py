# SPDX-License-Identifier: GPL-2.0
# Build facts for a uniprocessor x86_64 kernel: the SMP-safe operations and their KUnit suite
# must build (and skip) without CONFIG_SMP.
import os
from ..qemu_config import QemuArchParams

_CONFIGS = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')

MAKE_ARGS = []

QEMU_ARCH = QemuArchParams(linux_arch='x86_64',
			   kconfig='# CONFIG_SMP is not set\nCONFIG_SERIAL_8250=y\nCONFIG_SERIAL_8250_CONSOLE=y\n' +
				   open(os.path.join(_CONFIGS, 'kunit.config')).read(),
			   qemu_arch='x86_64',
			   kernel_path='arch/x86/boot/bzImage',
			   kernel_command_line='console=ttyS0',
			   extra_qemu_params=['-accel', 'tcg,thread=multi', '-m', '1G'])
