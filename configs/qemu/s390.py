# SPDX-License-Identifier: GPL-2.0
# QEMU facts for s390, in kunit.py's qemu_config format (see x86_64.py): four vCPUs under
# multi-threaded TCG, for the KUnit suites. Not guest.config: s390 has no NO_HZ_FULL (its
# native CPU time accounting excludes it) and QEMU's s390-ccw-virtio machine gives no NUMA.
import os
from ..qemu_config import QemuArchParams

_CONFIGS = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')


def _fragments(*names):
	return ''.join(open(os.path.join(_CONFIGS, n)).read() for n in names)


MAKE_ARGS = ['CROSS_COMPILE=s390x-linux-gnu-']

QEMU_ARCH = QemuArchParams(linux_arch='s390',
			   kconfig='CONFIG_EXPERT=y\nCONFIG_TUNE_ZEC12=y\nCONFIG_SMP=y\nCONFIG_NR_CPUS=8\nCONFIG_PREEMPT=y\n' +
				   _fragments('debug.config', 'kunit.config'),
			   qemu_arch='s390x',
			   kernel_path='arch/s390/boot/bzImage',
			   kernel_command_line='console=ttyS0',
			   extra_qemu_params=['-machine', 's390-ccw-virtio', '-cpu', 'qemu',
					      '-accel', 'tcg,thread=multi', '-m', '2G', '-smp', '4'])
