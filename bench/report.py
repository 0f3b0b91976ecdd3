#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# make bench's report: read a results directory (meta.txt, hotpath.csv, layout.csv, the guests'
# result.ktap with their "# csv,..." lines), write results.json, report.md and PNG plots
# (gnuplot; without it the report says so). --readme FILE puts report.md's body between the
# <!-- bench:begin --> and <!-- bench:end --> lines of FILE, plots under --plots-dir.
# Usage: bench/report.py RES [--readme FILE] [--plots-dir DIR]
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Dict, List, Tuple

LOCK_CYCLES = 19	# LOCK CMPXCHG, recent Intel (uops.info, Alder Lake)
ZONES_1024, NODES_1024 = 10, 8	# DMA, DMA32 and 8 Normal zones on 8 nodes
TCG = 'QEMU TCG: not hardware timings'


class ReportError(Exception):
	pass


@dataclass
class Boot:
	label: str
	run: str	# "1", "2", ... for guest boots; the vCPU count for scale boots
	failed: List[str] = field(default_factory=list)
	rows: Dict[str, List[List[str]]] = field(default_factory=dict)


def q(xs: List[float], p: float) -> float:
	s = sorted(xs)
	return s[min(len(s) - 1, max(0, round(p * (len(s) - 1))))]


def spread(xs: List[float]) -> str:
	return f'{statistics.median(xs):.2f} ({q(xs, 0.25):.2f}-{q(xs, 0.75):.2f})' if xs else 'not measured'


def read_boots(res: str, kind: str) -> List[Boot]:
	boots = []
	top = os.path.join(res, kind)
	for name in sorted(os.listdir(top)) if os.path.isdir(top) else []:
		if name.endswith('.failed'):	# a boot that run-bench.sh retried
			continue
		label, _, run = name.rpartition('-')
		b = Boot(label, run)
		try:
			lines = open(os.path.join(top, name, 'result.ktap')).read().splitlines()
		except OSError:
			b.failed.append('no result.ktap')
			lines = []
		for line in lines:
			m = re.match(r'\s*not ok \d+ (\S+)', line)
			if m:
				b.failed.append(m.group(1))
			if line.startswith('# csv,'):
				f = line[len('# csv,'):].split(',')
				b.rows.setdefault(f[0], []).append(f[1:])
		boots.append(b)
	return boots


def hotpath(res: str) -> Tuple[List[str], Dict[str, Dict[str, Dict[str, List[float]]]]]:
	"""Comments, and {surroundings kind: {function: {label: [median per process]}}}."""
	notes: List[str] = []
	data: Dict[str, Dict[str, Dict[str, List[float]]]] = {}
	try:
		lines = open(os.path.join(res, 'hotpath.csv')).read().splitlines()
	except OSError:
		return ['hotpath.csv: not measured'], data
	for line in lines:
		if line.startswith('#'):
			if line not in notes:
				notes.append(line)
			continue
		f = line.split(',')
		if len(f) < 6 or f[0] == 'variant':
			continue
		label, _, fn = f[0].partition(':')
		data.setdefault(f[1].split(';')[0], {}).setdefault(fn, {}).setdefault(label, []).append(float(f[2]))
		data.setdefault(f[1].split(';')[0] + '-spread', {}).setdefault(fn, {}).setdefault(label, []).extend(
			[float(f[3]), float(f[4])])
	return notes, data


def labels_of(meta: str) -> List[str]:
	return re.findall(r'^kernel ([^:]+):', meta, re.M)


