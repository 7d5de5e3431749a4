#!/usr/bin/python3
"""Tables for docs/BENCHMARKS.md from bench/stream.sh's results.jsonl: times, physical floor, ratios, goals."""
import json, statistics, sys

recs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
NAMES = {'reel': 'Reel', 'lt': 'libtorrent (deadlines)', 'wt': 'webtorrent', 'pf': 'peerflix'}
order = [k for k in NAMES if any(r['client'] == k for r in recs)]


def f(x, d=2):
    return '—' if x is None else f'{x:.{d}f}'


def by(test):
    out = {}
    for r in recs:
        if r['test'] == test:
            out.setdefault(r['client'], []).append(r)
    return out


def best_other(vals, k):
    o = [v for c, v in vals.items() if c != k and v is not None]
    return min(o) if o else None


def first_table(test, title):
    rs = by(test)
    if not rs:
        return
    vals = {k: (rs[k][0].get('first_MiB_s') if k in rs else None) for k in order}
    fl = next((r.get('floor_s') for v in rs.values() for r in v if r.get('floor_s')), None)
    cap = next(iter(rs.values()))[0].get('cap_KiBps')
    print(f'\n**{title}** (seed capped at {cap} KiB/s; floor = 1 MiB ÷ cap = {f(fl)} s)\n')
    print('| client | URL printed (s) | first byte (s) | first MiB (s) | × floor | × best other | goal (≤ 1.15× floor and ≤ 0.7× best other) |')
    print('|---|---|---|---|---|---|---|')
    for k in order:
        r = rs.get(k, [{}])[0]
        v, b = vals[k], best_other(vals, k)
        goal = ''
        if k == 'reel' and v is not None and fl and b:
            goal = 'met' if v <= 1.15 * fl and v <= 0.7 * b else 'missed'
        err = f" ({r['error']})" if r.get('error') else ''
        print(f"| {NAMES[k]} | {f(r.get('url_s'))} | {f(r.get('first_byte_s'))} | {f(v)}{err} | "
              f"{f(v / fl if v and fl else None)} | {f(v / b if v and b else None)} | {goal} |")


def seek_table():
    rs = by('first_MiB_torrent')
    if not rs or not any('seek_mean_s' in r[0] for r in rs.values()):
        return
    def cold(r):   # seeks that were not served from data already there (< 0.1 s)
        c = [(t, f) for t, f in zip(r.get('seek_times', []), r.get('seek_floors', [])) if t >= 0.1]
        return (statistics.mean(t for t, _ in c), statistics.mean(f for _, f in c)) if c else (None, None)
    vals = {k: cold(rs[k][0])[0] if k in rs else None for k in order}
    fl = next(r[0]['seek_floor_mean_s'] for r in rs.values() if 'seek_floor_mean_s' in r[0])
    n = max(len(r[0].get('seek_times', [])) for r in rs.values())
    print(f'\n**Seek: 1 MiB at {n} random offsets** (same offsets for every client, descending; floor = the pieces '
          f'covering each range ÷ cap, mean {f(fl)} s)\n')
    print('| client | already there (< 0.1 s) | mean of the others (s) | their floor (s) | × floor | × best other | '
          'median, all (s) | max (s) | goal (≤ 1.15× floor and ≤ 0.7× best other) |')
    print('|---|---|---|---|---|---|---|---|---|')
    for k in order:
        r = rs.get(k, [{}])[0]
        v, b = vals[k], best_other(vals, k)
        cf = cold(r)[1] if r else None
        goal = ''
        if k == 'reel' and v is not None and b:
            goal = 'met' if v <= 1.15 * cf and v <= 0.7 * b else 'missed'
        print(f"| {NAMES[k]} | {r.get('seek_warm', '—')} | {f(v)} | {f(cf)} | {f(v / cf if v and cf else None)} | "
              f"{f(v / b if v and b else None)} | {f(r.get('seek_median_s'))} | {f(r.get('seek_max_s'))} | {goal} |")
    print('\nPer offset (s): ' + '; '.join(
        f"{NAMES[k]} " + ' '.join(f'{t:.2f}' for t in rs[k][0].get('seek_times', [])) for k in order if k in rs))


def uncapped_table():
    rs = by('first_MiB_torrent_uncapped')
    if not rs:
        return
    print('\n**Uncapped seed: first MiB from launch** (`reel stream` launch, JVM start included; median of runs)\n')
    print('| client | runs | median (s) | all runs (s) | goal (≤ 0.5 s) |')
    print('|---|---|---|---|---|')
    for k in order:
        v = [r['first_MiB_s'] for r in rs.get(k, []) if 'first_MiB_s' in r]
        m = statistics.median(v) if v else None
        goal = ('met' if m <= 0.5 else 'missed') if k == 'reel' and m is not None else ''
        print(f"| {NAMES[k]} | {len(v)} | {f(m)} | {' '.join(f'{x:.2f}' for x in v)} | {goal} |")


def stall_tables():
    tests = sorted({r['test'] for r in recs if r['test'].startswith('stalls_')}, key=lambda t: float(t[7:-1]))
    for t in tests:
        rs = by(t)
        r0 = next(iter(rs.values()))[0]
        mult = float(t[7:-1])
        print(f"\n**Stalls at {mult:g}× the bitrate** (seed capped at {r0['cap_KiBps']} KiB/s, "
              f"video {r0.get('rate_KiBps', '?')} KiB/s)\n")
        print('| client | start (s, 1 MiB) | stalls (> 0.25 s) | stalled (s) | longest (s) | goal |')
        print('|---|---|---|---|---|---|')
        sv = {k: rs[k][0].get('stalled_s') if k in rs else None for k in order}
        for k in order:
            r = rs.get(k, [{}])[0]
            goal = ''
            if k == 'reel' and 'stalls' in r:
                others = [v for c, v in sv.items() if c != k and v is not None]
                fewer = all(r['stalled_s'] < v for v in others) if others else None
                parts = []
                if mult <= 1.5:
                    parts.append('no stall: ' + ('met' if r['stalls'] == 0 else 'missed'))
                if r['stalled_s'] == 0 and others and all(v == 0 for v in others):
                    parts.append('fewer stalled s than every peer: tie (all 0)')
                else:
                    parts.append('fewer stalled s than every peer: ' + ('met' if fewer else 'missed'))
                goal = '; '.join(parts)
            err = f" ({r['error']})" if r.get('error') else ''
            print(f"| {NAMES[k]} | {f(r.get('startup_s'))} | {r.get('stalls', '—')}{err} | {f(r.get('stalled_s'))} | "
                  f"{f(r.get('longest_stall_s'))} | {goal} |")


for r in recs:
    if r['test'] == 'startup':
        print(f"Reel start-up alone (`reel --version`, median of 3): {r['version_s']:.2f} s; load average {r['load']}")
first_table('first_MiB_torrent', 'First MiB, .torrent')
seek_table()
first_table('first_MiB_magnet', 'First MiB, magnet link')
uncapped_table()
stall_tables()
