package dev.reel.app.cli;

import dev.reel.engine.EngineEvent;
import dev.reel.engine.EngineListener;
import dev.reel.engine.metainfo.InfoHash;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens to the engine for what the CLI reports about the swarm: whether any peer ever connected, and which
 * trackers failed and why; builds the one-line "no peers" message. Thread-safe (engine threads write, the command's
 * thread reads).
 */
final class SwarmWatch implements EngineListener {
  private static final Logger log = LoggerFactory.getLogger(SwarmWatch.class);

  private final AtomicInteger peersConnected = new AtomicInteger();
  private final AtomicInteger peersRefused = new AtomicInteger();
  private final Map<String, String> trackerErrors = new ConcurrentHashMap<>();
  private final Set<String> trackersAnswered = ConcurrentHashMap.newKeySet();

  @Override
  public void onEvent(EngineEvent event) {
    switch (event) {
      case EngineEvent.PeerConnected p -> {
        peersConnected.incrementAndGet();
        log.debug("peer connected: {} ({})", p.peer(), p.client());
      }
      case EngineEvent.PeerDisconnected p -> log.debug("peer disconnected: {} ({})", p.peer(), p.reason());
      case EngineEvent.TrackerError t -> {
        trackerErrors.put(t.url(), t.message());
        log.debug("tracker {} failed: {}", t.url(), t.message());
      }
      case EngineEvent.TrackerReply t -> {
        trackersAnswered.add(t.url());
        trackerErrors.remove(t.url());
        log.debug("tracker {} answered with {} peers", t.url(), t.peers());
      }
      case EngineEvent.PeerBanned b -> log.info("banned peer {}: {}", b.peer(), b.reason());
      case EngineEvent.PeerRefused r -> {
        peersRefused.incrementAndGet();
        log.debug("refused peer {}: {}", r.peer(), r.reason());
      }
      case EngineEvent.TorrentError e -> log.debug("torrent error: {}", e.message());
      default -> log.trace("{}", event);
    }
  }

  /** True once any peer has connected (in or out), even if it left since. */
  boolean anyPeerEver() {
    return peersConnected.get() > 0;
  }

  /**
   * The line for "nobody connected within {@code waited}". When every tracker failed it names their errors: from the
   * engine's events, else from {@link TrackerProbe} (asked here, bounded). Otherwise says what sources there were.
   */
  String noPeersMessage(Duration waited, InfoHash infoHash, List<String> trackerUrls,
      List<InetSocketAddress> directPeers, int port, boolean dht) throws InterruptedException {
    String message = noPeersReason(waited, infoHash, trackerUrls, directPeers, port, dht);
    int refused = peersRefused.get();
    return refused == 0 ? message : message + "; " + refused + " peer connection" + (refused == 1 ? " was" : "s were")
        + " refused because encryption is required (--encryption enabled allows plaintext peers)";
  }

  private String noPeersReason(Duration waited, InfoHash infoHash, List<String> trackerUrls,
      List<InetSocketAddress> directPeers, int port, boolean dht) throws InterruptedException {
    String within = " within " + waited.toSeconds() + " s";
    if (trackerUrls.isEmpty()) {
      if (directPeers.isEmpty()) {
        return "no peers" + within + ": the torrent names no tracker"
            + (dht ? " and the DHT found no peer" : " and the DHT is off")
            + " (add --tracker URL or --peer HOST:PORT)";
      }
      return "no peers" + within + ":" + peersTried(directPeers).substring(1);
    }
    Map<String, String> errors = new TreeMap<>(trackerErrors);
    List<String> silent = trackerUrls.stream()
        .filter(u -> !errors.containsKey(u) && !trackersAnswered.contains(u)).toList();
    boolean anyAnswered = !trackersAnswered.isEmpty();
    if (!silent.isEmpty() && !anyAnswered) {
      for (var e : TrackerProbe.probe(infoHash, silent, port).entrySet()) {
        if (e.getValue().isPresent()) {
          errors.put(e.getKey(), e.getValue().get());
        } else {
          anyAnswered = true;
        }
      }
    }
    if (!anyAnswered && !errors.isEmpty()) {
      String failures = errors.entrySet().stream()
          .map(e -> e.getValue().contains(e.getKey()) ? e.getValue() : "tracker " + e.getKey() + ": " + e.getValue())
          .collect(Collectors.joining("; "));
      return "no peers" + within + ": " + failures + peersTried(directPeers);
    }
    return "no peers connected" + within + " (the tracker answered, but no peer could be reached)"
        + peersTried(directPeers);
  }

  private static String peersTried(List<InetSocketAddress> peers) {
    if (peers.isEmpty()) {
      return "";
    }
    String list = peers.stream().map(p -> p.getHostString() + ":" + p.getPort()).collect(Collectors.joining(", "));
    return "; could not connect to " + list;
  }
}
