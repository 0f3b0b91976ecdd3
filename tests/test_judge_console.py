# SPDX-License-Identifier: GPL-2.0
"""Unit tests of scripts/judge-console.py against saved console logs."""
import importlib.util
import os
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('judge', os.path.join(HERE, '..', 'scripts', 'judge-console.py'))
judge = importlib.util.module_from_spec(spec)
spec.loader.exec_module(judge)


def load(name, scope=None):
	with open(os.path.join(HERE, 'logs', name)) as f:
		return judge.judge(f.readlines(), scope)


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

	def test_kcsan_reports_fail_without_a_scope(self):
		v = load('guest-kcsan.log')
		self.assertEqual([s.split(':')[0] for s in v.splats], ['KCSAN report', 'KCSAN report'])

	def test_kcsan_scope_fails_only_its_own_functions(self):
		scope = judge.functions_in(os.path.join(HERE, 'logs', 'kcsan-scope'))
		self.assertEqual(scope, {'fold_diff', '__mod_zone_page_state'})
		v = load('guest-kcsan.log', scope)
		self.assertEqual(len(v.splats), 1)
		self.assertIn('__mod_zone_page_state', v.splats[0])
		self.assertEqual(len(v.notes), 1)
		self.assertIn('tick_nohz_idle_stop_tick', v.notes[0])

	def test_kcsan_scope_exit_code(self):
		log = os.path.join(HERE, 'logs', 'guest-kcsan.log')
		old = os.environ.get('KCSAN_SCOPE')
		try:
			os.environ['KCSAN_SCOPE'] = os.path.join(HERE, 'logs', 'kcsan-scope')
			self.assertEqual(judge.main(['judge', log]), 1)
			os.environ['KCSAN_SCOPE'] = os.path.join(HERE, 'logs')	# no *.c: a usage error
			self.assertEqual(judge.main(['judge', log]), 2)
		finally:
			if old is None:
				os.environ.pop('KCSAN_SCOPE', None)
			else:
				os.environ['KCSAN_SCOPE'] = old

	def test_exit_code(self):
		self.assertEqual(judge.main(['judge', os.path.join(HERE, 'logs', 'kunit-pass.log')]), 0)
		self.assertEqual(judge.main(['judge', os.path.join(HERE, 'logs', 'guest-splat.log')]), 1)
		self.assertEqual(judge.main(['judge', os.path.join(HERE, 'logs', 'guest-timeout.log')]), 1)


if __name__ == '__main__':
	unittest.main()
