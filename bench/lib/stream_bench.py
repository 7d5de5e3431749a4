#!/usr/bin/python3
"""Streaming benchmark driver (run by bench/stream.sh, which sets up tools, fixture and Reel).

  stream_bench.py --fixture VIDEO --torrent T --work DIR --npm DIR --reel "CMD..." [--clients "reel lt wt pf"]
                  [--cap-kib 450] [--seeks 10] [--seed 42] [--stall-mults 1.5,3] [--uncapped-runs 3]
                  [--only ttfb,magnet,seek,uncapped,stall]

Each measurement gets a fresh swarm: one HTTP tracker (npm bittorrent-tracker, 127.0.0.1) and one python3-libtorrent
seed whose upload is capped. Then one client is launched; every time is counted from that launch. Clients:
reel (reel stream --player none), lt (bench/lib/lt_stream.py serve: libtorrent with set_piece_deadline),
wt (webtorrent 2.8.5 library server), pf (peerflix 0.39.0). All are read over HTTP by this script. Every byte read is
compared with the fixture. Prints RESULT lines and JSON lines (one per measurement) to --out.
"""
import argparse, bisect, http.client, json, os, random, re, shutil, signal, socket, subprocess, sys, time, statistics
from urllib.parse import urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
PY = os.environ.get('PY', '/usr/bin/python3')
TTL = int(os.environ.get('TTL', '1800'))
SPAN = 1 << 20
CHUNK = 64 << 10
STALL_MIN_S = 0.25

ap = argparse.ArgumentParser()
ap.add_argument('--fixture', required=True); ap.add_argument('--torrent', required=True)
ap.add_argument('--duration', type=float, required=True, help='video duration, seconds')
ap.add_argument('--work', required=True); ap.add_argument('--npm', required=True)
ap.add_argument('--reel', required=True, help='command line that runs Reel (split on spaces)')
ap.add_argument('--clients', default='reel lt wt pf')
ap.add_argument('--cap-kib', type=int, default=450)
ap.add_argument('--seeks', type=int, default=10)
ap.add_argument('--seed', type=int, default=42)
ap.add_argument('--stall-mults', default='1.5,3')
ap.add_argument('--uncapped-runs', type=int, default=3)
ap.add_argument('--only', default='ttfb,magnet,uncapped,stall')
ap.add_argument('--parallel-stalls', type=int, default=1, help='run the stall measurements of all clients at once')
ap.add_argument('--out', required=True)
a = ap.parse_args()

FIX = open(a.fixture, 'rb').read()
SIZE = len(FIX)
RATE = SIZE / a.duration       # bytes per second of playback
CLIENTS = a.clients.split()
ONLY = set(a.only.split(','))
out = open(a.out, 'a')
os.makedirs(a.work, exist_ok=True)

sys.path.insert(0, HERE)
import libtorrent as lt  # noqa: E402  (Debian python3-libtorrent: parse .torrent, infohash)
TI = lt.torrent_info(a.torrent)
PLEN, NPIECES = TI.piece_length(), TI.num_pieces()
IH = str(TI.info_hashes().v1)


