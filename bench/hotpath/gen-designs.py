#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# Prepare kernels' mm/vmstat.o for hotpath: copy each with its symbols prefixed (dN_), compile
# offsets.c with the object's own command line for the layout facts, and write designs.c (the
# structures, the timed entry points, their loops) and stubs.S (every symbol the object needs
# from the rest of the kernel: data as zeroed space, functions as UD2, so a call the hot path
# should not make traps). Prints each design's object, config notes and layout on stdout.
# Usage: bench/hotpath/gen-designs.py -o OUTDIR LABEL=KERNEL_OBJDIR... | --list (the timed functions)
import argparse
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Dict, List

HERE = os.path.dirname(os.path.abspath(__file__))
# The entry points timed: name, HP_ZONE/HP_NODE, what it takes, net delta per call.
ENTRIES = [
	('__mod_zone_page_state', 'HP_ZONE', 'zone', 0), ('__inc_zone_state', 'HP_ZONE', 'zone', 1),
	('__dec_zone_state', 'HP_ZONE', 'zone', -1), ('__inc_zone_page_state', 'HP_ZONE', 'page', 1),
	('__dec_zone_page_state', 'HP_ZONE', 'page', -1), ('mod_zone_page_state', 'HP_ZONE', 'zone', 0),
	('inc_zone_page_state', 'HP_ZONE', 'page', 1), ('dec_zone_page_state', 'HP_ZONE', 'page', -1),
	('__mod_node_page_state', 'HP_NODE', 'node', 0), ('__inc_node_state', 'HP_NODE', 'node', 1),
	('__dec_node_state', 'HP_NODE', 'node', -1), ('__inc_node_page_state', 'HP_NODE', 'page', 1),
	('__dec_node_page_state', 'HP_NODE', 'page', -1), ('mod_node_page_state', 'HP_NODE', 'node', 0),
	('inc_node_state', 'HP_NODE', 'node', 1), ('inc_node_page_state', 'HP_NODE', 'page', 1),
	('dec_node_page_state', 'HP_NODE', 'page', -1),
]
# Debug options whose code a distro kernel's hot path does not have.
DEBUG = ('DEBUG_PREEMPT', 'PROVE_LOCKING', 'DEBUG_VM', 'KASAN', 'KCSAN', 'GCOV_KERNEL', 'KMSAN')


class GenError(Exception):
	pass


@dataclass
class Design:
	label: str
	objdir: str
	prefix: str
	facts: Dict[str, int] = field(default_factory=dict)
	debug: List[str] = field(default_factory=list)


def sh(cmd: List[str], cwd: str = '.') -> str:
	r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
	if r.returncode:
		raise GenError(f'{shlex.join(cmd)} failed: {r.stderr.strip()[-2000:]}')
	return r.stdout


def probe(d: Design, out: str) -> None:
	"""The layout facts: offsets.c compiled to assembly with mm/vmstat.o's command line."""
	cmdfile = os.path.join(d.objdir, 'mm', '.vmstat.o.cmd')
	try:
		text = open(cmdfile).read()
	except OSError as e:
		raise GenError(f'no {cmdfile} ({e.strerror}): build the kernel first') from e
	m = re.search(r'^savedcmd_mm/vmstat\.o := (.*)$', text, re.M)
	if not m:
		raise GenError(f'{cmdfile}: no savedcmd line')
	cmd = shlex.split(m.group(1).split(';')[0])
	if cmd[0] == 'ccache':
		cmd = cmd[1:]
	if '-c' not in cmd or '-o' not in cmd:
		raise GenError(f'{cmdfile}: not a compile command')
	i = cmd.index('-o')
	cmd = [a for a in cmd[:i] if not a.startswith('-Wp,') and a != '-c']
	asm = os.path.join(out, f'{d.prefix}offsets.s')
	sh(cmd + ['-S', '-o', asm, os.path.join(HERE, 'offsets.c')], cwd=d.objdir)
	for name, val in re.findall(r'->(\w+) \$?(-?\d+)', open(asm).read()):
		d.facts[name] = int(val)
	cfg = os.path.join(d.objdir, '.config')
	if os.path.exists(cfg):
		conf = open(cfg).read()
		d.debug = [o for o in DEBUG if re.search(rf'^CONFIG_{o}=y$', conf, re.M)]


def prefixed(d: Design, out: str) -> 'tuple[List[str], set]':
	"""Copy the object with prefixed symbols; return its undefined symbols and call targets."""
	obj = os.path.join(out, f'{d.prefix}vmstat.o')
	sh(['objcopy', f'--prefix-symbols={d.prefix}', os.path.join(d.objdir, 'mm', 'vmstat.o'), obj])
	undef = sh(['nm', '-u', obj]).split()
	undef = [s for s in undef if s != 'U']
	calls = set(re.findall(r'R_X86_64_PLT32\s+[0-9a-f]+\s+(\S+)', sh(['readelf', '-rW', obj])))
	defined = set(sh(['nm', '--defined-only', obj]).split()[2::3])
	missing = [f'{d.prefix}{n}' for n, _, _, _ in ENTRIES if f'{d.prefix}{n}' not in defined]
	if missing:
		raise GenError(f'{d.label}: {obj} does not define {" ".join(missing)}')
	return undef, calls


