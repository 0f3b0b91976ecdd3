#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check a guest's vmstat selftest results against configs/vmstat-matrix.

KERNEL is the matrix column (series, base, or another its '# case' line names). Every case must have run (a skip fails), with
the expected result and, for FAIL:TAG, every tag in its reason; no kernel splat may appear
(the job's own non-zero exit is expected where cases fail; KCSAN_SCOPE as for
judge-console.py). Prints each case's verdict and the numbers it reported, then
'N passed, M failed'.
Usage: scripts/check-matrix.py CONSOLE_LOG KERNEL [MATRIX]
"""
import importlib.util
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('judge', os.path.join(HERE, 'judge-console.py'))
judge = importlib.util.module_from_spec(spec)
spec.loader.exec_module(judge)


def load_matrix(path, kernel):
	"""The (case, want) rows of column KERNEL, named by the matrix's '# case ...' line."""
	with open(path) as f:
		lines = [line for line in f if line.strip()]
	heads = [line[1:].split() for line in lines if line.startswith('# case ')]
	names = heads[-1][1:] if heads else ['series', 'base']
	if kernel not in names:
		raise SystemExit(f'error: unknown kernel column {kernel!r}; want one of {", ".join(names)}')
	col = names.index(kernel) + 1
	rows = [line.split() for line in lines if not line.startswith('#')]
	return [(row[0], row[col]) for row in rows]


def check(want, result):
	"""The reason a case's result does not match want, or None."""
	if result is None:
		return 'did not run'
	if result.status == judge.Status.SKIP:
		return f'skipped: {result.reason}'
	if want == 'ANY':
		return None
	if want == 'PASS':
		return None if result.status == judge.Status.PASS else f'failed: {result.reason}'
	if result.status != judge.Status.FAIL:
		return f'passed, but {want} was expected: the case cannot fail here'
	missing = [t for t in want[5:].split(',') if not re.search(rf'(^|; ){t}:', result.reason)]
	return f'failed without reason {", ".join(missing)}: {result.reason}' if missing else None


def main(argv):
	if len(argv) not in (3, 4):
		print(__doc__.strip().splitlines()[-1], file=sys.stderr)
		return 2
	matrix = argv[3] if len(argv) == 4 else os.path.join(HERE, '..', 'configs', 'vmstat-matrix')
	with open(argv[1], errors='replace') as log:
		lines = log.readlines()
	verdict = judge.judge(lines, judge.scope_from_env())	# KCSAN_SCOPE, as judge-console.py
	results = {r.name: r for r in verdict.results}
	passed = failed = 0
	for name, want in load_matrix(matrix, argv[2]):
		result = results.get(name)
		problem = check(want, result)
		got = 'none' if result is None else result.status.name + (f' ({result.reason})' if result.reason else '')
		if problem:
			failed += 1
			print(f'not ok {name}: want {want}, {problem}')
		else:
			passed += 1
			print(f'ok {name}: want {want}, got {got}')
	for splat in verdict.splats:
		if not splat.startswith('job failed'):
			failed += 1
			print(f'not ok splat {splat}')
	for line in lines:
		body = judge.TIMESTAMP.sub('', line.rstrip())
		if body.startswith('# # ') and not re.match(r'# #\s+(RUN|OK|FAIL|SKIP)\b|# # \S+\.c:\d+:|# # \S+: Test failed', body):
			print(f'  {body[4:]}')
	print(f'{passed} passed, {failed} failed')
	return 0 if failed == 0 else 1


if __name__ == '__main__':
	sys.exit(main(sys.argv))
