package dev.reel.app.cli;

import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.tracker.AnnounceEvent;
import dev.reel.engine.tracker.AnnounceRequest;
import dev.reel.engine.tracker.TrackerClient;
import dev.reel.engine.tracker.TrackerException;
import dev.reel.engine.tracker.Trackers;
import dev.reel.engine.wire.PeerIds;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * After a download found no peers: asks each tracker once, with a "stopped" announce (which registers nothing), why,
 * so the error line can name the tracker's failure. Used only for trackers the engine reported no event for (the
 * engine's {@code TrackerError} events are preferred). Bounded by {@link #WAIT} in total.
 */
final class TrackerProbe {
  static final Duration WAIT = Duration.ofSeconds(5);

  private TrackerProbe() {}

  /** url -> error text, or empty if the tracker answered. Unanswered within {@link #WAIT}: "no answer within 5 s". */
  static Map<String, Optional<String>> probe(InfoHash infoHash, List<String> urls, int port)
      throws InterruptedException {
    Map<String, Optional<String>> result = new LinkedHashMap<>();
    ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    try {
      Map<String, Future<Optional<String>>> futures = new LinkedHashMap<>();
      for (String url : urls) {
        futures.put(url, pool.submit(() -> announceStopped(infoHash, url, port)));
      }
      long deadline = System.nanoTime() + WAIT.toNanos();
      for (var e : futures.entrySet()) {
        try {
          result.put(e.getKey(), e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        } catch (TimeoutException t) {
          result.put(e.getKey(), Optional.of("no answer within " + WAIT.toSeconds() + " s"));
        } catch (ExecutionException x) {
          result.put(e.getKey(), Optional.of(ReelSubcommand.describe(x.getCause())));
        }
      }
    } finally {
      pool.shutdownNow(); // do not wait for UDP retries
    }
    return result;
  }

  private static Optional<String> announceStopped(InfoHash infoHash, String url, int port) throws InterruptedException {
    try (TrackerClient client = Trackers.open(URI.create(url))) {
      client.announce(new AnnounceRequest(infoHash, PeerIds.generate(), port, 0, 0, 1, AnnounceEvent.STOPPED, 0, 0));
      return Optional.empty();
    } catch (TrackerException | IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    } catch (Exception e) {
      return Optional.of(ReelSubcommand.describe(e));
    }
  }
}