def build(res: str) -> Tuple[dict, List[str]]:
	meta = open(os.path.join(res, 'meta.txt')).read() if os.path.exists(os.path.join(res, 'meta.txt')) else ''
	labels = labels_of(meta) or ['base', 'series']
	others = [lb for lb in labels if lb != 'base']
	notes, hp = hotpath(res)
	guests, scale = read_boots(res, 'guest'), read_boots(res, 'scale')
	out = {'meta': meta, 'labels': labels, 'hotpath': hp}
	md = ['## Latest run', '', '```', meta.strip(), '```', '']
	failed = [f'{b.label}-{b.run}: {", ".join(b.failed)}' for b in guests + scale if b.failed]
	if failed:
		md += ['Failed or missing phases (their figures are left out): ' + '; '.join(failed), '']
	retried = [f'{k}/{n[:-len(".failed")]}' for k in ('guest', 'scale') if os.path.isdir(os.path.join(res, k))
		   for n in sorted(os.listdir(os.path.join(res, k))) if n.endswith('.failed')]
	if retried:
		md += ['Boots that failed once and ran again (their console.log is kept as DIR.failed): ' +
		       ', '.join(retried), '']

	md += ['### 1. Hot path on this CPU', '',
	       'TSC ticks per update over an empty out-of-line function: median over processes of each',
	       "process's median (in brackets: the lowest p25 and the highest p75 of the processes);",
	       "the kernels' own mm/vmstat.o; v2-model is the harness's C model, not a kernel.", '']
	md += [f'    {n}' for n in notes if 'not measured' in n or 'cpu model' in n or 'run-hotpath' in n
	       or 'self-check' in n][:4] + ['']
	hp_lab = sorted({lb for s in hp.values() for fn in s.values() for lb in fn}, key=lambda x: (x != 'base', x))
	for sur, fns in hp.items():
		if sur.endswith('-spread'):
			continue
		sp = hp.get(sur + '-spread', {})
		md += [f'{sur} counter:', '', '| function | ' + ' | '.join(hp_lab) + ' | ' +
		       ' | '.join(f'{lb} - base' for lb in hp_lab if lb != 'base') + ' |',
		       '|---' * (1 + 2 * len(hp_lab) - 1) + '|']
		for fn, per in fns.items():
			row = [f'{statistics.median(per[lb]):.2f} ({min(sp[fn][lb]):.2f}-{max(sp[fn][lb]):.2f})'
			       if lb in per else 'not measured' for lb in hp_lab]
			b = statistics.median(per['base']) if 'base' in per else None
			row += [f'{statistics.median(per[lb]) - b:+.2f}' if b is not None and lb in per else 'NA'
				for lb in hp_lab if lb != 'base']
			md.append(f'| {fn} | ' + ' | '.join(row) + ' |')
		md.append('')

	# 2. updates per operation (from the base's boots) and the estimate
	counts: Dict[str, Dict[str, List[float]]] = {}
	for b in guests:
		if b.label == 'base':
			for op, fn, v in (r[:3] for r in b.rows.get('counts', [])):
				counts.setdefault(op, {}).setdefault(fn, []).append(float(v))
	warm = hp.get('warm', {})
	est: Dict[str, Dict[str, float]] = {}
	md += ['### 2. Updates per operation and the added cost', '',
	       "Calls per operation (the base's boots, function profiler); added ticks = calls x (ticks of",
	       f'the kernel - ticks of the base) per function, warm counter; "19 cyc" = calls x {LOCK_CYCLES} cycles',
	       '(one LOCK CMPXCHG per update on recent Intel, uops.info).', '',
	       '| operation | updates (by function) | ' + ' | '.join(f'{lb}: added ticks' for lb in others) + ' | 19 cyc |',
	       '|---|---|' + '---|' * len(others) + '---|']
	for op, fns in counts.items():
		per = {fn: statistics.median(v) for fn, v in fns.items()}
		est[op] = {}
		cells = []
		for lb in others:
			tot, missing = 0.0, []
			for fn, c in per.items():
				if fn in warm and 'base' in warm[fn] and lb in warm[fn]:
					tot += c * (statistics.median(warm[fn][lb]) - statistics.median(warm[fn]['base']))
				else:
					missing.append(fn)
			est[op][lb] = tot
			cells.append(f'{tot:+.1f}' + (f' (without {", ".join(missing)})' if missing else ''))
		lock = sum(per.values()) * LOCK_CYCLES
		est[op]['lock19'] = lock
		md.append(f'| {op} | ' + ', '.join(f'{fn} {c:.2f}' for fn, c in per.items()) + ' | ' +
			  ' | '.join(cells) + f' | {lock:.0f} |')
	if not counts:
		md.append('| not measured | | |')
	out['counts'], out['estimate'] = counts, est
	md.append('')

	# 3. in-guest A/B
	ab: Dict[str, Dict[str, List[float]]] = {}
	per_boot: Dict[str, Dict[str, Dict[str, List[float]]]] = {}
	for b in guests:
		for op, _, v in (r[:3] for r in b.rows.get('ab', [])):
			ab.setdefault(op, {}).setdefault(b.label, []).append(float(v))
			per_boot.setdefault(op, {}).setdefault(b.label, {}).setdefault(b.run, []).append(float(v))

	def ratio(op: str, lb: str) -> str:
		per = ab[op]
		if not per.get('base') or not per.get(lb):
			return 'NA'
		pb = per_boot[op]
		rs = [statistics.median(pb[lb][i]) / statistics.median(pb['base'][i]) for i in pb[lb] if i in pb['base']]
		return f'{statistics.median(per[lb]) / statistics.median(per["base"]):.3f}' + (
			f' ({min(rs):.3f}-{max(rs):.3f})' if rs else '')
	out['ab'] = ab
	md += [f'### 3. In-guest A/B ({TCG})', '', 'ns per operation, median (p25-p75) of every sample of every boot;',
	       'ratio of medians to the base (in brackets: the lowest and highest ratio of boot i to base boot i).', '',
	       '| operation | ' + ' | '.join(labels) + ' | ' + ' | '.join(f'{lb}/base' for lb in others) + ' |',
	       '|---' * (1 + len(labels) + len(others)) + '|']
	for op, per in ab.items():
		md.append(f'| {op} | ' + ' | '.join(spread(per.get(lb, [])) for lb in labels) + ' | ' +
			  ' | '.join(ratio(op, lb) for lb in others) + ' |')
	md.append('')

	# 4. benefit: staleness, per-CPU work
	st: Dict[str, Dict[str, List[str]]] = {}
	for b in guests:
		for kind, _, v in (r[:3] for r in b.rows.get('stale', [])):
			st.setdefault(kind, {}).setdefault(b.label, []).append(v)
	out['stale'] = st
	md += ['### 4. Benefit', '', 'Staleness: seconds from 10 pages mlocked on the CPU until /proc/vmstat shows',
	       'them (10 samples per boot; inf = not within 5 s).', '',
	       '| CPU | ' + ' | '.join(labels) + ' |', '|---' * (1 + len(labels)) + '|']
	for kind, per in st.items():
		cells = []
		for lb in labels:
			v = per.get(lb, [])
			fin = [float(x) for x in v if x != 'inf']
			inf = len(v) - len(fin)
			cells.append(f'n={len(v)}: median {statistics.median(fin):.2f}, p90 {q(fin, 0.9):.2f}, max {max(fin):.2f}'
				     + (f', {inf} inf' if inf else '') if fin else (f'n={len(v)}: all inf' if v else 'not measured'))
		md.append(f'| {kind} | ' + ' | '.join(cells) + ' |')
	md.append('')
	for table, cols, title in (('work', ['vmstat work items', 'IPIs (all causes)', 'FIFO preemptions by a kworker',
					    'FIFO preemptions with vmstat work'],
				    'Per CPU per minute under load on every CPU, a SCHED_FIFO hog on CPU 1 (fair server on)'),
				   ('idle', ['idle exits', 'vmstat work items', 'shepherd runs'],
				    '5. Idle cost: per CPU per minute, idle guest'),
				   ('drain', ['frees to zone->lock (pcp->lock taken)', 'pages drained by other CPUs',
					      'decay_pcp_high calls', 'decay_pcp_high mean us'],
				    'The owner against the drains (drain phase, when asked for): per minute, CPU 1 '
				    'growing and churning its page lists, the shepherd kept off CPU 1')):
		per: Dict[str, Dict[str, List[List[float]]]] = {}
		for b in guests:
			for r in b.rows.get(table, []):
				per.setdefault(b.label, {}).setdefault(r[0], []).append([float(x) for x in r[1:]])
		out[table] = per
		if table == 'drain' and not per:
			continue
		md += [f'{"### " if table == "idle" else ""}{title}:', '',
		       '| kernel | CPU | ' + ' | '.join(cols) + ' |', '|---' * (2 + len(cols)) + '|']
		for lb in labels:
			cpus = per.get(lb, {})
			for cpu in sorted(cpus, key=int):
				vals = list(zip(*cpus[cpu]))
				md.append(f'| {lb} | {cpu} | ' + ' | '.join(f'{statistics.mean(v):.1f}' for v in vals) + ' |')
			if cpus:
				means = [[statistics.mean(v) for v in zip(*cpus[c])] for c in cpus]
				md.append(f'| {lb} | all | ' + ' | '.join(f'{sum(t):.1f}' for t in zip(*means)) + ' |')
		md.append('')

	# 6. scale and memory
	sc: Dict[str, Dict[str, Dict[int, Tuple[int, float]]]] = {}
	for b in scale:
		for n, fn, hits, avg in (r[:4] for r in b.rows.get('pass', [])):
			sc.setdefault(b.label, {}).setdefault(fn, {})[int(n)] = (int(float(hits)), float(avg))
	out['scale'] = {lb: {fn: {str(n): v for n, v in d.items()} for fn, d in f.items()} for lb, f in sc.items()}
	md += [f'### 6. Scale and memory ({TCG} for the times; the line counts are exact)', '',
	       'Profiled time per call (us) and calls in the window, by vCPUs:', '',
	       '| kernel | function | ' + ' | '.join(f'{n} vCPUs' for n in sorted({n for f in sc.values() for d in f.values() for n in d})) + ' |']
	ns = sorted({n for f in sc.values() for d in f.values() for n in d})
	md.append('|---' * (2 + len(ns)) + '|')
	for lb, fns in sc.items():
		for fn, d in fns.items():
			md.append(f'| {lb} | {fn} | ' + ' | '.join(f'{d[n][1]:.1f} x{d[n][0]}' if n in d else '' for n in ns) + ' |')
	md.append('')
	pcs: Dict[str, Dict[str, List[str]]] = {}
	try:
		for line in open(os.path.join(res, 'passcost.csv')).read().splitlines()[1:]:
			f = line.split(',')
			pcs.setdefault(f[0], {})[f[1]] = f[2:]
	except OSError:
		pass
	out['passcost'] = pcs
	if pcs:
		md += ['The pass\'s reads on this machine\'s caches (`bench/hotpath/passcost.c`, host CPUs, not TCG): 64 '
		       f'CPUs\' structures of each kernel in the 1024-CPU shape ({ZONES_1024} zones, {NODES_1024} nodes), '
		       'modified in one core\'s cache, read from another as the pass reads them (remote), in a random '
		       'dependent order (chase: no overlap, no prefetch), or by their owner (local, 6.12\'s own '
		       'vmstat_update, the sum of every CPU\'s own reads); ns per pass p10/p50/p90, and p50 per line '
		       'scaled to 1024 CPUs at one pass per second:', '',
		       '| kernel | mode | lines | ns per pass | ns per line | 1024 CPUs: ms per pass | % of one CPU |',
		       '|---|---|---|---|---|---|---|']
		for lb, modes in pcs.items():
			for m, f in modes.items():
				per_line = float(f[5])
				at = per_line * int(f[1]) * 1024 / int(f[0]) / 1e6	# ms, scaled to 1024 CPUs
				md.append(f'| {lb} | {m} | {f[1]} | {f[2]}/{f[3]}/{f[4]} | {per_line:.1f} | {at:.2f} | {at / 10:.3f} |')
	lay: Dict[str, Dict[str, Tuple[int, int]]] = {}
	try:
		for line in open(os.path.join(res, 'layout.csv')).read().splitlines()[1:]:
			lb, st_, size, lines = line.split(',')
			lay.setdefault(lb, {})[st_] = (int(size), int(lines))
	except (OSError, ValueError):
		pass
	topo = [r for b in guests for r in b.rows.get('topo', [])]
	zones, nodes = (int(topo[0][0]), int(topo[0][1])) if topo else (3, 2)
	md += ['', f'Per-CPU vmstat structures (offsets.c on each object) and the lines one pass reads: every populated zone\'s '
	       f'and node\'s structure of every CPU (the guest: {zones} populated zones on {nodes} nodes; 1024 CPUs: '
	       f'{ZONES_1024} zones on {NODES_1024} nodes); the pcp lines of the page-list duties are not counted.', '',
	       '| kernel | per_cpu_zonestat | per_cpu_nodestat | bytes per CPU (guest) | lines per pass, 4 CPUs | bytes, 1024 CPUs | lines per pass, 1024 CPUs |',
	       '|---|---|---|---|---|---|---|']
	for lb, s in lay.items():
		z, n = s.get('per_cpu_zonestat', (0, 0)), s.get('per_cpu_nodestat', (0, 0))
		md.append(f'| {lb} | {z[0]} B ({z[1]} lines) | {n[0]} B ({n[1]} lines) | {zones * z[0] + nodes * n[0]} | '
			  f'{4 * (zones * z[1] + nodes * n[1])} | {1024 * (ZONES_1024 * z[0] + NODES_1024 * n[0]) // 1024} KiB | '
			  f'{1024 * (ZONES_1024 * z[1] + NODES_1024 * n[1])} |')
	out['layout'] = lay
	return out, md


