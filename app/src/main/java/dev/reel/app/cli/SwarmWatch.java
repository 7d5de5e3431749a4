package dev.reel.app.cli;

import dev.reel.engine.EngineEvent;
import dev.reel.engine.EngineListener;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
      case EngineEvent.TorrentError e -> log.debug("torrent error: {}", e.message());
      default -> log.trace("{}", event);
    }
  }

  /** True once any peer has connected (in or out), even if it left since. */
  boolean anyPeerEver() {
    return peersConnected.get() > 0;
  }

  /**
   * The line for "nobody connected within {@code waited}": names the tracker errors if every tracker failed, else
   * says what sources there were.
   */
  String noPeersMessage(Duration waited, boolean hasTrackers, List<InetSocketAddress> directPeers) {
    String within = " within " + waited.toSeconds() + " s";
    if (!trackerErrors.isEmpty() && trackersAnswered.isEmpty()) {
      String failures =
          trackerErrors.entrySet().stream()
              .sorted(Map.Entry.comparingByKey())
              .map(e -> "tracker " + e.getKey() + " failed: " + e.getValue())
              .collect(Collectors.joining("; "));
      return "no peers" + within + ": " + failures + peersTried(directPeers);
    }
    if (!hasTrackers && directPeers.isEmpty()) {
      return "no peers" + within + ": the torrent names no tracker (add --tracker URL or --peer HOST:PORT)";
    }
    if (!hasTrackers) {
      return "no peers" + within + ":" + peersTried(directPeers).replaceFirst("^;", "");
    }
    return "no peers connected" + within + " (trackers answered, but no peer could be reached)" + peersTried(directPeers);
  }

  private static String peersTried(List<InetSocketAddress> peers) {
    if (peers.isEmpty()) {
      return "";
    }
    String list = peers.stream().map(p -> p.getHostString() + ":" + p.getPort()).collect(Collectors.joining(", "));
    return "; could not connect to " + list;
  }
}
