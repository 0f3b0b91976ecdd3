#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge a guest's serial console log: kernel splats, host timeout, and the KTAP results.

Writes the KTAP it found to RESULT (if given), prints one line per failure and a final
'N passed, M failed' line, and exits 0 when every test passed and no splat was seen.
With KCSAN_SCOPE=DIR in the environment, a KCSAN report fails the run only when one of the two
functions its title names is defined in DIR/*.c; the others are printed as notes (a KCSAN kernel
reports races all over the kernel, and the check is about one subsystem's).
Usage: scripts/judge-console.py CONSOLE_LOG [RESULT_KTAP]
"""
import enum
import glob
import os
import re
import sys
from dataclasses import dataclass, field
from typing import List, Optional, Set

# Lines that fail a run whatever the tests said, each with the name it is reported under.
SPLATS = [
	(re.compile(r'WARNING: (possible|inconsistent|suspicious|bad unlock)|'
		    r'possible (circular|recursive) locking|inconsistent lock state'), 'lockdep'),
	(re.compile(r'WARNING: CPU: \d+ PID: \d+'), 'WARNING'),
	(re.compile(r'BUG: KCSAN: '), 'KCSAN report'),
	(re.compile(r'\bBUG: |kernel BUG at '), 'BUG'),
	(re.compile(r'Oops: |general protection fault'), 'Oops'),
	(re.compile(r'Kernel panic - not syncing'), 'panic'),
	(re.compile(r'rcu: INFO: rcu_\w+ (self-)?detected (stall|expedited stall)|detected stalls on CPUs'),
	 'RCU stall'),
	(re.compile(r'INFO: task \S+ blocked for more than'), 'hung task'),
	(re.compile(r'UBSAN: '), 'UBSAN'),
	(re.compile(r'vmstat_refresh: \S+ -\d+'), 'negative vmstat counter'),
	(re.compile(r'^vmtest: host-side timeout'), 'timeout'),
	(re.compile(r'^vmtest: job \S+ exited [1-9]'), 'job failed'),
]
KCSAN_TITLE = re.compile(r'BUG: KCSAN: .*? in (\S+)(?: / (\S+))?')
# A function definition's name: a line that starts with its type and ends without a semicolon.
C_DEFINITION = re.compile(r'^[A-Za-z_][\w \t\*]*?\b([A-Za-z_]\w*)\s*\([^;]*$')
TIMESTAMP = re.compile(r'^\[\s*\d+\.\d+\] ?')
RESULT = re.compile(r'^(not )?ok (\d+)(?: -)? ?([^#]*?)\s*(?:#\s*(SKIP|TODO)?\s*(.*))?$')


class Status(enum.Enum):
	PASS = 'ok'
	FAIL = 'not ok'
	SKIP = 'skip'


@dataclass
class Result:
	name: str
	status: Status
	depth: int
	reason: str = ''


@dataclass
class Verdict:
	results: List[Result] = field(default_factory=list)
	splats: List[str] = field(default_factory=list)
	ktap: List[str] = field(default_factory=list)
	notes: List[str] = field(default_factory=list)


def functions_in(directory: str) -> Set[str]:
	"""The names of the functions defined in DIR/*.c."""
	names = set()
	for path in glob.glob(os.path.join(directory, '*.c')):
		with open(path, errors='replace') as src:
			for line in src:
				match = C_DEFINITION.match(line)
				if match:
					names.add(match.group(1))
	return names


def scope_from_env() -> Optional[Set[str]]:
	"""The functions of KCSAN_SCOPE's directory, None without it; SystemExit(2) if it has none."""
	directory = os.environ.get('KCSAN_SCOPE')
	if not directory:
		return None
	names = functions_in(directory)
	if not names:
		print(f'KCSAN_SCOPE={directory}: no function definitions in its *.c files', file=sys.stderr)
		raise SystemExit(2)
	return names


def in_scope(line: str, scope: Optional[Set[str]]) -> bool:
	"""Whether a KCSAN title line names a function of the scope (always, without a scope)."""
	match = KCSAN_TITLE.search(line)
	if scope is None or not match:
		return True
	return any(f and f.split('+')[0] in scope for f in match.groups())


def depth_of(line: str) -> 'tuple[int, str]':
	depth = 0
	while True:
		if line.startswith('    '):
			line = line[4:]
		elif line.startswith('# ') and RESULT.match(line[2:].lstrip()):
			line = line[2:]
		else:
			return depth, line
		depth += 1


def judge(lines: List[str], scope: Optional[Set[str]] = None) -> Verdict:
	verdict = Verdict()
	in_ktap = False
	children = {}
	for raw in lines:
		raw = raw.rstrip('\r\n')
		for pattern, name in SPLATS:
			if pattern.search(raw):
				if in_scope(raw, scope):
					verdict.splats.append(f'{name}: {raw.strip()}')
				else:
					verdict.notes.append(f'{name} outside the scope: {raw.strip()}')
				break
		line = TIMESTAMP.sub('', raw)
		if re.match(r'^\s*(K?TAP version \d+)', line) and not in_ktap:
			in_ktap = True
		if line.startswith('vmtest: ktap end'):
			in_ktap = False
		if not in_ktap:
			continue
		depth, body = depth_of(line)
		if depth or re.match(r'(K?TAP version|1\.\.\d|#|ok |not ok )', body):
			verdict.ktap.append(line)
		match = RESULT.match(body)
		if not match:
			continue
		had_children = children.pop(depth + 1, False)
		children[depth] = True
		if had_children:
			continue	# a suite's own line: its cases are counted instead
		status = Status.FAIL if match.group(1) else Status.PASS
		if match.group(4) == 'SKIP':
			status = Status.SKIP
		verdict.results.append(Result(match.group(3), status, depth, match.group(5) or ''))
	return verdict


def main(argv: List[str]) -> int:
	if len(argv) not in (2, 3):
		print(__doc__.strip().splitlines()[-1], file=sys.stderr)
		return 2
	try:
		scope = scope_from_env()
	except SystemExit as e:
		return e.code
	with open(argv[1], errors='replace') as log:
		verdict = judge(log.readlines(), scope)
	if len(argv) == 3:
		with open(argv[2], 'w') as out:
			out.write('\n'.join(verdict.ktap) + '\n')
	passed = sum(r.status == Status.PASS for r in verdict.results)
	failed = [r for r in verdict.results if r.status == Status.FAIL]
	skipped = sum(r.status == Status.SKIP for r in verdict.results)
	for r in failed:
		print(f'  not ok {r.name}{": " + r.reason if r.reason else ""}')
	for s in verdict.splats[:10]:
		print(f'  splat {s}')
	for s in verdict.notes[:10]:
		print(f'  note {s}')
	if not verdict.results:
		print('  no KTAP results in the console log')
	print(f'{passed} passed, {len(failed)} failed' + (f', {skipped} skipped' if skipped else ''))
	return 0 if verdict.results and not failed and not verdict.splats else 1


if __name__ == '__main__':
	sys.exit(main(sys.argv))
