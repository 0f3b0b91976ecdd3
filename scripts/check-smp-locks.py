#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Every .smp_locks entry of an x86 ELF must point at a LOCK prefix (0xf0).

x86's alternatives code turns the byte each entry points at from 0xf0 into a DS prefix on
a uniprocessor and back; it skips a byte that is neither. GAS and clang emit
"lock cmpxchg %gs:..." as 65 f0 (segment prefix first), so LOCK_PREFIX before a per-CPU
operand leaves an entry on 0x65 that is never patched. Reads a linked image (vmlinux):
each entry is a 32-bit offset from itself.
Usage: scripts/check-smp-locks.py VMLINUX   (exit 1 if an entry points elsewhere)
       scripts/check-smp-locks.py -m        (the check must fail on "lock cmpxchg %gs:"
                                             and pass on "lock; cmpxchg %gs:", linked here)
"""
import os
import struct
import subprocess
import sys
import tempfile


def sections(data):
    if data[:4] != b'\x7fELF' or data[4] != 2 or data[5] != 1:
        sys.exit('not a 64-bit little-endian ELF file')
    shoff, = struct.unpack_from('<Q', data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from('<HHH', data, 0x3a)
    hdrs = [struct.unpack_from('<IIQQQQIIQQ', data, shoff + i * shentsize) for i in range(shnum)]
    strtab = hdrs[shstrndx]
    names = {}
    for h in hdrs:
        start = strtab[4] + h[0]
        names[data[start:data.index(b'\0', start)].decode()] = h
    return names


def check(path):
    with open(path, 'rb') as f:
        data = f.read()
    secs = sections(data)
    if '.smp_locks' not in secs:
        sys.exit(f'{path}: no .smp_locks section')
    locks = secs['.smp_locks']
    if locks[1] == 9 or '.rela.smp_locks' in secs:
        sys.exit(f'{path}: a relocatable object; give a linked image such as vmlinux')
    # (type, flags, addr, offset, size) of the sections with file contents
    progbits = [(h[3], h[4], h[5], n) for n, h in secs.items() if h[1] == 1 and h[3]]
    bad, n = [], 0
    for i in range(locks[5] // 4):
        at = locks[3] + 4 * i
        off, = struct.unpack_from('<i', data, locks[4] + 4 * i)
        if off == 0:  # the section's alignment padding; the kernel skips it too
            continue
        n += 1
        target = at + off
        for addr, foff, size, name in progbits:
            if addr <= target < addr + size:
                byte = data[foff + target - addr]
                if byte != 0xf0:
                    bad.append(f'{target:#x} in {name}: {data[foff + target - addr:foff + target - addr + 4].hex(" ")}')
                break
        else:
            bad.append(f'{target:#x}: in no section')
    for b in bad[:20]:
        print(f'{path}: .smp_locks entry at {b}, not a LOCK prefix')
    print(f'{path}: {n} .smp_locks entries, {len(bad)} not on a LOCK prefix')
    return not bad


def selftest():
    snippet = '\t.pushsection .smp_locks,"a"\n\t.balign 4\n\t.long 671f - .\n\t.popsection\n671:\n\t{}\n'
    verdicts = {}
    with tempfile.TemporaryDirectory() as d:
        for name, insn in (('old', 'lock cmpxchgl %ecx, %gs:8(%rdx)'),
                           ('new', 'lock; cmpxchgl %ecx, %gs:8(%rdx)')):
            s, o, x = (os.path.join(d, name + e) for e in ('.s', '.o', ''))
            with open(s, 'w') as f:
                f.write('\t.text\n\t.globl _start\n_start:\n' + snippet.format(insn) + '\tret\n')
            subprocess.run(['as', '--64', s, '-o', o], check=True)
            subprocess.run(['ld', '-o', x, o], check=True)
            verdicts[name] = check(x)
    if verdicts == {'old': False, 'new': True}:
        print('the check fails on "lock cmpxchg %gs:" and passes on "lock; cmpxchg %gs:"')
        return True
    print(f'the check cannot tell the encodings apart: {verdicts}')
    return False


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(0 if (selftest() if sys.argv[1] == '-m' else check(sys.argv[1])) else 1)
