# SPDX-License-Identifier: GPL-2.0
"""Unit tests of scripts/cover-letter.py: the cover text survives a format-patch round trip."""
import importlib.util
import os
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('cover', os.path.join(HERE, '..', 'scripts', 'cover-letter.py'))
cover = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cover)

LETTER = '''From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001
From: A U Thor <a@example.invalid>
Date: Thu, 1 Jan 2026 00:00:00 +0000
Subject: [PATCH v3 00/12] mm/vmstat: fold per-CPU counters from
 another CPU

Body line one.

Author (1):
  in the body, not a shortlog
End of body.

A U Thor (2):
  mm: one
  mm: two

B Other (1):
  mm: three

 mm/vmstat.c | 2 +-

base-commit: 0123
change-id: 20261121-x-0123
'''


class CoverLetterTest(unittest.TestCase):
	def test_round_trip_fields(self):
		c = cover.parse(LETTER)
		self.assertEqual(c.reroll, '3')
		self.assertEqual(c.change_id, '20261121-x-0123')
		self.assertEqual(c.description,
				 'mm/vmstat: fold per-CPU counters from another CPU\n\nBody line one.\n\n'
				 'Author (1):\n  in the body, not a shortlog\nEnd of body.')

	def test_rejects_a_patch(self):
		with self.assertRaises(ValueError):
			cover.parse(LETTER.replace('v3 00/12', '1/12'))


if __name__ == '__main__':
	unittest.main()
