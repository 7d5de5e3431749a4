"""A libtorrent DHT node on 127.0.0.1, driven line by line on stdin (for DhtLibtorrentInteropTest).

Prints "ready <port>" (libtorrent's DHT shares the BitTorrent listen port). Commands:
  node <port>        add_dht_node(127.0.0.1:<port>)
  torrent <hex>      add a torrent by info-hash; libtorrent then announces it to the DHT (implied_port)
  get_peers <hex>    dht_get_peers; each reply prints "peers <ip:port> ..." (possibly empty)
  nodes              prints "nodes <count>" of live DHT nodes
Exits when stdin closes. Debug output goes to stderr.
"""
import sys, tempfile, threading, time
import libtorrent as lt

s = lt.session({
    'listen_interfaces': '127.0.0.1:0',
    'enable_dht': True, 'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False,
    # All our nodes share 127.0.0.1: allow many nodes per IP in the routing table and in lookups.
    'dht_restrict_routing_ips': False, 'dht_restrict_search_ips': False,
    'dht_bootstrap_nodes': '',
    'alert_mask': lt.alert.category_t.dht_notification | lt.alert.category_t.dht_operation_notification
    | lt.alert.category_t.dht_log_notification
    | lt.alert.category_t.error_notification,
})
lock = threading.Lock()

def say(line):
    with lock:
        sys.stdout.write(line + '\n')
        sys.stdout.flush()

def pump():
    while True:
        s.wait_for_alert(500)
        for a in s.pop_alerts():
            if isinstance(a, lt.dht_get_peers_reply_alert):
                say('peers ' + ' '.join('%s:%d' % p for p in a.peers()))
            else:
                sys.stderr.write(a.what() + ' ' + a.message() + '\n')

deadline = time.time() + 10
while s.listen_port() == 0 and time.time() < deadline:
    time.sleep(0.05)
threading.Thread(target=pump, daemon=True).start()
say('ready %d' % s.listen_port())
save = tempfile.mkdtemp()
for line in sys.stdin:
    parts = line.split()
    if not parts:
        continue
    if parts[0] == 'node':
        s.add_dht_node(('127.0.0.1', int(parts[1])))
    elif parts[0] == 'torrent':
        p = lt.add_torrent_params()
        p.info_hashes = lt.info_hash_t(lt.sha1_hash(bytes.fromhex(parts[1])))
        p.save_path = save
        s.add_torrent(p)
    elif parts[0] == 'get_peers':
        s.dht_get_peers(lt.sha1_hash(bytes.fromhex(parts[1])))
    elif parts[0] == 'nodes':
        say('nodes %d' % s.status().dht_nodes)