def stubs(d: Design, undef: List[str], calls: set) -> List[str]:
	out = [f'/* {d.label}: what {d.objdir}/mm/vmstat.o takes from the rest of the kernel */']
	for s in undef:
		base = s[len(d.prefix):]
		if base == '__x86_return_thunk':
			out += ['.text', '.p2align 6', f'.globl {s}', f'{s}: ret', 'int3']	# as hotpath.c's
		elif base == '__fentry__':	# NOPed by objtool --mnop; a RET if one is left
			out += ['.text', f'.globl {s}', f'{s}: ret']
		elif s in calls:
			out += ['.text', f'.globl {s}', f'{s}: ud2']
		else:
			out += ['.bss', '.balign 64', f'.globl {s}', f'{s}: .zero 4096']
	return out


def design_c(i: int, d: Design, undef: List[str]) -> List[str]:
	f, p = d.facts, d.prefix
	need = ('ZONE_PCZ PGDAT_ZONES PGDAT_PCN PGDAT_SIZE PCZ_SIZE PCZ_DIFF PCZ_DIFF_SIZE '
		'PCZ_THRESHOLD PCZ_THRESHOLD_SIZE PCN_SIZE PCN_DIFF PCN_DIFF_SIZE PCN_THRESHOLD '
		'PCN_THRESHOLD_SIZE HOT_PREEMPT_COUNT ZONE_ITEM NODE_ITEM').split()
	lost = [n for n in need if n not in f]
	if lost:
		raise GenError(f'{d.label}: offsets.c gave no {" ".join(lost)}')
	width = {1: 'int8_t', 4: 'int32_t'}
	fentry = f'(void *){p}__fentry__' if f'{p}__fentry__' in undef else 'NULL'
	if f['PCZ_THRESHOLD_SIZE'] not in width or f['PCN_THRESHOLD_SIZE'] not in width:
		raise GenError(f'{d.label}: stat_threshold of an unknown width')

	def pend(diff: int, size: int, item: int) -> str:
		at = f'{diff} + {size} * {item}'
		if size in width:
			return f'*({width[size]} *)(b + {at})'
		if size == 8:	# split counter { u32 diff; u32 folded; }
			return f'(int32_t)(*(uint32_t *)(b + {at}) - *(uint32_t *)(b + {at} + 4))'
		raise GenError(f'{d.label}: a differential of {size} bytes')
	L = [f'/* design {i}: {d.label}, {d.objdir}/mm/vmstat.o */',
	     f'extern long {p}vm_zone_stat[], {p}vm_node_stat[];',
	     # an object that never reads the preempt count or the node data has no stub for them
	     f'extern char {p}pcpu_hot[];' if f'{p}pcpu_hot' in undef else f'static char {p}pcpu_hot[4096] A64;',
	     f'extern void *{p}node_data[];' if f'{p}node_data' in undef else f'static void *{p}node_data[64] A64;',
	     *([f'extern void {p}__fentry__(void);'] if fentry != 'NULL' else []),
	     f'static char {p}pgdat[{f["PGDAT_SIZE"]}] A64, {p}pcz[{f["PCZ_SIZE"]}] A64, '
	     f'{p}pcn[{f["PCN_SIZE"]}] A64, {p}page[64] A64;',
	     f'static void {p}setup(int t)', '{',
	     f'\tchar *zone = {p}pgdat + {f["PGDAT_ZONES"]};',
	     f'\t*(void **)(zone + {f["ZONE_PCZ"]}) = {p}pcz;',
	     f'\t*(void **)({p}pgdat + {f["PGDAT_PCN"]}) = {p}pcn;',
	     f'\t*({width[f["PCZ_THRESHOLD_SIZE"]]} *)({p}pcz + {f["PCZ_THRESHOLD"]}) = t;',
	     f'\t*({width[f["PCN_THRESHOLD_SIZE"]]} *)({p}pcn + {f["PCN_THRESHOLD"]}) = t;',
	     f'\t{p}node_data[0] = {p}pgdat;\t/* page flags 0: node 0, zone 0 */',
	     f'\t*(uint32_t *)({p}pcpu_hot + {f["HOT_PREEMPT_COUNT"]}) = 0x80000000u;'
	     '\t/* no resched pending */', '}',
	     f'static long {p}global(int k)',
	     f'{{ return k ? {p}vm_node_stat[{f["NODE_ITEM"]}] : {p}vm_zone_stat[{f["ZONE_ITEM"]}]; }}',
	     f'static long {p}pending(int k)', '{',
	     f'\tchar *b = k ? {p}pcn : {p}pcz;',
	     f'\treturn k ? {pend(f["PCN_DIFF"], f["PCN_DIFF_SIZE"], f["NODE_ITEM"])} :',
	     f'\t\t{pend(f["PCZ_DIFF"], f["PCZ_DIFF_SIZE"], f["ZONE_ITEM"])};', '}',
	     f'static const struct hp_design {p}design = {{',
	     f'\t"{d.label}", "{d.objdir}/mm/vmstat.o", {p}setup, {p}global, {p}pending,',
	     f'\t{{ {p}pgdat + {f["PGDAT_ZONES"]}, {p}pgdat }}, {p}page,',
	     f'\t{{ {f["ZONE_ITEM"]}, {f["NODE_ITEM"]} }},',
	     f'\t{{ {p}pcz + {f["PCZ_DIFF"]} + {f["PCZ_DIFF_SIZE"]} * {f["ZONE_ITEM"]},',
	     f'\t  {p}pcn + {f["PCN_DIFF"]} + {f["PCN_DIFF_SIZE"]} * {f["NODE_ITEM"]} }},',
	     f'\t{fentry},', '};']
	for name, _, arg, net in ENTRIES:
		args = 'obj, item, HP_PM1' if net == 0 else 'obj, item'
		proto = 'void *, unsigned int, long' if net == 0 else 'void *, unsigned int'
		L += [f'extern void {p}{name}({proto});',
		      f'static HP_LOOP({p}loop_{name}, {p}{name}({args}))']
	return L


