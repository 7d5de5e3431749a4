#!/usr/bin/python3
"""Reel test kit: a python3-libtorrent peer driven by arguments, for loopback interop tests.

  lt_peer.py seed     TORRENT        DIR --port P [options]
  lt_peer.py download TORRENT|MAGNET DIR --port P [options]

Options:
  --up-kbps N / --down-kbps N   rate caps in KiB/s (0 = unlimited); they apply to loopback peers too
  --peer HOST:PORT              dial this peer (repeatable); retried while no peer is connected
  --no-tracker                  drop the torrent's trackers: peers only come from --peer / stdin
  --corrupt                     seed mode without any hash check: serve whatever bytes DIR holds
                                (the test corrupts DIR itself), to exercise the other side's piece checks
  --max-secs S                  exit with status 3 after S seconds (a guard; Java also wraps us in `timeout`)
  --utp-only                    peer connections over uTP (BEP 29) only: TCP off both ways, uTP on both ways
  --enc enabled|forced|disabled Message Stream Encryption: enabled (default: both ways, plaintext preferred),
                                forced (in/out pe_forced, RC4 only), disabled (plaintext only)

Stdin commands (one per line): "connect HOST:PORT", "quit". End of stdin also quits (orphan guard).

Output, one line each, machine-readable (key=value, space separated), parsed by LibtorrentPeer.java:
  LISTEN port=P                 listening socket is up
  METADATA name=N size=S pieces=K   torrent metadata known (at once for a .torrent, later for a magnet)
  SEEDING                       every piece verified (seed: after the initial check)
  DONE                          a download finished (printed once; the process keeps seeding)
  STATUS progress=0.530 peers=2 state=downloading seeding=0 down=N up=N
  ALERT text                    libtorrent errors worth reading in the log
  EXIT code=C                   printed before exiting on our own
Loopback only: listens on 127.0.0.1 (or ::1 with --bind ::1), no DHT / LSD / UPnP / NAT-PMP, TCP only (uTP off)
unless --utp-only.
"""
import argparse
import os
import queue
import sys
import threading
import time

import libtorrent as lt

STATUS_EVERY_S = 0.5
REDIAL_EVERY_S = 3.0


def out(line):
    print(line, flush=True)


def parse_peer(s):
    host, _, port = s.rpartition(':')
    return host.strip('[]'), int(port)


ap = argparse.ArgumentParser()
ap.add_argument('mode', choices=['seed', 'download'])
ap.add_argument('source', help='.torrent path, or a magnet URI (download only)')
ap.add_argument('dir')
ap.add_argument('--port', type=int, required=True)
ap.add_argument('--up-kbps', type=int, default=0)
ap.add_argument('--down-kbps', type=int, default=0)
ap.add_argument('--peer', action='append', default=[])
ap.add_argument('--no-tracker', action='store_true')
ap.add_argument('--corrupt', action='store_true')
ap.add_argument('--max-secs', type=float, default=900)
ap.add_argument('--utp-only', action='store_true')
ap.add_argument('--enc', choices=['enabled', 'forced', 'disabled'], default='enabled')
ap.add_argument('--bind', default='127.0.0.1', help='loopback address to listen on: 127.0.0.1 or ::1')
a = ap.parse_args()

settings = {
    'listen_interfaces': f'[{a.bind}]:{a.port}' if ':' in a.bind else f'{a.bind}:{a.port}',
    'outgoing_interfaces': a.bind,
    'enable_dht': False, 'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False,
    'enable_incoming_utp': False, 'enable_outgoing_utp': False,
    # every peer of a loopback swarm is 127.0.0.1: without this libtorrent drops the 2nd+ connection per IP
    'allow_multiple_connections_per_ip': True,
    'upload_rate_limit': a.up_kbps * 1024, 'download_rate_limit': a.down_kbps * 1024,
    'alert_mask': lt.alert.category_t.error_notification | lt.alert.category_t.status_notification,
    'user_agent': 'reel-testkit-lt', 'announce_to_all_trackers': True, 'announce_to_all_tiers': True,
    'min_announce_interval': 10,
    # plaintext is fine on loopback and keeps every other client able to talk to us
    'out_enc_policy': int(lt.enc_policy.pe_enabled), 'in_enc_policy': int(lt.enc_policy.pe_enabled),
}
if a.enc == 'forced':
    settings['out_enc_policy'] = settings['in_enc_policy'] = int(lt.enc_policy.pe_forced)
    settings['allowed_enc_level'] = int(lt.enc_level.pe_rc4)
