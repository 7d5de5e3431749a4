#!/usr/bin/python3
"""python3-libtorrent seed (upload-capped) and streaming HTTP server for bench/stream.sh.

  lt_stream.py seed  TORRENT DATA_DIR --port P [--up-kbps N]
  lt_stream.py serve SOURCE  OUT_DIR  --port P --http H [--rate BYTES_PER_S] [--window PIECES]

seed:  checks DATA_DIR, prints "READY" once seeding; upload capped at N KiB/s (0 = none). Every IP is put in
       the global peer class: libtorrent exempts local peers (127.0.0.1 included) from rate limits otherwise.
serve: SOURCE is a .torrent path or a magnet link. Serves the (first) file on http://127.0.0.1:H/stream with
       Range support, the way a libtorrent-based player does: the pieces under a request get time-critical
       deadlines with set_piece_deadline (the piece at the read position due now, later ones at the time a
       reader at --rate would reach them, --window pieces ahead of the position); a new request first clears the
       deadlines of the previous one (a seek). Everything else stays wanted at normal priority (rarest first).
       A response sends a piece once libtorrent has it verified. Prints "URL <url>" once the metadata is known.
Loopback only: 127.0.0.1; DHT, LSD, UPnP, NAT-PMP and uTP off.
"""
import argparse, os, re, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import libtorrent as lt

ap = argparse.ArgumentParser()
ap.add_argument('mode', choices=['seed', 'serve'])
ap.add_argument('source'); ap.add_argument('dir')
ap.add_argument('--port', type=int, required=True)
ap.add_argument('--http', type=int, default=0)
ap.add_argument('--up-kbps', type=int, default=0)
ap.add_argument('--rate', type=float, default=512 * 1024, help='expected reader rate, bytes/s (deadline spacing)')
ap.add_argument('--window', type=int, default=16, help='pieces ahead of the read position that get deadlines')
ap.add_argument('--max-secs', type=float, default=1800)
ap.add_argument('--peer-log', help='seed: write libtorrent peer_log alerts (wire messages) with wall-clock times here')
a = ap.parse_args()

ses = lt.session({
    'listen_interfaces': f'127.0.0.1:{a.port}', 'outgoing_interfaces': '127.0.0.1',
    'enable_dht': False, 'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False,
    'enable_incoming_utp': False, 'enable_outgoing_utp': False,
    'allow_multiple_connections_per_ip': True,   # every peer is 127.0.0.1
    'upload_rate_limit': a.up_kbps * 1024,
    'alert_mask': lt.alert.category_t.error_notification | lt.alert.category_t.status_notification
                  | lt.alert.category_t.storage_notification
                  | (lt.alert.category_t.peer_log_notification if a.peer_log else 0),
    'user_agent': 'lt-bench', 'min_announce_interval': 10,
})
f = lt.ip_filter()
f.add_rule('0.0.0.0', '255.255.255.255', 1 << ses.global_peer_class_id)
ses.set_peer_class_filter(f)
os.makedirs(a.dir, exist_ok=True)
if a.source.startswith('magnet:'):
    p = lt.parse_magnet_uri(a.source); p.save_path = a.dir
    h = ses.add_torrent(p)
else:
    h = ses.add_torrent({'ti': lt.torrent_info(a.source), 'save_path': a.dir})
T0 = time.monotonic()

if a.mode == 'seed':
    said = False
    plog = open(a.peer_log, 'w', buffering=1) if a.peer_log else None
    while time.monotonic() - T0 < a.max_secs:
        for al in ses.pop_alerts():
            if plog and isinstance(al, lt.peer_log_alert):
                plog.write(f'{time.time():.3f} {al.message()}\n')
        st = h.status()
        if not said and st.is_seeding:
            print('READY', flush=True); said = True
        if not said and st.state == lt.torrent_status.seeding:
            print('READY', flush=True); said = True
        if plog:
            ses.wait_for_alert(10)   # ms: the log's times are when the alert is popped
        else:
            time.sleep(0.1)
    sys.exit(0)

while not h.status().has_metadata:
    ses.pop_alerts(); time.sleep(0.005)
ti = h.torrent_file()
plen, npieces, size = ti.piece_length(), ti.num_pieces(), ti.total_size()
lock = threading.Lock()
pieces = {}                       # piece -> bytes, from read_piece_alert (libtorrent's own copy, not the file:
cond = threading.Condition()      # a verified piece may still sit in its store buffer)
gen = [0]   # request generation: a newer request (a seek) takes the deadlines over


def want(first, pos, g):
    """Deadlines for pieces first .. first+window-1, relative to read position pos (bytes)."""
    with lock:
        if g != gen[0]:
            return
        for p in range(first, min(npieces, first + a.window)):
            if not h.have_piece(p):
                h.set_piece_deadline(p, max(0, int((p * plen - pos) / a.rate * 1000)))


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    def log_message(self, *args): pass

    def do_GET(self):
        m = re.match(r'bytes=(\d*)-(\d*)', self.headers.get('Range', ''))
        start, end = 0, size - 1
        if m and m.group(1): start = int(m.group(1))
        if m and m.group(2): end = min(size - 1, int(m.group(2)))
        if start > end:
            self.send_response(416); self.send_header('Content-Range', f'bytes */{size}')
            self.send_header('Content-Length', '0'); self.end_headers(); return
        with lock:
            gen[0] += 1; g = gen[0]
            h.clear_piece_deadlines()
        self.send_response(206 if m else 200)
        self.send_header('Content-Type', 'video/mp4'); self.send_header('Accept-Ranges', 'bytes')
        self.send_header('Content-Length', str(end - start + 1))
        if m: self.send_header('Content-Range', f'bytes {start}-{end}/{size}')
        self.end_headers()
        pos = start
        try:
            while pos <= end:
                p = pos // plen
                want(p, pos, g)
                while not h.have_piece(p):
                    time.sleep(0.002)
                with cond:
                    if p not in pieces:
                        h.read_piece(p)
                        cond.wait_for(lambda: p in pieces, 30)
                    data = pieces.pop(p)
                n = min(end + 1, (p + 1) * plen) - pos
                self.wfile.write(data[pos - p * plen: pos - p * plen + n]); pos += n
        except (BrokenPipeError, ConnectionResetError):
            pass

srv = ThreadingHTTPServer(('127.0.0.1', a.http), Handler)
srv.daemon_threads = True
threading.Thread(target=srv.serve_forever, daemon=True).start()
print(f'URL http://127.0.0.1:{srv.server_address[1]}/stream', flush=True)
while time.monotonic() - T0 < a.max_secs:
    ses.wait_for_alert(50)
    for al in ses.pop_alerts():
        if isinstance(al, lt.read_piece_alert):
            with cond:
                pieces[al.piece] = bytes(al.buffer); cond.notify_all()