def main(argv: List[str]) -> int:
	ap = argparse.ArgumentParser(description='prepare mm/vmstat.o objects for hotpath')
	ap.add_argument('-o', '--out')
	ap.add_argument('--list', action='store_true', help='print the timed functions')
	ap.add_argument('designs', nargs='*', metavar='LABEL=KERNEL_OBJDIR')
	a = ap.parse_args(argv)
	if a.list:
		print('\n'.join(e[0] for e in ENTRIES))
		return 0
	if not a.out or not a.designs:
		ap.error('-o OUTDIR and a design are needed')
	try:
		designs = []
		for i, spec in enumerate(a.designs):
			label, sep, objdir = spec.partition('=')
			if not sep or not re.fullmatch(r'[A-Za-z0-9.+_-]+', label):
				raise GenError(f'"{spec}" is not LABEL=KERNEL_OBJDIR (LABEL in letters, digits, .+_-)')
			designs.append(Design(label, os.path.abspath(objdir), f'd{i}_'))
		a.out = os.path.abspath(a.out)
		os.makedirs(a.out, exist_ok=True)
		c = ['/* generated by bench/hotpath/gen-designs.py: do not edit */', '#include <stdint.h>',
		     '#include "hotpath.h"', '#define A64 __attribute__((aligned(64)))']
		asm: List[str] = []
		for i, d in enumerate(designs):
			probe(d, a.out)
			undef, calls = prefixed(d, a.out)
			asm += stubs(d, undef, calls)
			c += design_c(i, d, undef)
			print(f'# design {d.label}: {d.objdir}/mm/vmstat.o; per_cpu_zonestat {d.facts["PCZ_SIZE"]} B, '
			      f'per_cpu_nodestat {d.facts["PCN_SIZE"]} B, differential {d.facts["PCZ_DIFF_SIZE"]} B'
			      + (f'; debug config: {" ".join(d.debug)}' if d.debug else ''))
			print(f'layout,{d.label},{d.facts["PCZ_SIZE"]},{d.facts["PCN_SIZE"]},'
			      f'{d.facts["ZONE_ITEMS"]},{d.facts["NODE_ITEMS"]},{" ".join(d.debug) or "-"}')
		c.append('const struct hp_entry hp_object_entries[] = {')
		for d in designs:
			for name, kind, arg, net in ENTRIES:
				c.append(f'\t{{ &{d.prefix}design, "{name}", {kind}, {net}, {d.prefix}loop_{name}, '
					 f'HP_ARG_{arg.upper()}, (void *){d.prefix}{name} }},')
		c += ['};', f'const int hp_object_nentries = {len(designs) * len(ENTRIES)};']
		open(os.path.join(a.out, 'designs.c'), 'w').write('\n'.join(c) + '\n')
		open(os.path.join(a.out, 'stubs.S'), 'w').write('\n'.join(asm) + '\n')
	except (GenError, OSError) as e:
		print(f'error: gen-designs: {e}', file=sys.stderr)
		return 2
	return 0


if __name__ == '__main__':
	sys.exit(main(sys.argv[1:]))
