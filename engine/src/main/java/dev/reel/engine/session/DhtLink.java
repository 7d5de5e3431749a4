package dev.reel.engine.session;

import dev.reel.engine.dht.DhtNode;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One torrent's use of the engine's DHT node (BEP 5): a get_peers lookup that also announces our peer port to the
 * closest nodes, at start and then every {@link #INTERVAL_NANOS}, or every {@link #FEW_PEERS_INTERVAL_NANOS} while
 * the torrent is downloading (or fetching metadata) with fewer than {@link #FEW_PEERS} connections. Peers found go
 * into the same {@link PeerPool} as trackers' and PEX's (source "dht") and trigger a dial round. Private torrents
 * (BEP 27) never use the DHT. Lookups start once the engine's DHT join has done its self-lookup, and run once more
 * when the join's range refreshes end ({@link #joinCompleted}). At most one lookup per torrent runs at a time.
 * Thread-safe.
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
  private boolean running;
  private long nextNanos;
  private long lookups;
  private boolean relookWhenDone;

  DhtLink(TorrentSession t) {
    this.t = t;
  }

  /** Starts a lookup if one is due. Ticker thread, no lock held. */
  void tick(long now) {
    DhtNode dht = t.engine.dht();
    if (dht == null || t.isPrivate() || !t.engine.dhtReady()) {
      return;
    }
    synchronized (this) {
      if (running || (lookups > 0 && now - nextNanos < 0)) {
        return;
      }
      running = true;
      lookups++;
    }
    dht.announce(t.infoHash, t.engine.listenPort(), false, peer -> {
      t.swarm.pool.add(peer, PeerPool.Source.DHT);
      t.swarm.tick(System.nanoTime());
    }).whenComplete((accepted, e) -> finished(dht, accepted == null ? 0 : accepted));
  }

  private void finished(DhtNode dht, int accepted) {
    long now = System.nanoTime();
    long wait;
    if (accepted == 0 && dht.routingTableSize() == 0) {
      wait = RETRY_NANOS;
    } else if (wantsPeers()) {
      wait = accepted == 0 ? RETRY_NANOS : FEW_PEERS_INTERVAL_NANOS;
    } else {
      wait = INTERVAL_NANOS;
    }
    log.debug("DHT lookup of {} ended: {} nodes took the announce; next in {} s", t.infoHash, accepted,
        TimeUnit.NANOSECONDS.toSeconds(wait));
    synchronized (this) {
      running = false;
      nextNanos = relookWhenDone ? now : now + wait;
      relookWhenDone = false;
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
   * The engine's DHT join finished its range refreshes: if a lookup already ran (it started once the self-lookup
   * ended, while tables were still filling), the next one is due now, so the announce reaches the final closest nodes.
   * A lookup still running when the join completes is followed at once by another one.
   */
  synchronized void joinCompleted() {
    if (lookups > 0) {
      nextNanos = System.nanoTime();
      if (running) {
        relookWhenDone = true;
      }
    }
  }

  /** The torrent was resumed: look up again at the next tick. */
  synchronized void reset() {
    lookups = 0;
  }
}
