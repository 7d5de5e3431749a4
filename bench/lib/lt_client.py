#!/usr/bin/python3
"""python3-libtorrent seed / downloader for the loopback benchmark.

  lt_client.py seed     TORRENT DATA_DIR --port P [--dial-file F] [--max-secs S]
  lt_client.py download TORRENT OUT_DIR  --port P [--peer HOST:PORT ...] [--max-secs S]

seed:     checks DATA_DIR against the torrent, prints "READY" once seeding, then seeds until killed or
          --max-secs. With --dial-file it polls that file and dials every HOST:PORT line it has not dialled
          yet (Transmission never dials 127.x peers itself, so a Transmission downloader must be dialled), and
          dials it again every second while it is listed there and not connected.
download: downloads, exits 0 once every piece passed its hash check and prints one "LT_DONE" line;
          exits 1 on timeout. --peer dials a peer directly (besides the tracker's list).

Loopback only: listens on 127.0.0.1; DHT, LSD, UPnP, NAT-PMP off; TCP only (uTP off).
"""
import argparse, os, sys, time
import libtorrent as lt

T0 = time.monotonic()
def el(): return time.monotonic() - T0
def log(*a): print(f'[{el():7.3f}s]', *a, flush=True)

ap = argparse.ArgumentParser()
ap.add_argument('mode', choices=['seed', 'download'])
ap.add_argument('torrent')
ap.add_argument('dir')
ap.add_argument('--port', type=int, required=True)
ap.add_argument('--peer', action='append', default=[], metavar='HOST:PORT')
ap.add_argument('--dial-file')
ap.add_argument('--max-secs', type=float, default=600)
a = ap.parse_args()

settings = {
    'listen_interfaces': f'127.0.0.1:{a.port}',
    'outgoing_interfaces': '127.0.0.1',
    'enable_dht': False, 'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False,
    'enable_incoming_utp': False, 'enable_outgoing_utp': False,
    # every peer here is 127.0.0.1 (other ports): by default libtorrent refuses a 2nd connection per IP
    'allow_multiple_connections_per_ip': True,
    'alert_mask': lt.alert.category_t.error_notification | lt.alert.category_t.status_notification
                  | (lt.alert.category_t.peer_notification | lt.alert.category_t.connect_notification if a.mode == 'seed' else 0),
    'user_agent': 'reel-bench-lt',
    'min_announce_interval': 10,
}
# seeds run without the default plugins (ut_pex, ut_metadata, smart_ban): a downloader's PEX would hand the
# seed its own address, and every self-connection attempt delays the one peer it is told to dial
ses = lt.session(settings, 0 if a.mode == 'seed' else 1)
if a.mode == 'seed':
    # a peer we dialled while it was not ready yet would otherwise wait (failcount + 1) * 60 s for a retry
    # num_want 0: the tracker hands the seed no peers. It would hand back the seed's own address, and libtorrent
    # then spends its one connect attempt per second on that candidate (self-connection) and never on the
    # peer we are told to dial. Downloaders find the seed through the tracker or --peer.
    ses.apply_settings({'min_reconnect_time': 1, 'max_failcount': 100, 'num_want': 0})
# loopback/LAN peers land in libtorrent's "local" peer class, which skips the global rate limits and
# unchoke accounting: put every address in the global class so 127.0.0.1 is treated like an Internet peer.
f = lt.ip_filter()
f.add_rule('0.0.0.0', '255.255.255.255', 1 << ses.global_peer_class_id)
f.add_rule('::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 1 << ses.global_peer_class_id)
ses.set_peer_class_filter(f)

ti = lt.torrent_info(a.torrent)
os.makedirs(a.dir, exist_ok=True)
h = ses.add_torrent({'ti': ti, 'save_path': a.dir})
log(f'{a.mode} {ti.name()} size={ti.total_size()} pieces={ti.num_pieces()}x{ti.piece_length()} '
    f'libtorrent={lt.__version__}')

def addr(s):
    host, port = s.rsplit(':', 1)
    return host, int(port)

def drain():
    for al in ses.pop_alerts():
        if isinstance(al, (lt.tracker_error_alert, lt.torrent_error_alert, lt.listen_failed_alert,
                           lt.file_error_alert, lt.peer_error_alert, lt.peer_disconnected_alert,
                           lt.peer_connect_alert, lt.peer_blocked_alert)):
            log('ALERT', al.message())

for p in a.peer:
    h.connect_peer(addr(p))

if a.mode == 'seed':
    ready, last, dial_at = False, 0.0, {}
    while el() < a.max_secs:
        drain()
        st = h.status()
        if not ready and st.is_seeding:
            ready = True
            log('READY seeding')
        if ready and a.dial_file and os.path.exists(a.dial_file):
            with open(a.dial_file) as fh:
                wanted = {line.strip() for line in fh if line.strip()}
            if wanted:
                connected = {f'{p.ip[0]}:{p.ip[1]}' for p in h.get_peer_info()}
                for target in sorted(wanted - connected):
                    # redial every second until connected: the downloader may not accept the torrent yet
                    if el() - dial_at.get(target, -1e9) >= 1.0:
                        dial_at[target] = el()
                        h.connect_peer(addr(target))
                        log('dialled', target)
        if el() - last >= 10:
            last = el()
            log(f'state={st.state} peers={st.num_peers} candidates={st.connect_candidates} paused={st.paused} '
                f'uploaded={st.all_time_upload}')
        time.sleep(0.1)
    sys.exit(0)

# download: wait for torrent_finished_alert (every piece hash-checked) rather than polling status(), so the
# measured CPU is libtorrent's and not our polling loop's
done = False
while not done:
    ses.wait_for_alert(200)
    for al in ses.pop_alerts():
        if isinstance(al, lt.torrent_finished_alert):
            done = True
        elif isinstance(al, (lt.tracker_error_alert, lt.torrent_error_alert, lt.listen_failed_alert,
                             lt.file_error_alert)):
            log('ALERT', al.message())
    if not done and el() > a.max_secs:
        st = h.status()
        log(f'TIMEOUT done={st.total_wanted_done}/{st.total_wanted}')
        sys.exit(1)
log(f'LT_DONE secs={el():.3f} peers={h.status().num_peers}')
