#!/usr/bin/python3
"""Loopback libtorrent seed for the wire interop test.

  lt_seed.py DIR    writes DIR/data.bin (100 KiB), seeds it as a v1 torrent on 127.0.0.1:<ephemeral>,
                    prints "<port> <v1 info-hash hex> <piece count>" and runs until stdin closes.
"""
import os, sys, threading, time
import libtorrent as lt

d = sys.argv[1]
path = os.path.join(d, 'data.bin')
with open(path, 'wb') as f:
    f.write(os.urandom(int(sys.argv[2]) if len(sys.argv) > 2 else 100 * 1024))
fs = lt.file_storage()
lt.add_files(fs, path)
ct = lt.create_torrent(fs, 16384, flags=lt.create_torrent.v1_only)
lt.set_piece_hashes(ct, d)
ti = lt.torrent_info(lt.bencode(ct.generate()))
ses = lt.session({
    'listen_interfaces': '127.0.0.1:0',
    'enable_dht': False, 'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False,
    'enable_incoming_utp': False, 'enable_outgoing_utp': False,
    'allow_multiple_connections_per_ip': True,
})
h = ses.add_torrent({'ti': ti, 'save_path': d})
deadline = time.monotonic() + 30
while not h.status().is_seeding and time.monotonic() < deadline:
    time.sleep(0.05)
print(ses.listen_port(), ti.info_hashes().v1, ti.num_pieces(), flush=True)
sys.stdin.read()  # the test closes our stdin when done