def log(*x):
    print(time.strftime('[%H:%M:%S]'), *x, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- processes (own session, under timeout)
PROCS = {}


def start(name, cmd, env=None):
    lf = open(os.path.join(a.work, name + '.log'), 'w')
    p = subprocess.Popen(['timeout', '-k', '5', str(TTL)] + cmd, stdout=lf, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL, start_new_session=True, env=env)
    PROCS[name] = p
    return p


def stop(name):
    p = PROCS.pop(name, None)
    if p is None:
        return
    try:
        os.killpg(p.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        p.wait(3)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        p.wait()


def stop_all(*_):
    for n in list(PROCS):
        stop(n)


def on_signal(*_):
    stop_all(); sys.exit(130)


signal.signal(signal.SIGTERM, on_signal); signal.signal(signal.SIGINT, on_signal)


def logtext(name):
    try:
        return open(os.path.join(a.work, name + '.log'), errors='replace').read()
    except FileNotFoundError:
        return ''


def wait_for(pred, secs, step=0.005):
    end = time.monotonic() + secs
    while time.monotonic() < end:
        v = pred()
        if v:
            return v
        time.sleep(step)
    return None


def free_port():
    s = socket.socket(); s.bind(('127.0.0.1', 0)); p = s.getsockname()[1]; s.close(); return p


def port_open(p):
    try:
        socket.create_connection(('127.0.0.1', p), 0.2).close(); return True
    except OSError:
        return False


# ---------------------------------------------------------------- swarm: tracker + one capped libtorrent seed
class Swarm:
    def __init__(self, tag, cap_kib):
        self.tag, self.cap_kib = tag, cap_kib
        self.tport, self.sport = free_port(), free_port()
        ann = f'http://127.0.0.1:{self.tport}/announce'
        e = lt.bdecode(open(a.torrent, 'rb').read())
        e[b'announce'] = ann.encode()
        e.pop(b'announce-list', None)
        self.torrent = os.path.join(a.work, f'{tag}.torrent')
        open(self.torrent, 'wb').write(lt.bencode(e))
        self.magnet = f'magnet:?xt=urn:btih:{IH}&dn={os.path.basename(a.fixture)}&tr={ann}'
        env = dict(os.environ, TRACKER_PORT=str(self.tport), NODE_PATH=os.path.join(a.npm, 'tracker', 'node_modules'))
        shutil.copy(os.path.join(HERE, 'tracker.mjs'), os.path.join(a.npm, 'tracker', 'tracker.mjs'))
        start(f'{tag}-tracker', ['node', os.path.join(a.npm, 'tracker', 'tracker.mjs')], env)
        if not wait_for(lambda: port_open(self.tport), 15, 0.05):
            raise RuntimeError(f'tracker did not start: {logtext(tag + "-tracker")}')
        start(f'{tag}-seed', [PY, os.path.join(HERE, 'lt_stream.py'), 'seed', self.torrent, os.path.dirname(a.fixture),
                              '--port', str(self.sport), '--up-kbps', str(cap_kib)])
        if not wait_for(lambda: 'READY' in logtext(tag + '-seed'), 30, 0.05):
            raise RuntimeError(f'seed did not start: {logtext(tag + "-seed")}')
        if not wait_for(lambda: re.search(r'^start', logtext(tag + '-tracker'), re.M), 30, 0.05):
            raise RuntimeError('seed did not announce')

    def cap_bps(self):
        return self.cap_kib * 1024 if self.cap_kib else None

    def down(self):
        stop(f'{self.tag}-seed'); stop(f'{self.tag}-tracker')


# ---------------------------------------------------------------- clients
def client_cmd(kind, source, d, http_port):
    pp = str(free_port())
    os.makedirs(d, exist_ok=True)
    if kind == 'reel':
        return (a.reel.split() + ['stream', source, '--player', 'none', '--http-port', str(http_port), '--port', pp,
                                  '-o', os.path.join(d, 'out'), '--data-dir', os.path.join(d, 'state')],
                r'Streaming .* at (http://\S+)')
    if kind == 'lt':
        return ([PY, os.path.join(HERE, 'lt_stream.py'), 'serve', source, d, '--port', pp, '--http', str(http_port),
                 '--rate', str(int(RATE))], r'URL (http://\S+)')
    if kind == 'wt':
        shutil.copy(os.path.join(HERE, 'wt_serve.mjs'), os.path.join(a.npm, 'wt', 'wt_serve.mjs'))
        return (['node', os.path.join(a.npm, 'wt', 'wt_serve.mjs'), source, d, '--port', pp, '--http', str(http_port)],
                r'URL (http://\S+)')
    if kind == 'pf':
        return (['node', os.path.join(a.npm, 'peerflix', 'node_modules', '.bin', 'peerflix'), source, '--no-dht', '-q',
                 '-h', '127.0.0.1', '-p', str(http_port), '-x', pp, '-f', d], None)
    raise ValueError(kind)


NAMES = {'reel': 'Reel', 'lt': 'libtorrent (deadlines)', 'wt': 'webtorrent', 'pf': 'peerflix'}


class Client:
    """A launched client; t0 = the monotonic time just before the launch."""

    def __init__(self, kind, source, tag):
        self.kind, self.name = kind, f'{tag}-{kind}'
        d = os.path.join(a.work, self.name)
        shutil.rmtree(d, ignore_errors=True)
        hp = free_port()
        self.dir = d
        cmd, self.url_re = client_cmd(kind, source, d, hp)
        self.hp = hp
        self.t0 = time.monotonic()
        start(self.name, cmd)
        log(f'{self.name} launched at {time.strftime("%H:%M:%S")}.{int(time.time() * 1000) % 1000:03d}')

    def url(self, secs=120):
        if self.url_re is None:
            ok = wait_for(lambda: port_open(self.hp), secs, 0.01)
            return f'http://127.0.0.1:{self.hp}/' if ok else None
        m = wait_for(lambda: re.search(self.url_re, logtext(self.name)), secs)
        return m.group(1) if m else None

    def stop(self):
        stop(self.name)
        shutil.rmtree(self.dir, ignore_errors=True)   # the downloaded data; the log stays


class Mismatch(Exception):
    pass


def get_range(url, off, n, timeout=180):
    """GET bytes [off, off+n): returns (seconds to the first body byte, seconds to the last), from the request."""
    u = urlsplit(url)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)
    t = time.monotonic()
    c.request('GET', u.path, headers={'Range': f'bytes={off}-{off + n - 1}'})
    r = c.getresponse()
    if r.status not in (200, 206):
        raise RuntimeError(f'HTTP {r.status}')
    if r.status == 200 and off:
        raise RuntimeError('no range support')
    got, first = 0, None
    while got < n:
        b = r.read1(min(CHUNK, n - got))
        if not b:
            raise RuntimeError(f'short body: {got}/{n}')
        if first is None:
            first = time.monotonic() - t
        if b != FIX[off + got: off + got + len(b)]:
            raise Mismatch(f'bytes differ at {off + got}')
        got += len(b)
    c.close()
    return first, time.monotonic() - t


def pieces_bytes(off, n):
    """Bytes of the whole pieces covering [off, off+n): what must arrive before any hash-verified byte is served."""
    p0, p1 = off // PLEN, (off + n - 1) // PLEN
    return min(SIZE, (p1 + 1) * PLEN) - p0 * PLEN


def emit(rec):
    out.write(json.dumps(rec) + '\n'); out.flush()
    print('RESULT ' + ' '.join(f'{k}={v:.3f}' if isinstance(v, float) else f'{k}={v}' for k, v in rec.items()
                               if not isinstance(v, (list, dict))), flush=True)


def seek_offsets():
    """--seeks offsets in [10 %, end - 1 MiB), seeded; the pieces under each range are at least 4 pieces away from
    those of every other range and of the first MiB, so no range is served from an earlier request's pieces.
    Descending: a client that keeps downloading from its last seek has not reached the next offset yet."""
    rnd = random.Random(a.seed)
    lo, hi = SIZE // 10, SIZE - SPAN
    taken = [(0, (SPAN - 1) // PLEN)]
    offs = []
    for _ in range(10000):
        if len(offs) == a.seeks:
            break
        o = rnd.randrange(lo, hi)
        p0, p1 = o // PLEN, (o + SPAN - 1) // PLEN
        if all(p1 + 4 < q0 or p0 > q1 + 4 for q0, q1 in taken):
            taken.append((p0, p1)); offs.append(o)
    return sorted(offs, reverse=True)


# ---------------------------------------------------------------- measurements
def m_ttfb(kind, source_kind, cap, seeks, tag):
    sw = Swarm(tag, cap)
    c = None
    try:
        src = sw.torrent if source_kind == 'torrent' else sw.magnet
        c = Client(kind, src, tag)
        url = c.url()
        if not url:
            raise RuntimeError('no URL: ' + logtext(c.name)[-500:])
        t_url = time.monotonic() - c.t0
        first, last = get_range(url, 0, SPAN)
        t_first = time.monotonic() - c.t0
        rec = dict(test=f'first_MiB_{source_kind}' + ('' if cap else '_uncapped'), client=kind, cap_KiBps=cap,
                   url_s=t_url, first_byte_s=t_first - last + first, first_MiB_s=t_first)
        if cap:
            rec['floor_s'] = pieces_bytes(0, SPAN) / (cap * 1024)
            rec['ratio_floor'] = t_first / rec['floor_s']
        if seeks and a.seeks:
            times, floors, warm = [], [], 0
            for off in seek_offsets():
                f, l = get_range(url, off, SPAN)
                times.append(l); floors.append(pieces_bytes(off, SPAN) / (cap * 1024))
                warm += l < 0.1
            rec.update(seek_times=times, seek_floors=floors, seek_median_s=statistics.median(times),
                       seek_mean_s=statistics.mean(times), seek_max_s=max(times), seek_floor_mean_s=statistics.mean(floors),
                       seek_ratio_floor=statistics.mean(times) / statistics.mean(floors), seek_warm=warm)
        emit(rec)
        return rec
    except Exception as e:  # noqa: BLE001  (one failed client must not end the run)
        rec = dict(test=f'first_MiB_{source_kind}' + ('' if cap else '_uncapped'), client=kind, cap_KiBps=cap,
                   error=f'{type(e).__name__}: {e}'[:300])
        emit(rec)
        return rec
    finally:
        if c:
            c.stop()
        sw.down()


def paced_read(url, t0):
    """Player model: see docs/BENCHMARKS.md (Stalls). Returns the record fields."""
    u = urlsplit(url)
    s = socket.create_connection((u.hostname, u.port))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 256 << 10)   # keep the reader's pace visible to the server
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=300)
    c.sock = s
    c.request('GET', u.path, headers={'Range': f'bytes=0-{SIZE - 1}'})
    r = c.getresponse()
    if r.status not in (200, 206):
        raise RuntimeError(f'HTTP {r.status}')

    def read_exact(off, n):
        buf = bytearray()
        while len(buf) < n:
            b = r.read1(n - len(buf))
            if not b:
                raise RuntimeError(f'short body at {off + len(buf)}')
            buf += b
        if bytes(buf) != FIX[off:off + n]:
            raise Mismatch(f'bytes differ near {off}')

    read_exact(0, SPAN)
    t_play = time.monotonic()
    startup = t_play - t0
    stalled, stalls, waits = 0.0, 0, []
    off = SPAN
    while off < SIZE:
        n = min(CHUNK, SIZE - off)
        issue = t_play + stalled + (off - SPAN) / RATE     # the reader stays SPAN (1 MiB) ahead of the playhead
        d = issue - time.monotonic()
        if d > 0:
            time.sleep(d)
        read_exact(off, n)
        late = time.monotonic() - (t_play + stalled + off / RATE)   # playhead reaches byte off at this time
        if late > 0:
            stalled += late
            if late > STALL_MIN_S:
                stalls += 1; waits.append(round(late, 3))
        off += n
    c.close()
    return dict(startup_s=startup, stalls=stalls, stalled_s=stalled, play_s=time.monotonic() - t_play,
                longest_stall_s=max(waits) if waits else 0.0, stall_list=waits)


def m_stall(kind, mult, sw, tag):
    cap = sw.cap_kib
    c = None
    try:
        c = Client(kind, sw.torrent, tag)
        url = c.url()
        if not url:
            raise RuntimeError('no URL: ' + logtext(c.name)[-500:])
        rec = dict(test=f'stalls_{mult}x', client=kind, cap_KiBps=cap, rate_KiBps=round(RATE / 1024, 1))
        rec.update(paced_read(url, c.t0))
    except Exception as e:  # noqa: BLE001
        rec = dict(test=f'stalls_{mult}x', client=kind, cap_KiBps=cap, error=f'{type(e).__name__}: {e}'[:300])
    finally:
        if c:
            c.stop()
        sw.down()
    emit(rec)
    return rec


def main():
    log(f'fixture {SIZE} bytes, {a.duration:.1f} s, {RATE / 1024:.1f} KiB/s; {NPIECES} pieces x {PLEN}; ih {IH}')
    log(f'seek offsets: {seek_offsets()}')
    if 'reel' in CLIENTS:   # Reel's fixed cost: JVM + CLI start, `reel --version`, median of 3
        ts = []
        for _ in range(3):
            t = time.monotonic(); subprocess.run(a.reel.split() + ['--version'], capture_output=True, timeout=120)
            ts.append(time.monotonic() - t)
        emit(dict(test='startup', client='reel', version_s=statistics.median(ts), load=open('/proc/loadavg').read().split()[0]))
    n = 0
    for kind in CLIENTS:
        if 'ttfb' in ONLY:
            n += 1; log(f'{kind}: capped {a.cap_kib} KiB/s, .torrent, first MiB + {a.seeks} seeks')
            m_ttfb(kind, 'torrent', a.cap_kib, True, f'm{n}')
        if 'magnet' in ONLY:
            n += 1; log(f'{kind}: capped {a.cap_kib} KiB/s, magnet, first MiB')
            m_ttfb(kind, 'magnet', a.cap_kib, False, f'm{n}')
        if 'uncapped' in ONLY:
            for _ in range(a.uncapped_runs):
                n += 1; log(f'{kind}: uncapped, .torrent, first MiB')
                m_ttfb(kind, 'torrent', 0, False, f'm{n}')
    if 'stall' in ONLY:
        import threading
        for mult in [float(x) for x in a.stall_mults.split(',')]:
            kinds = list(CLIENTS)
            groups = [kinds] if a.parallel_stalls else [[k] for k in kinds]
            for g in groups:
                log(f'stalls at {mult}x: {" ".join(g)}' + (' (at once, one swarm each)' if len(g) > 1 else ''))
                swarms = []   # every swarm up before any client starts
                for k in g:
                    n += 1; swarms.append((k, Swarm(f'm{n}', int(round(RATE * mult / 1024))), f'm{n}'))
                ts = [threading.Thread(target=m_stall, args=(k, mult, sw, tag)) for k, sw, tag in swarms]
                for t in ts:
                    t.start()
                for t in ts:
                    t.join()


try:
    main()
finally:
    stop_all()