def plots(res: str, out: dict) -> List[str]:
	"""Write the data files and one gnuplot script; return the PNGs made."""
	if not shutil.which('gnuplot'):
		print('report: no gnuplot (apt-get install gnuplot-nox): no plots', file=sys.stderr)
		return []
	cairo = subprocess.run(['gnuplot', '-e', 'set terminal pngcairo'], capture_output=True).returncode == 0
	gp = [f'set terminal {"pngcairo" if cairo else "png"} size 900,500 noenhanced',
	      'set datafile separator ","', 'set grid ytics', 'set key top left']
	pngs = []
	warm = out['hotpath'].get('warm', {})
	labs = sorted({lb for fn in warm.values() for lb in fn}, key=lambda x: (x != 'base', x))
	if warm:
		with open(os.path.join(res, 'hotpath.dat'), 'w') as f:
			for fn, per in warm.items():
				f.write(fn + ',' + ','.join(f'{statistics.median(per[lb]) if lb in per else 0:.3f}' for lb in labs) + '\n')
		gp += ['set output "hotpath.png"', 'set title "TSC ticks per update over an empty function (warm counter)"',
		       'set style data histograms', 'set style fill solid 0.8', 'set xtics rotate by -45', 'set bmargin 10',
		       'plot ' + ', '.join(f'"hotpath.dat" using {i + 2}:xtic(1) title "{lb}"' for i, lb in enumerate(labs)),
		       'unset xtics', 'set xtics', 'set bmargin']
		pngs.append('hotpath.png')
	st = out['stale']
	series = [(k, lb) for k, per in st.items() for lb in per]
	if series:
		for k, lb in series:
			v = sorted(5.0 if x == 'inf' else float(x) for x in st[k][lb])
			with open(os.path.join(res, f'stale-{k}-{lb}.dat'), 'w') as f:
				f.writelines(f'{x},{(i + 1) / len(v):.3f}\n' for i, x in enumerate(v))
		gp += ['set style data steps', 'set output "staleness.png"',
		       'set title "Staleness: CDF of seconds to /proc/vmstat (inf drawn at the 5 s bound; TCG)"',
		       'set xlabel "seconds"', 'set ylabel "fraction"',
		       'plot ' + ', '.join(f'"stale-{k}-{lb}.dat" using 1:2 title "{k} {lb}"' for k, lb in series)]
		pngs.append('staleness.png')
	sc = out['scale']
	lines = [(lb, fn) for lb, fns in sc.items() for fn in fns]
	if lines:
		for lb, fn in lines:
			with open(os.path.join(res, f'scale-{lb}-{fn}.dat'), 'w') as f:
				f.writelines(f'{n},{v[1]}\n' for n, v in sorted(sc[lb][fn].items(), key=lambda x: int(x[0])))
		gp += ['set style data linespoints', 'set output "scale.png"', 'set logscale x 2',
		       'set title "Profiled time per call vs vCPUs (QEMU TCG)"', 'set xlabel "vCPUs"', 'set ylabel "us"',
		       'plot ' + ', '.join(f'"scale-{lb}-{fn}.dat" using 1:2 title "{lb} {fn}"' for lb, fn in lines)]
		pngs.append('scale.png')
	open(os.path.join(res, 'plots.gp'), 'w').write('\n'.join(gp) + '\n')
	r = subprocess.run(['gnuplot', 'plots.gp'], cwd=res, capture_output=True, text=True)
	if r.returncode:
		print(f'report: gnuplot failed: {r.stderr.strip()[-500:]}', file=sys.stderr)
		return []
	return pngs


