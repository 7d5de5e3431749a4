package dev.reel.engine.session;

import dev.reel.engine.EngineEvent;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.tracker.Announcer;
import dev.reel.engine.tracker.TrackerStatus;
import dev.reel.engine.tracker.TransferStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The torrent's trackers: one {@link Announcer} over the metainfo's tiers (BEP 12), the add options' extra trackers
 * (one more tier) and trackers added later (one tier each). Peers it learns go to the pool and trigger a dial round.
 * Thread-safe.
 */
final class TrackerLink {
  private final TorrentSession t;
  private final List<String> extra;
  private final Map<String, Boolean> added = new ConcurrentHashMap<>();
  private final Supplier<TransferStats> stats;
  private volatile Announcer announcer;
  /** Per tracker URL, the last announce result already reported as an event; touched by the ticker only. */
  private final Map<String, Object> reported = new ConcurrentHashMap<>();

  TrackerLink(TorrentSession t, List<String> extra, Supplier<TransferStats> stats) {
    this.t = t;
    this.extra = List.copyOf(extra);
    this.stats = stats;
  }

  /** Trackers of a torrent added by magnet, one tier each, for the metainfo built from fetched metadata. */
  List<List<String>> tiersForMetadata() {
    List<List<String>> tiers = new ArrayList<>();
    for (String url : extra) {
      tiers.add(List.of(url));
    }
    return tiers;
  }

  synchronized void start() {
    if (announcer != null) {
      return;
    }
    List<List<String>> tiers = new ArrayList<>();
    Metainfo m = t.metainfo().orElse(null);
    if (m != null) {
      for (List<String> tier : m.announceTiers()) {
        if (!tier.isEmpty()) {
          tiers.add(List.copyOf(tier));
        }
      }
    }
    if (!extra.isEmpty()) {
      tiers.add(extra);
    }
    for (String url : added.keySet()) {
      tiers.add(List.of(url));
    }
    if (tiers.isEmpty()) {
      return;
    }
    Announcer a = new Announcer(t.infoHash, tiers, t.engine.peerId(), t.engine.listenPort(), stats, peers -> {
      t.swarm.pool.addAll(peers, PeerPool.Source.TRACKER);
      t.swarm.tick(System.nanoTime());
    });
    announcer = a;
    a.start();
  }

  /** Sends "completed" to the trackers (BEP 3 event). */
  void completed() {
    Announcer a = announcer;
    if (a != null) {
      a.completed();
    }
  }

  void addTracker(String url) {
    added.put(url, Boolean.TRUE);
    Announcer a;
    synchronized (this) {
      a = announcer;
    }
    if (a != null) {
      a.addTracker(url);
    }
  }

  /**
   * Emits {@link EngineEvent.TrackerReply} / {@link EngineEvent.TrackerError} for announces that finished since the
   * last call (read from the announcer's status; an error is reported again only when its text changes). Called by
   * the torrent's ticker.
   */
  void tick() {
    Announcer a = announcer;
    if (a == null) {
      return;
    }
    for (TrackerStatus s : a.status()) {
      Object result = s.lastError().isPresent() ? s.lastError().get() : s.lastAnnounce().orElse(null);
      if (result == null || Objects.equals(reported.put(s.url(), result), result)) {
        continue;
      }
      if (s.lastError().isPresent()) {
        t.engine.emit(new EngineEvent.TrackerError(t.infoHash, s.url(), s.lastError().get()));
      } else {
        t.engine.emit(new EngineEvent.TrackerReply(t.infoHash, s.url(), s.peers()));
      }
    }
  }

  /** Announces "stopped" (bounded wait inside the announcer) and forgets the announcer. */
  void stop() {
    Announcer a;
    synchronized (this) {
      a = announcer;
      announcer = null;
    }
    if (a != null) {
      a.close();
    }
  }
}
