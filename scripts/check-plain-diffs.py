#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Prove that the per-CPU vmstat differentials are accessed only atomically, or plainly
where the access is exclusive and the allowlist (configs/plain-diffs-allow) says why.

Pattern: `git grep -p` for vm_stat_diff / vm_node_stat_diff in *.c and *.h. A hit passes
when it is an atomic or marked form (READ_ONCE, xchg_relaxed, memchr_inv/sizeof under
data_race, the declaration, a comment), when it takes the address for the per-CPU
operations ("__percpu *p = pcp->vm_..._diff + item"), or when its function is allowlisted.
In the functions that take that address, every use of *p must be this_cpu_read() or
this_cpu_try_cmpxchg_smp(). Prints each other hit and exits 1.
Usage: scripts/check-plain-diffs.py TREE
"""
import os
import re
import subprocess
import sys

ATOMIC = [re.compile(r) for r in (
    r'READ_ONCE\(', r'xchg_relaxed\(&', r'memchr_inv\(', r'sizeof\(',
    r'^\s*s32 vm_(node_)?stat_diff\[', r'^\s*(/\*|\*)')]
ADDRESS = re.compile(r's32 __percpu \*p = pcp->vm_(node_)?stat_diff \+ item;')
P_USE = re.compile(r'\*p\b')
P_ATOMIC = re.compile(r'(?<!_)this_cpu_read\(\*p\)|this_cpu_try_cmpxchg_smp\(\*p,|__percpu \*p =')
FUNC = re.compile(r'\b(\w+)\s*\(')


def grep(tree, pattern):
    """(path, line, function, text) for each hit of pattern, with its function."""
    out = subprocess.run(['git', '-C', tree, 'grep', '-p', '-n', '-E', pattern, '--',
                          '*.c', '*.h'], capture_output=True, text=True, check=False).stdout
    func = {}
    for raw in out.splitlines():
        m = re.match(r'^(.*?)([:=])(\d+)[:=](.*)$', raw)
        if not m:
            continue
        path, sep, line, text = m.groups()
        if sep == '=':
            f = FUNC.search(text)
            func[path] = f.group(1) if f else text.strip()
        else:
            yield path, int(line), func.get(path, ''), text


def main():
    if len(sys.argv) != 2:
        sys.exit('Usage: scripts/check-plain-diffs.py TREE')
    tree = sys.argv[1]
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    allow = set()
    with open(os.path.join(top, 'configs', 'plain-diffs-allow')) as f:
        for ln in f:
            if ln.strip() and not ln.startswith('#'):
                path, func = ln.split()[:2]
                allow.add((path, func))
    bad, hits, pfuncs = [], 0, set()
    for path, line, func, text in grep(tree, r'vm_(node_)?stat_diff'):
        hits += 1
        if ADDRESS.search(text):
            pfuncs.add((path, func))
        elif not any(r.search(text) for r in ATOMIC) and (path, func) not in allow:
            bad.append(f'{path}:{line}: {func}(): {text.strip()}')
    for path, line, func, text in grep(tree, r'\*p\b'):
        if (path, func) in pfuncs and P_USE.search(text) and not P_ATOMIC.search(text):
            bad.append(f'{path}:{line}: {func}(): {text.strip()}')
    for b in bad:
        print('plain access:', b)
    print(f'{hits} accesses to the per-CPU differentials, {len(pfuncs)} functions update '
          f'them through this_cpu ops, {len(allow)} allowlisted exclusive functions, '
          f'{len(bad)} plain accesses elsewhere')
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