def main(argv: List[str]) -> int:
	ap = argparse.ArgumentParser(description="make bench's report")
	ap.add_argument('res')
	ap.add_argument('--readme')
	ap.add_argument('--plots-dir', default='.')
	a = ap.parse_args(argv)
	try:
		if not os.path.isdir(a.res):
			raise ReportError(f'no results directory {a.res}')
		out, md = build(a.res)
		pngs = plots(a.res, out)
		md += [''] + [f'![{p}]({os.path.join(a.plots_dir, p)})' for p in pngs]
		json.dump(out, open(os.path.join(a.res, 'results.json'), 'w'), indent=1, default=str)
		open(os.path.join(a.res, 'report.md'), 'w').write('\n'.join(md) + '\n')
		if a.readme:
			text = open(a.readme).read()
			m = re.search(r'(<!-- bench:begin -->\n).*?(<!-- bench:end -->)', text, re.S)
			if not m:
				raise ReportError(f'{a.readme} has no <!-- bench:begin --> ... <!-- bench:end --> block')
			open(a.readme, 'w').write(text[:m.end(1)] + '\n'.join(md) + '\n' + text[m.start(2):])
	except (ReportError, OSError) as e:
		print(f'error: report: {e}', file=sys.stderr)
		return 2
	print(os.path.join(a.res, 'report.md'))
	return 0


if __name__ == '__main__':
	sys.exit(main(sys.argv[1:]))
