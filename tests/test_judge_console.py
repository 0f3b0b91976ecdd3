# SPDX-License-Identifier: GPL-2.0
"""Unit tests of scripts/judge-console.py against saved console logs."""
import importlib.util
import os
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('judge', os.path.join(HERE, '..', 'scripts', 'judge-console.py'))
judge = importlib.util.module_from_spec(spec)
spec.loader.exec_module(judge)


def load(name):
	with open(os.path.join(HERE, 'logs', name)) as f:
		return judge.judge(f.readlines())


class JudgeConsoleTest(unittest.TestCase):
	def test_kunit_cases_counted_not_suites(self):
		v = load('kunit-pass.log')
		self.assertEqual([(r.name, r.status) for r in v.results],
				 [('test_cpumask_weight', judge.Status.PASS),
				  ('test_cpumask_first', judge.Status.SKIP)])
		self.assertEqual(v.splats, [])

	def test_splats_and_failures_named(self):
		v = load('guest-splat.log')
		self.assertEqual([r.status for r in v.results], [judge.Status.PASS, judge.Status.FAIL])
		names = [s.split(':')[0] for s in v.splats]
		self.assertEqual(names, ['WARNING', 'negative vmstat counter', 'job failed'])

	def test_timeout_and_stall_fail_without_results(self):
		v = load('guest-timeout.log')
		self.assertEqual(v.results, [])
		self.assertEqual([s.split(':')[0] for s in v.splats], ['RCU stall', 'timeout'])

	def test_exit_code(self):
		self.assertEqual(judge.main(['judge', os.path.join(HERE, 'logs', 'kunit-pass.log')]), 0)
		self.assertEqual(judge.main(['judge', os.path.join(HERE, 'logs', 'guest-splat.log')]), 1)
		self.assertEqual(judge.main(['judge', os.path.join(HERE, 'logs', 'guest-timeout.log')]), 1)


if __name__ == '__main__':
	unittest.main()
