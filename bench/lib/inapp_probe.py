#!/usr/bin/python3
"""One timed play against a running `reel serve`, for bench/inapp.sh (stdlib only, loopback only).

  inapp_probe.py --base http://127.0.0.1:P --fixture FILE (--magnet URI | --torrent FILE) [--label L]
                 [--cap-kib N] [--seeks N] [--seed 42]

t0 is taken just before the first request of the play: POST /api/play {magnet} for a magnet; for a .torrent,
POST /api/torrents with the raw .torrent bytes, then POST /api/play {torrentId}. While the session has no
streamUrl (202, metadata pending), GET /api/sessions/{id} is polled every 5 ms. Then GET streamUrl with
Range: bytes=0-1048575 until all 1,048,576 bytes arrived; they are compared with the fixture's first MiB.
With --seeks N, then N ranged GETs of 1 MiB each on the same stream URL, at the offsets bench/stream.sh uses
(seeded, in [10 %, end - 1 MiB), each range's pieces at least 4 pieces away from every other range and from the first
MiB, descending), each timed from its request to its last byte and checked against the fixture. With --cap-kib (the
seed's upload cap) each time gets its floor: the whole 256 KiB pieces under the range / the cap.
Then DELETE /api/sessions/{id} and DELETE /api/cache/{infoHash}. Prints one JSON line (times in seconds from t0).
"""
import argparse, http.client, json, os, random, statistics, sys, time, urllib.parse

MIB = 1 << 20
ap = argparse.ArgumentParser()
ap.add_argument('--base', required=True); ap.add_argument('--fixture', required=True)
ap.add_argument('--magnet'); ap.add_argument('--torrent'); ap.add_argument('--label', default='')
ap.add_argument('--timeout', type=float, default=60)
ap.add_argument('--cap-kib', type=int, default=0); ap.add_argument('--seeks', type=int, default=0)
ap.add_argument('--seed', type=int, default=42); ap.add_argument('--piece-length', type=int, default=1 << 18)
a = ap.parse_args()
u = urllib.parse.urlsplit(a.base)
conn = http.client.HTTPConnection(u.hostname, u.port, timeout=a.timeout)


def call(method, path, body=None, ctype='application/json', hdr=None):
    h = dict(hdr or {})
    if body is not None:
        h['Content-Type'] = ctype
        if ctype == 'application/json':
            body = json.dumps(body).encode()
    conn.request(method, path, body=body, headers=h)
    r = conn.getresponse(); data = r.read()
    return r.status, (json.loads(data) if data and r.getheader('Content-Type', '').startswith('application/json') else data), r


st, tok, r = call('GET', '/api/token')
cookie = r.getheader('Set-Cookie').split(';')[0]
auth = {'X-Reel-Token': tok['token'], 'Cookie': cookie}
with open(a.fixture, 'rb') as f:
    want = f.read(MIB)
tbytes = open(a.torrent, 'rb').read() if a.torrent else None

out = {'label': a.label, 'variant': 'magnet' if a.magnet else 'torrent'}
t0 = time.monotonic()
out['t0wall'] = time.time()
if a.magnet:
    st, sess, _ = call('POST', '/api/play', {'magnet': a.magnet}, hdr=auth)
else:
    st, tor, _ = call('POST', '/api/torrents', tbytes, 'application/x-bittorrent', auth)
    if st != 201:
        sys.exit(f'POST /api/torrents: {st} {tor}')
    out['added'] = time.monotonic() - t0
    st, sess, _ = call('POST', '/api/play', {'torrentId': tor['torrent']['id']}, hdr=auth)
if st not in (201, 202):
    sys.exit(f'POST /api/play: {st} {sess}')
out['play'] = time.monotonic() - t0; out['playStatus'] = st
while not sess.get('streamUrl'):
    if time.monotonic() - t0 > a.timeout:
        sys.exit('no streamUrl in time')
    time.sleep(0.005)
    st, sess, _ = call('GET', f"/api/sessions/{sess['id']}")
