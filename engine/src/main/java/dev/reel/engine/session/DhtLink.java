package dev.reel.engine.session;

import dev.reel.engine.dht.DhtNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One torrent's use of the engine's DHT nodes (BEP 5; the IPv4 and, on a host with IPv6, the IPv6 DHT of BEP 32): on
 * each node, a get_peers lookup that also announces our peer port to the closest nodes, at start and then every
 * {@link #INTERVAL_NANOS}, or every {@link #FEW_PEERS_INTERVAL_NANOS} while the torrent is downloading (or fetching
 * metadata) with fewer than {@link #FEW_PEERS} connections. Peers found go into the same {@link PeerPool} as
 * trackers' and PEX's (source "dht") and trigger a dial round. Private torrents (BEP 27) never use the DHT. A node's
 * lookups start once its join has done its self-lookup, and run once more when the join's range refreshes end ({@link
 * #joinCompleted}). At most one lookup per torrent and node runs at a time. Thread-safe.
 */
final class DhtLink {
  private static final Logger log = LoggerFactory.getLogger(DhtLink.class);
  /** Re-announce interval of a torrent with enough peers (libtorrent's dht_announce_interval is 15 min). */
  static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(15);
  /** Re-lookup interval while a download has few peers. */
  static final long FEW_PEERS_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
  /** Retry after a lookup that reached no node (the routing table was empty or nobody answered). */
  static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(5);
  /** Below this many connections a download looks for peers more often. */
  static final int FEW_PEERS = 5;

  private final TorrentSession t;
  /** One schedule per DHT node, made when the node is first seen. Guarded by this. */
  private final List<Lane> lanes = new ArrayList<>();

  /** The lookup schedule of this torrent on one DHT node. */
  private static final class Lane {
    final DhtNode node;
    boolean running;
    long nextNanos;
    long lookups;
    boolean relookWhenDone;

    Lane(DhtNode node) {
      this.node = node;
    }
  }

  DhtLink(TorrentSession t) {
    this.t = t;
  }

  /** Starts a lookup on each ready node where one is due. Ticker thread, no lock held. */
  void tick(long now) {
    if (t.isPrivate()) {
      return;
    }
    for (DhtNode dht : t.engine.dhtNodes()) {
      if (t.engine.dhtReady(dht)) {
        tick(dht, now);
      }
    }
  }

  private void tick(DhtNode dht, long now) {
    Lane lane;
    synchronized (this) {
      lane = lane(dht);
      if (lane.running || (lane.lookups > 0 && now - lane.nextNanos < 0)) {
        return;
      }
      lane.running = true;
      lane.lookups++;
    }
    dht.announce(t.infoHash, t.engine.listenPort(), false, peer -> {
      t.swarm.pool.add(peer, PeerPool.Source.DHT);
      t.swarm.tick(System.nanoTime());
    }).whenComplete((accepted, e) -> finished(lane, accepted == null ? 0 : accepted));
  }

  private Lane lane(DhtNode dht) {
    for (Lane l : lanes) {
      if (l.node == dht) {
        return l;
      }
    }
    Lane l = new Lane(dht);
    lanes.add(l);
    return l;
  }

  private void finished(Lane lane, int accepted) {
    long now = System.nanoTime();
    long wait;
    if (accepted == 0 && lane.node.routingTableSize() == 0) {
      wait = RETRY_NANOS;
    } else if (wantsPeers()) {
      wait = accepted == 0 ? RETRY_NANOS : FEW_PEERS_INTERVAL_NANOS;
    } else {
      wait = INTERVAL_NANOS;
    }
    log.debug("DHT{} lookup of {} ended: {} nodes took the announce; next in {} s", lane.node.isIpv6() ? "6" : "",
        t.infoHash, accepted, TimeUnit.NANOSECONDS.toSeconds(wait));
    synchronized (this) {
      lane.running = false;
      lane.nextNanos = lane.relookWhenDone ? now : now + wait;
      lane.relookWhenDone = false;
    }
  }

  private boolean wantsPeers() {
    Payload p = t.payload();
    int connected;
    t.lock.lock();
    try {
      if (p != null && p.picker.isComplete()) {
        return false;
      }
      connected = t.swarm.connections.size();
    } finally {
      t.lock.unlock();
    }
    return connected < FEW_PEERS;
  }

  /**
   * {@code dht}'s join finished its range refreshes: if a lookup on it already ran (it started once the self-lookup
   * ended, while tables were still filling), the next one is due now, so the announce reaches the final closest
   * nodes. A lookup still running then is followed at once by another one.
   */
  synchronized void joinCompleted(DhtNode dht) {
    Lane lane = lane(dht);
    if (lane.lookups > 0) {
      lane.nextNanos = System.nanoTime();
      if (lane.running) {
        lane.relookWhenDone = true;
      }
    }
  }

  /** The torrent was resumed: look up again at the next tick. */
  synchronized void reset() {
    for (Lane l : lanes) {
      l.lookups = 0;
    }
  }
}