elif a.enc == 'disabled':
    settings['out_enc_policy'] = settings['in_enc_policy'] = int(lt.enc_policy.pe_disabled)
if a.corrupt:
    settings['disable_hash_checks'] = True
if a.utp_only:
    settings.update({'enable_incoming_utp': True, 'enable_outgoing_utp': True,
                     'enable_incoming_tcp': False, 'enable_outgoing_tcp': False})
ses = lt.session(settings)
# Loopback peers land in libtorrent's "local" peer class, which ignores the global rate limits.
# Put every address in the global class so --up-kbps / --down-kbps really apply on 127.0.0.1.
f = lt.ip_filter()
f.add_rule('0.0.0.0', '255.255.255.255', 1 << ses.global_peer_class_id)
f.add_rule('::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 1 << ses.global_peer_class_id)
ses.set_peer_class_filter(f)

os.makedirs(a.dir, exist_ok=True)
if a.source.startswith('magnet:'):
    if a.mode != 'download':
        sys.exit('a magnet can only be downloaded')
    atp = lt.parse_magnet_uri(a.source)
else:
    atp = lt.add_torrent_params()
    atp.ti = lt.torrent_info(a.source)
atp.save_path = a.dir
# start paused so trackers can be dropped before the first announce
atp.flags = (atp.flags | lt.torrent_flags.paused) & ~lt.torrent_flags.auto_managed
if a.corrupt:
    atp.flags |= lt.torrent_flags.seed_mode
h = ses.add_torrent(atp)
if a.no_tracker:
    h.replace_trackers([])
peers = [parse_peer(p) for p in a.peer]
h.resume()
for p in peers:
    h.connect_peer(p)

commands = queue.Queue()


def read_stdin():
    for line in sys.stdin:
        commands.put(line.strip())
    commands.put('eof')


threading.Thread(target=read_stdin, daemon=True).start()

t0 = time.monotonic()
last_status = last_redial = 0.0
said_metadata = said_seeding = said_done = False
started_complete = None  # whether the torrent was complete right after its initial check


def finish(code):
    out(f'EXIT code={code}')
    sys.exit(code)


while True:
    now = time.monotonic()
    if now - t0 > a.max_secs:
        finish(3)
    for al in ses.pop_alerts():
        if isinstance(al, lt.listen_succeeded_alert):
            out(f'LISTEN port={al.port}')
        elif isinstance(al, (lt.listen_failed_alert, lt.tracker_error_alert, lt.torrent_error_alert,
                             lt.peer_error_alert, lt.file_error_alert, lt.hash_failed_alert)):
            out(f'ALERT {al.message()}')
    while not commands.empty():
        cmd = commands.get()
        if cmd.startswith('connect '):
            p = parse_peer(cmd.split(' ', 1)[1])
            peers.append(p)
            h.connect_peer(p)
        elif cmd in ('quit', 'eof'):  # eof: our parent (the JVM) is gone
            finish(0)
    st = h.status()
    if not said_metadata and st.has_metadata:
        said_metadata = True
        ti = h.torrent_file()
        out(f'METADATA name={ti.name()} size={ti.total_size()} pieces={ti.num_pieces()}')
    checking = st.state in (lt.torrent_status.checking_files, lt.torrent_status.checking_resume_data)
    if said_metadata and not checking and started_complete is None:
        started_complete = st.is_seeding
    if st.is_seeding and not said_seeding:
        said_seeding = True
        out('SEEDING')
    if a.mode == 'download' and st.is_seeding and not said_done and said_metadata:
        said_done = True
        out('DONE')
    if now - last_status >= STATUS_EVERY_S:
        last_status = now
        out(f'STATUS progress={st.progress:.4f} peers={st.num_peers} state={st.state} '
            f'seeding={int(st.is_seeding)} down={st.total_wanted_done} up={st.all_time_upload}')
    if peers and st.num_peers == 0 and not checking and now - last_redial >= REDIAL_EVERY_S:
        last_redial = now
        for p in peers:
            h.connect_peer(p)
    time.sleep(0.05)
