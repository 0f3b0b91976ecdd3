# SPDX-License-Identifier: GPL-2.0
"""Unit tests of scripts/summarize-main.py against saved console logs."""
import contextlib
import importlib.util
import io
import os
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('summary', os.path.join(HERE, '..', 'scripts', 'summarize-main.py'))
summary = importlib.util.module_from_spec(spec)
spec.loader.exec_module(summary)


def run(kunit, selftests):
	"""summarize-main.py's exit code and output for two saved logs."""
	out = io.StringIO()
	with contextlib.redirect_stdout(out):
		rc = summary.main(['summarize-main.py', os.path.join(HERE, 'logs', kunit),
				   os.path.join(HERE, 'logs', selftests)])
	return rc, out.getvalue()


class SummarizeMainTest(unittest.TestCase):
	def test_series_passes_with_figures(self):
		rc, out = run('kunit-pass.log', 'vmstat-selftests-series.log')
		self.assertEqual(rc, 0, out)
		self.assertIn('KUnit: 1 cases passed, 0 failed: cpumask ok', out)
		self.assertIn('PASS vmstat.isolated_cpu', out)
		self.assertIn('nr_mlock +10 of +10 after 0.8 s', out)
		self.assertEqual(out.count('  PASS '), 6)

	def test_base_fails_with_reasons(self):
		rc, out = run('kunit-pass.log', 'vmstat-selftests-base.log')
		self.assertEqual(rc, 1)
		self.assertIn('FAIL vmstat.isolated_cpu', out)
		self.assertIn('stranded: nr_mlock +0 of +10 after 10 s', out)
		self.assertIn('5 of 6 kworker preemptions on CPU 1 ran vmstat work', out)
		self.assertNotIn('Test failed', out)

	def test_no_selftests_fails(self):
		rc, out = run('kunit-pass.log', 'kunit-pass.log')
		self.assertEqual(rc, 1)
		self.assertIn('no selftest case ran', out)

	def test_splat_fails(self):
		rc, out = run('guest-splat.log', 'vmstat-selftests-series.log')
		self.assertEqual(rc, 1)
		self.assertIn('splat', out)


if __name__ == '__main__':
	unittest.main()
