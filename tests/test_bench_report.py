#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# Unit tests of bench/report.py against the saved results directory tests/logs/bench/ (two
# kernels, two boots each, a failed phase, a missing one, inf staleness samples).
import importlib.util
import os
import shutil
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('report', os.path.join(HERE, '..', 'bench', 'report.py'))
report = importlib.util.module_from_spec(spec)
spec.loader.exec_module(report)
RES = os.path.join(HERE, 'logs', 'bench')


class BenchReport(unittest.TestCase):
	@classmethod
	def setUpClass(cls):
		cls.out, cls.md = report.build(RES)
		cls.text = '\n'.join(cls.md)

	def test_hotpath_median_over_processes(self):
		warm = self.out['hotpath']['warm']['__mod_zone_page_state']
		self.assertEqual(sorted(warm['base']), [0.9, 1.0])
		self.assertIn('| __mod_zone_page_state | 0.95 (0.85-1.10) | 5.90 (5.60-6.30) | +4.95 |', self.text)

	def test_estimate_arithmetic(self):
		# base boots' median calls: __mod_zone_page_state 2 (1 and 3), __inc_node_state 3;
		# added ticks 5.90 - 0.95 and 7.10 - 1.30; mod_node_page_state has no hotpath row
		self.assertAlmostEqual(self.out['estimate']['fault']['series'], 2 * 4.95 + 3 * 5.8, places=6)
		self.assertIn('(without mod_node_page_state)', self.text)
		self.assertAlmostEqual(self.out['estimate']['fault']['lock19'], (2 + 3 + 2) * 19)

	def test_ab_ratio(self):
		ab = self.out['ab']['fault']
		self.assertEqual(len(ab['base']), 6)
		# medians 1205 / 1050; per boot: series-1 / base-1 and series-2 / base-2
		self.assertRegex(self.text, r'\| fault \| .* \| 1\.148 \(\d\.\d{3}-\d\.\d{3}\) \|')

	def test_inf_staleness_counted_not_averaged(self):
		self.assertIn('all inf', self.text)
		self.assertRegex(self.text, r'\| fifo \| n=\d+: median [0-9.]+, p90 [0-9.]+, max [0-9.]+, \d+ inf')

	def test_failed_phase_reported(self):
		self.assertIn('Failed or missing phases', self.text)
		self.assertIn('work', self.text.split('Failed or missing phases')[1].splitlines()[0])

	def test_missing_results_do_not_crash(self):
		with tempfile.TemporaryDirectory() as d:
			out, md = report.build(d)
			self.assertIn('hotpath.csv: not measured', '\n'.join(md))
			self.assertEqual(out['ab'], {})

	def test_readme_block_replaced_only(self):
		with tempfile.TemporaryDirectory() as d:
			res = os.path.join(d, 'res')
			shutil.copytree(RES, res)
			readme = os.path.join(d, 'README.md')
			with open(readme, 'w') as f:
				f.write('head\n<!-- bench:begin -->\nOLD-BLOCK\n<!-- bench:end -->\ntail\n')
			self.assertEqual(report.main([res, '--readme', readme, '--plots-dir', 'plots']), 0)
			text = open(readme).read()
			self.assertTrue(text.startswith('head\n<!-- bench:begin -->\n## Latest run'))
			self.assertTrue(text.endswith('<!-- bench:end -->\ntail\n'))
			self.assertNotIn('OLD-BLOCK', text)


if __name__ == '__main__':
	unittest.main()
