# SPDX-License-Identifier: GPL-2.0
# QEMU facts for arm64, in kunit.py's qemu_config format (see x86_64.py): the virt machine
# with four vCPUs under multi-threaded TCG, two NUMA nodes of 1 GiB, a PL011 console.
import os
from ..qemu_config import QemuArchParams

_CONFIGS = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')


def _fragments(*names):
	return ''.join(open(os.path.join(_CONFIGS, n)).read() for n in names)


MAKE_ARGS = ['CROSS_COMPILE=aarch64-linux-gnu-']

QEMU_ARCH = QemuArchParams(linux_arch='arm64',
			   kconfig='CONFIG_SERIAL_AMBA_PL011=y\nCONFIG_SERIAL_AMBA_PL011_CONSOLE=y\n' +
				   _fragments('guest.config', 'debug.config', 'kunit.config'),
			   qemu_arch='aarch64',
			   kernel_path='arch/arm64/boot/Image.gz',
			   kernel_command_line='console=ttyAMA0',
			   extra_qemu_params=['-machine', 'virt', '-cpu', 'max,pauth-impdef=on',
					      '-accel', 'tcg,thread=multi', '-m', '2G', '-smp', '4',
					      '-object', 'memory-backend-ram,id=m0,size=1G',
					      '-object', 'memory-backend-ram,id=m1,size=1G',
					      '-numa', 'node,nodeid=0,cpus=0-1,memdev=m0',
					      '-numa', 'node,nodeid=1,cpus=2-3,memdev=m1'])
