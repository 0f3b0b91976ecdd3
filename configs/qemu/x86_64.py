# SPDX-License-Identifier: GPL-2.0
# QEMU facts for x86_64, in kunit.py's qemu_config format, so that one file serves
#   tools/testing/kunit/kunit.py run --qemu_config=<this file> ...
# and scripts/boot-guest.sh. Four vCPUs under multi-threaded TCG (no KVM here), two sockets
# of two cores, each socket a NUMA node with 1 GiB.
import os
from ..qemu_config import QemuArchParams

_CONFIGS = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')


def _fragments(*names):
	return ''.join(open(os.path.join(_CONFIGS, n)).read() for n in names)


# Extra make arguments for this arch (cross compiler, LLVM); kunit.py ignores this name.
MAKE_ARGS = []

QEMU_ARCH = QemuArchParams(linux_arch='x86_64',
			   kconfig='CONFIG_SERIAL_8250=y\nCONFIG_SERIAL_8250_CONSOLE=y\n'
				   'CONFIG_ACPI=y\nCONFIG_PCI=y\nCONFIG_X86_64_ACPI_NUMA=y\n'
				   # The memory-hotplug job (a pc-dimm, scripts/boot-guest.sh -d); the
				   # hung task detector off until a job sets kernel.hung_task_timeout_secs.
				   'CONFIG_MEMORY_HOTPLUG=y\nCONFIG_MEMORY_HOTREMOVE=y\nCONFIG_ACPI_HOTPLUG_MEMORY=y\n'
				   'CONFIG_DETECT_HUNG_TASK=y\nCONFIG_DEFAULT_HUNG_TASK_TIMEOUT=0\n' +
				   _fragments('guest.config', 'debug.config', 'kunit.config'),
			   qemu_arch='x86_64',
			   kernel_path='arch/x86/boot/bzImage',
			   kernel_command_line='console=ttyS0',
			   extra_qemu_params=['-accel', 'tcg,thread=multi', '-cpu', 'max',
					      '-m', '2G', '-smp', '4,sockets=2,cores=2',
					      '-object', 'memory-backend-ram,id=m0,size=1G',
					      '-object', 'memory-backend-ram,id=m1,size=1G',
					      '-numa', 'node,nodeid=0,cpus=0-1,memdev=m0',
					      '-numa', 'node,nodeid=1,cpus=2-3,memdev=m1'])
