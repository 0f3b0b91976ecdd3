#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Print the main job's summary: KUnit suite verdicts and each vmstat selftest case's verdict
with the figure it reported, from the guests' console logs. Exits 0 when every KUnit case
and every selftest case passed and no kernel splat was seen.
Usage: scripts/summarize-main.py KUNIT_CONSOLE SELFTEST_CONSOLE
"""
import importlib.util
import os
import re
import sys
from dataclasses import dataclass, field
from typing import Dict, List, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('judge', os.path.join(HERE, 'judge-console.py'))
judge = importlib.util.module_from_spec(spec)
spec.loader.exec_module(judge)

# What each selftest case shows, for a reader who has not read the README's matrix.
MEANING = {
	'vmstat.isolated_cpu': 'a counter changed on the isolated CPU reaches /proc/vmstat',
	'vmstat.no_interference': 'no vmstat work item or IPI on CPUs 1 to 3',
	'fifo_hog.fair_server.housekeeping_cpu': 'a SCHED_FIFO task is not preempted for vmstat',
	'fifo_hog.no_fair_server.housekeeping_cpu': 'its counters fold with the fair server off',
	'free_pages.quiet.exact_after_quiet': 'NR_FREE_PAGES equals the buddy lists',
	'free_pages.cpu_hotplug.exact_after_quiet': 'the same with CPU hotplug',
}


@dataclass
class Case:
	name: str
	status: str = 'did not run'
	figures: List[str] = field(default_factory=list)


def read(path: str) -> List[str]:
	with open(path, errors='replace') as f:
		return [judge.TIMESTAMP.sub('', line.rstrip('\r\n')) for line in f]


def kunit_suites(lines: List[str]) -> Tuple[Dict[str, str], int, int, List[str]]:
	"""Each top-level suite's verdict, the cases' passes, failures, splats."""
	verdict = judge.judge(lines)
	suites = {}
	for line in verdict.ktap:
		m = re.match(r'^(not )?ok \d+ (\S+)', line)
		if m:
			suites[m.group(2)] = 'FAIL' if m.group(1) else 'ok'
	passed = sum(r.status == judge.Status.PASS for r in verdict.results)
	failed = sum(r.status == judge.Status.FAIL for r in verdict.results)
	return suites, passed, failed, verdict.splats


def selftest_cases(lines: List[str]) -> List[Case]:
	"""The kselftest harness cases in order, each with the '# # ' lines it printed."""
	cases: List[Case] = []
	current = None
	for line in lines:
		m = re.match(r'^# #\s+RUN\s+(\S+) \.\.\.', line)
		if m:
			current = Case(m.group(1))
			cases.append(current)
			continue
		m = re.match(r'^# (not )?ok \d+ (\S+)(?:\s*#\s*(SKIP)?\s*(.*))?', line)
		if m and current and m.group(2) == current.name:
			current.status = 'SKIP' if m.group(3) else ('FAIL' if m.group(1) else 'PASS')
			if m.group(1) and m.group(4):
				current.figures.append(m.group(4))
			current = None
			continue
		if current and line.startswith('# # ') and not re.match(r'# #\s+(OK|FAIL|SKIP)\b|# # \S+\.c:\d+:|# # \S+: Test failed', line):
			current.figures.append(line[4:])
	return cases


def main(argv: List[str]) -> int:
	if len(argv) != 3:
		print(__doc__.strip().splitlines()[-1], file=sys.stderr)
		return 2
	suites, passed, failed, splats = kunit_suites(read(argv[1]))
	st_lines = read(argv[2])
	cases = selftest_cases(st_lines)
	st_splats = [s for s in judge.judge(st_lines).splats if not s.startswith('job failed')]
	ok = bool(suites) and failed == 0 and not splats and bool(cases) and not st_splats
	print(f'KUnit: {passed} cases passed, {failed} failed: ' +
	      (', '.join(f'{s} {v}' for s, v in suites.items()) or 'no suite ran'))
	print('vmstat selftests (run_vmtests.sh -t vmstat -d), what 6.12 gets wrong:')
	for c in cases:
		ok = ok and c.status == 'PASS'
		print(f'  {c.status:4} {c.name}: {MEANING.get(c.name, "")}')
		for f in c.figures:
			print(f'         {f}')
	if not cases:
		print('  no selftest case ran')
	for s in splats + st_splats:
		print(f'  splat {s}')
	return 0 if ok else 1


if __name__ == '__main__':
	sys.exit(main(sys.argv))
