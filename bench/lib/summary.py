#!/usr/bin/python3
"""summary.py RESULTS BYTES -- markdown table of medians from the RESULT lines of bench/download.sh.

Per scenario and client, over the runs that verified: median seconds (launch to verified completion), the
fastest run (best s: on a busy machine the least disturbed one),
MiB/s = size / median seconds, CPU = median user+sys seconds, CPU s per GB (10^9 bytes), and the ratios of
the median time and median CPU to libtorrent's in the same scenario (time ratio <= 1.0: faster or equal).
"""
import statistics, sys
from collections import OrderedDict

path, size = sys.argv[1], int(sys.argv[2])
rows = OrderedDict()
startup = None
for line in open(path):
    if line.startswith('STARTUP '):
        startup = line.split(' ', 1)[1].strip()
    if not line.startswith('RESULT '):
        continue
    kv = dict(t.split('=', 1) for t in line.split()[1:] if '=' in t)
    key = (kv['scenario'], kv['client'])
    r = rows.setdefault(key, {'secs': [], 'cpu': [], 'fail': 0, 'skip': None})
    if 'SKIPPED' in kv:
        r['skip'] = kv['SKIPPED']
    elif kv.get('verify') == 'OK':
        r['secs'].append(float(kv['secs']))
        if kv.get('cpu_s', 'NA') != 'NA':
            r['cpu'].append(float(kv['cpu_s']))
    else:
        r['fail'] += 1

def med(xs): return statistics.median(xs) if xs else None
def fmt(x, f): return f.format(x) if x is not None else '—'

print(f'\nFull download of {size} bytes ({size / 2**20:.0f} MiB); medians over verified runs\n')
print('| seeds | client | runs ok | seconds | best s | MiB/s | CPU s | CPU s/GB | time ratio vs lt | CPU ratio vs lt |')
print('|---|---|---|---|---|---|---|---|---|---|')
for (scen, client), r in rows.items():
    if r['skip']:
        print(f'| {scen} | {client} | skipped: {r["skip"]} | | | | | | | |')
        continue
    s, c = med(r['secs']), med(r['cpu'])
    lt = rows.get((scen, 'lt'))
    ls, lc = (med(lt['secs']), med(lt['cpu'])) if lt else (None, None)
    n = len(r['secs'])
    runs = f'{n}/{n + r["fail"]}'
    best = min(r['secs']) if r['secs'] else None
    print(f'| {scen} | {client} | {runs} | {fmt(s, "{:.2f}")} | {fmt(best, "{:.2f}")} '
          f'| {fmt(size / s / 2**20 if s else None, "{:.1f}")} '
          f'| {fmt(c, "{:.2f}")} | {fmt(c / (size / 1e9) if c is not None else None, "{:.2f}")} '
          f'| {fmt(s / ls if s and ls else None, "{:.2f}")} | {fmt(c / lc if c is not None and lc else None, "{:.2f}")} |')
for (scen, client), r in rows.items():
    if client != 'reel' or not r['secs']:
        continue
    lt = rows.get((scen, 'lt'))
    if not lt or not lt['secs']:
        continue
    tr = med(r['secs']) / med(lt['secs'])
    cr = med(r['cpu']) / med(lt['cpu']) if r['cpu'] and lt['cpu'] else None
    ok = tr <= 1.0 and cr is not None and cr <= 1.5
    print(f'\nGoal, {scen}: Reel time ratio {tr:.2f} (goal <= 1.0), CPU ratio '
          f'{fmt(cr, "{:.2f}")} (goal <= 1.5): {"MET" if ok else "not met"}', end='')
print()
if startup:
    print(f'\nReel start-up alone (JVM + CLI, included in its figures above): {startup}')
