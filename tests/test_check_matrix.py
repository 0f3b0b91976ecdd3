# SPDX-License-Identifier: GPL-2.0
"""Unit tests of scripts/check-matrix.py against saved vmstat selftest console logs."""
import contextlib
import importlib.util
import io
import os
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('matrix', os.path.join(HERE, '..', 'scripts', 'check-matrix.py'))
matrix = importlib.util.module_from_spec(spec)
spec.loader.exec_module(matrix)


def run(log, column, extra=''):
	"""check-matrix.py's exit code and output for a saved log, with extra console lines."""
	with open(os.path.join(HERE, 'logs', log)) as f:
		text = f.read()
	with tempfile.NamedTemporaryFile('w', suffix='.log') as tmp:
		tmp.write(text.replace('vmtest: ktap end', extra + 'vmtest: ktap end'))
		tmp.flush()
		out = io.StringIO()
		with contextlib.redirect_stdout(out):
			rc = matrix.main(['check-matrix.py', tmp.name, column])
	return rc, out.getvalue()


class CheckMatrixTest(unittest.TestCase):
	def test_series_log_holds_series_column(self):
		rc, out = run('vmstat-selftests-series.log', 'series')
		self.assertEqual(rc, 0, out)
		self.assertIn('6 passed, 0 failed', out)

	def test_base_log_holds_base_column(self):
		rc, out = run('vmstat-selftests-base.log', 'base')
		self.assertEqual(rc, 0, out)
		self.assertIn('ok fifo_hog.no_fair_server.housekeeping_cpu', out)

	def test_passing_case_where_failure_expected_fails(self):
		rc, out = run('vmstat-selftests-series.log', 'base')
		self.assertEqual(rc, 1)
		self.assertIn('not ok vmstat.isolated_cpu: want FAIL:stranded, passed', out)
		self.assertIn('4 failed', out.splitlines()[-1])

	def test_failure_for_another_reason_fails(self):
		rc, out = run('vmstat-selftests-base.log', 'series')
		self.assertEqual(rc, 1)
		log = os.path.join(HERE, 'logs', 'vmstat-selftests-base.log')
		with tempfile.NamedTemporaryFile('w', suffix='.matrix') as m:
			m.write('vmstat.isolated_cpu PASS FAIL:fold_starved\n')
			m.flush()
			out = io.StringIO()
			with contextlib.redirect_stdout(out):
				rc = matrix.main(['check-matrix.py', log, 'base', m.name])
		self.assertEqual(rc, 1)
		self.assertIn('failed without reason fold_starved', out.getvalue())

	def test_skip_and_missing_case_fail(self):
		with tempfile.NamedTemporaryFile('w', suffix='.matrix') as m:
			m.write('vmstat.isolated_cpu PASS PASS\nvmstat.no_such_case PASS PASS\n')
			m.flush()
			with open(os.path.join(HERE, 'logs', 'vmstat-selftests-series.log')) as f:
				text = f.read().replace('# ok 1 vmstat.isolated_cpu',
							'# ok 1 vmstat.isolated_cpu # SKIP needs root')
			with tempfile.NamedTemporaryFile('w', suffix='.log') as tmp:
				tmp.write(text)
				tmp.flush()
				out = io.StringIO()
				with contextlib.redirect_stdout(out):
					rc = matrix.main(['check-matrix.py', tmp.name, 'series', m.name])
		self.assertEqual(rc, 1)
		self.assertIn('skipped: needs root', out.getvalue())
		self.assertIn('not ok vmstat.no_such_case: want PASS, did not run', out.getvalue())

	def test_kernel_splat_fails_even_when_results_hold(self):
		rc, out = run('vmstat-selftests-series.log', 'series',
			      '[   99.000000] BUG: workqueue lockup - pool cpus=1 node=0 flags=0x0 nice=0 stuck for 31s!\n')
		self.assertEqual(rc, 1)
		self.assertIn('not ok splat BUG', out)


if __name__ == '__main__':
	unittest.main()