out['streamUrl'] = time.monotonic() - t0
su = urllib.parse.urlsplit(sess['streamUrl'])
sc = http.client.HTTPConnection(su.hostname, su.port, timeout=a.timeout)
sc.request('GET', su.path, headers={'Range': f'bytes=0-{MIB - 1}'})
r = sc.getresponse()
out['httpStatus'] = r.status
got = bytearray()
first = None
while len(got) < MIB:
    chunk = r.read1(65536)
    if not chunk:
        break
    if first is None:
        first = time.monotonic() - t0
    got += chunk
out['firstByte'] = first
out['firstMiB'] = time.monotonic() - t0
out['bytes'] = len(got)
out['ok'] = r.status == 206 and bytes(got[:MIB]) == want
sc.close()
PLEN, SIZE = a.piece_length, os.path.getsize(a.fixture)


def pieces_bytes(off, n):
    p0, p1 = off // PLEN, (off + n - 1) // PLEN
    return min(SIZE, (p1 + 1) * PLEN) - p0 * PLEN


def seek_offsets():
    """Same draw as bench/lib/stream_bench.py's seek_offsets (same --seed, same offsets)."""
    rnd = random.Random(a.seed)
    lo, hi = SIZE // 10, SIZE - MIB
    taken = [(0, (MIB - 1) // PLEN)]
    offs = []
    for _ in range(10000):
        if len(offs) == a.seeks:
            break
        o = rnd.randrange(lo, hi)
        p0, p1 = o // PLEN, (o + MIB - 1) // PLEN
        if all(p1 + 4 < q0 or p0 > q1 + 4 for q0, q1 in taken):
            taken.append((p0, p1)); offs.append(o)
    return sorted(offs, reverse=True)


if a.cap_kib:
    out['capKiB'] = a.cap_kib
    out['floor'] = pieces_bytes(0, MIB) / (a.cap_kib * 1024)
if a.seeks and out['ok']:
    times, floors, okall, starts = [], [], True, []
    with open(a.fixture, 'rb') as f:
        for off in seek_offsets():
            f.seek(off); exp = f.read(MIB)
            sc = http.client.HTTPConnection(su.hostname, su.port, timeout=a.timeout)
            ts = time.monotonic(); starts.append(time.time() - out['t0wall'])
            sc.request('GET', su.path, headers={'Range': f'bytes={off}-{off + MIB - 1}'})
            r = sc.getresponse()
            got = bytearray()
            while len(got) < MIB:
                chunk = r.read1(65536)
                if not chunk:
                    break
                got += chunk
            times.append(time.monotonic() - ts)
            okall = okall and r.status == 206 and bytes(got) == exp
            sc.close()
            if a.cap_kib:
                floors.append(pieces_bytes(off, MIB) / (a.cap_kib * 1024))
    out['seekOffsets'] = seek_offsets(); out['seekTimes'] = times; out['seekOk'] = okall
    out['seekStarts'] = starts
    out['seekMean'] = statistics.mean(times); out['seekMedian'] = statistics.median(times)
    out['seekWarm'] = sum(1 for x in times if x < 0.1)
    cold = [x for x in times if x >= 0.1]
    out['seekMeanCold'] = statistics.mean(cold) if cold else None
    if floors:
        out['seekFloors'] = floors
        cf = [fl for x, fl in zip(times, floors) if x >= 0.1]
        out['seekFloorMeanCold'] = statistics.mean(cf) if cf else None
call('DELETE', f"/api/sessions/{sess['id']}", hdr=auth)
call('DELETE', f"/api/cache/{sess['infoHash']}", hdr=auth)
if not a.magnet:
    call('DELETE', f"/api/torrents/{tor['torrent']['id']}", hdr=auth)
print(json.dumps(out), flush=True)
