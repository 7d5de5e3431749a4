#!/usr/bin/python3
"""One timed play against a running `reel serve`, for bench/inapp.sh (stdlib only, loopback only).

  inapp_probe.py --base http://127.0.0.1:P --fixture FILE (--magnet URI | --torrent FILE) [--label L]

t0 is taken just before the first request of the play: POST /api/play {magnet} for a magnet; for a .torrent,
POST /api/torrents with the raw .torrent bytes, then POST /api/play {torrentId}. While the session has no
streamUrl (202, metadata pending), GET /api/sessions/{id} is polled every 5 ms. Then GET streamUrl with
Range: bytes=0-1048575 until all 1,048,576 bytes arrived; they are compared with the fixture's first MiB.
Then DELETE /api/sessions/{id} and DELETE /api/cache/{infoHash}. Prints one JSON line (times in seconds from t0).
"""
import argparse, http.client, json, sys, time, urllib.parse

MIB = 1 << 20
ap = argparse.ArgumentParser()
ap.add_argument('--base', required=True); ap.add_argument('--fixture', required=True)
ap.add_argument('--magnet'); ap.add_argument('--torrent'); ap.add_argument('--label', default='')
ap.add_argument('--timeout', type=float, default=60)
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
call('DELETE', f"/api/sessions/{sess['id']}", hdr=auth)
call('DELETE', f"/api/cache/{sess['infoHash']}", hdr=auth)
if not a.magnet:
    call('DELETE', f"/api/torrents/{tor['torrent']['id']}", hdr=auth)
print(json.dumps(out), flush=True)
