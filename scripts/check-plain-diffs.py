#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Prove the split counters' invariant on every access to a per-CPU vmstat differential
(struct vmstat_split): only the owning CPU writes `diff`, with a this_cpu/__this_cpu/raw_cpu
add (never an overwrite); `folded` changes only by an operation that is atomic against other CPUs
(xchg/cmpxchg, or the _smp per-CPU ones); every other read is marked (READ_ONCE,
data_race, smp_load_acquire, a per-CPU read). A function that the allowlist
(configs/plain-diffs-allow) names may access both words plainly, because nothing else can.

Each `.diff`/`->diff`/`.folded`/`->folded` in mm/*.c and include/linux/*.h is judged by the
innermost call around it (scanned back over the source, across lines) and by whether a plain
assignment follows. Prints each violation and exits 1.
Usage: scripts/check-plain-diffs.py TREE
"""
import os
import re
import subprocess
import sys

WORD = re.compile(r'(\.|->)(diff|folded)\b')
FUNC_DEF = re.compile(r'^[A-Za-z_][^;=]*?\b(\w+)\s*\([^;]*$')
PLAIN_WRITE = re.compile(r'^\s*(=(?!=)|\+=|-=|\+\+|--)')
PERCPU_OWNER_WRITE = {f'{p}_{op}' for p in ('this_cpu', '__this_cpu', 'raw_cpu')
                      for op in ('add', 'add_return', 'sub', 'sub_return', 'inc', 'dec',
                                 'inc_return', 'dec_return')}
MARKED_READ = {'READ_ONCE', 'data_race', 'smp_load_acquire', 'this_cpu_read',
               '__this_cpu_read', 'raw_cpu_read'}
ATOMIC_RMW = {'xchg', 'xchg_relaxed', 'cmpxchg', 'cmpxchg_relaxed', 'try_cmpxchg',
              'try_cmpxchg_relaxed', 'this_cpu_xchg_smp', 'raw_cpu_xchg_smp',
              'this_cpu_cmpxchg_smp', 'raw_cpu_cmpxchg_smp', 'this_cpu_try_cmpxchg_smp',
              'raw_cpu_try_cmpxchg_smp'}
KEYWORDS = {'if', 'while', 'for', 'return', 'switch', 'sizeof'}


def enclosing_call(text, pos):
    """The identifier before the innermost unclosed '(' that precedes pos, or ''."""
    depth = 0
    for i in range(pos - 1, max(-1, pos - 400), -1):
        c = text[i]
        if c in ';{}':
            return ''
        if c == ')':
            depth += 1
        elif c == '(':
            if depth:
                depth -= 1
                continue
            m = re.search(r'(\w+)\s*$', text[:i])
            name = m.group(1) if m else ''
            return '' if name in KEYWORDS else name
    return ''


def judge(word, call, written):
    """None when the access keeps the invariant, else why it does not."""
    if word == 'diff':
        if call in PERCPU_OWNER_WRITE:
            return None
        if call.endswith('_cpu_write'):
            return 'diff overwritten, not added to, by its owner'
        if call in ATOMIC_RMW or call == 'WRITE_ONCE' or written:
            return 'diff written by another than its owner'
        return None if call in MARKED_READ else 'unmarked read of diff'
    if call in ATOMIC_RMW:
        return None
    if written or call in PERCPU_OWNER_WRITE or call.endswith('_cpu_write') or \
            call == 'WRITE_ONCE' or \
            call.endswith('cmpxchg') or call.endswith('xchg'):
        return 'folded changed by an operation not atomic against other CPUs'
    return None if call in MARKED_READ else 'unmarked read of folded'


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
    files = subprocess.run(['git', '-C', tree, 'grep', '-l', '-E', r'(\.|->)(diff|folded)\b',
                            '--', 'mm/*.c', 'include/linux/*.h'],
                           capture_output=True, text=True, check=False).stdout.split()
    bad, hits, allowed = [], 0, 0
    for path in files:
        with open(os.path.join(tree, path)) as f:
            text = f.read()
        if 'vmstat_split' not in text and 'vm_stat_diff' not in text:
            continue
        lines = text.split('\n')
        starts = [0]
        for ln in lines:
            starts.append(starts[-1] + len(ln) + 1)
        for m in WORD.finditer(text):
            lineno = next(i for i in range(len(starts)) if starts[i + 1] > m.start())
            func = ''
            for ln in reversed(lines[:lineno + 1]):
                fm = FUNC_DEF.match(ln)
                if fm:
                    func = fm.group(1)
                    break
            hits += 1
            why = judge(m.group(2), enclosing_call(text, m.start()),
                        bool(PLAIN_WRITE.match(text[m.end():m.end() + 4])))
            if why and (path, func) in allow:
                allowed += 1
            elif why:
                bad.append(f'{path}:{lineno + 1}: {func}(): {why}: {lines[lineno].strip()}')
    for b in bad:
        print('invariant broken:', b)
    print(f'{hits} accesses to the split differentials, {allowed} plain ones in '
          f'{len(allow)} allowlisted exclusive functions, {len(bad)} breaking the invariant')
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
