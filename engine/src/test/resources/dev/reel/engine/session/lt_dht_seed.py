"""A libtorrent seed that is found only through the DHT (for DhtLibtorrentSeedTest).

Usage: lt_dht_seed.py <torrent file> <save path> <dht node port>
Seeds the torrent on 127.0.0.1 with the DHT on (loopback nodes allowed), joins the DHT through 127.0.0.1:<port>
and re-announces the torrent to the DHT every few seconds. Prints "ready <listen port>", then "seeding" once the
data is checked. Exits when stdin closes. Debug output goes to stderr.
"""
import sys, threading, time
import libtorrent as lt

torrent, save, node = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = lt.session({
    'listen_interfaces': '127.0.0.1:0',
    'enable_dht': True, 'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False,
    'enable_outgoing_utp': False, 'enable_incoming_utp': False,
    'allow_multiple_connections_per_ip': True,
    # Every node of the test DHT is on 127.0.0.1.
    'dht_restrict_routing_ips': False, 'dht_restrict_search_ips': False,
    'dht_bootstrap_nodes': '',
    'alert_mask': lt.alert.category_t.dht_notification | lt.alert.category_t.error_notification
    | lt.alert.category_t.status_notification,
})
deadline = time.time() + 10
while s.listen_port() == 0 and time.time() < deadline:
    time.sleep(0.05)
s.add_dht_node(('127.0.0.1', node))
p = lt.add_torrent_params()
p.ti = lt.torrent_info(torrent)
p.save_path = save
h = s.add_torrent(p)
print('ready %d' % s.listen_port(), flush=True)

def pump():
    announced_seeding = False
    last = 0
    while True:
        s.wait_for_alert(500)
        for a in s.pop_alerts():
            sys.stderr.write(a.what() + ' ' + a.message() + '\n')
        st = h.status()
        if st.is_seeding and not announced_seeding:
            print('seeding', flush=True)
            announced_seeding = True
        if st.is_seeding and time.time() - last > 3:
            h.force_dht_announce()
            last = time.time()

threading.Thread(target=pump, daemon=True).start()
for line in sys.stdin:
    pass
