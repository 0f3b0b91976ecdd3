#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Read a git format-patch cover letter back into what export-series.sh regenerates it from.

Prints 'reroll: N', 'change-id: ID' and, after a '--- description' line, the branch
description: the subject, a blank line, then the body up to git's shortlog.
Usage: scripts/cover-letter.py parse COVER_LETTER
"""
import email
import email.header
import re
import sys
from dataclasses import dataclass


@dataclass
class Cover:
	reroll: str
	change_id: str
	description: str


def parse(text: str) -> Cover:
	head, _, body = text.partition('\n\n')
	msg = email.message_from_string(head + '\n\n')
	subject = str(email.header.make_header(email.header.decode_header(msg['Subject'] or '')))
	subject = re.sub(r'\s*\n\s*', ' ', subject)
	match = re.match(r'\[PATCH(?: v(\d+))? 0+/\d+\] (.*)', subject)
	if not match:
		raise ValueError(f'not a cover letter subject: {subject!r}')
	lines = body.split('\n')
	end = len(lines)
	for i in reversed(range(len(lines))):
		line = lines[i]
		# git's shortlog, the last "Author Name (N):" followed by indented subjects.
		if re.match(r'^\S.* \(\d+\):$', line) and i + 1 < len(lines) and lines[i + 1].startswith('  '):
			end = i
			break
	# Several authors give several groups: take in the ones right above, too.
	while end > 1 and lines[end - 1] == '':
		j = end - 2
		while j > 0 and lines[j].startswith('  '):
			j -= 1
		if j < end - 2 and re.match(r'^\S.* \(\d+\):$', lines[j]):
			end = j
		else:
			break
	text_body = '\n'.join(lines[:end]).strip('\n')
	change = re.search(r'^change-id: (\S+)$', body, re.M)
	desc = match.group(2) + ('\n\n' + text_body if text_body else '')
	return Cover(match.group(1) or '', change.group(1) if change else '', desc)


def main(argv: 'list[str]') -> int:
	if len(argv) != 3 or argv[1] != 'parse':
		print(__doc__.strip().splitlines()[-1], file=sys.stderr)
		return 2
	with open(argv[2]) as f:
		cover = parse(f.read())
	print(f'reroll: {cover.reroll}')
	print(f'change-id: {cover.change_id}')
	print('--- description')
	print(cover.description)
	return 0


if __name__ == '__main__':
	sys.exit(main(sys.argv))
