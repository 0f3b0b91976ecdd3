# SPDX-License-Identifier: GPL-2.0
# Build facts for LoongArch, built with clang 19 (Debian 12 has no LoongArch gcc). LoongArch is
# built, not booted: Debian 12's QEMU 7.2 boots its virt machine with UEFI firmware, and the
# only LoongArch firmware in Debian's archive (sid's, a 16 MiB pflash image) does not run
# there (see README).
import os
from ..qemu_config import QemuArchParams

_CONFIGS = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')


def _fragments(*names):
	return ''.join(open(os.path.join(_CONFIGS, n)).read() for n in names)


MAKE_ARGS = ['LLVM=-19']

QEMU_ARCH = QemuArchParams(linux_arch='loongarch',
			   kconfig=_fragments('guest.config', 'debug.config', 'kunit.config'),
			   qemu_arch='loongarch64',
			   kernel_path='vmlinux',
			   kernel_command_line='console=ttyS0',
			   extra_qemu_params=['-machine', 'virt', '-m', '2G', '-smp', '4'])
