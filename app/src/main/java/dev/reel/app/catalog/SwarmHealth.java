package dev.reel.app.catalog;

import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.tracker.ScrapeResult;
import dev.reel.engine.tracker.TrackerClient;
import dev.reel.engine.tracker.TrackerException;
import dev.reel.engine.tracker.Trackers;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
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
 * Swarm sizes from tracker scrapes (BEP 48 for HTTP trackers, BEP 15 for UDP), turned into a {@link Health} and cached
 * per info-hash with a TTL, so a catalog page does not scrape the same torrent twice in a row.
 *
 * <p>The trackers of a torrent are scraped in parallel (virtual threads) with a deadline; the answer is the largest
 * seeder and leecher counts any tracker reported (trackers see overlapping swarms, so counts are not added). When no
 * tracker answers, that is remembered for the TTL too (as empty), so a dead torrent is not scraped on every view.
 *
 * <p>Thread-safe. {@link #swarm} blocks up to the deadline. At most {@link #MAX_ENTRIES} hashes are remembered.
 */
public final class SwarmHealth implements AutoCloseable {
  public static final int MAX_ENTRIES = 10_000;
  /** Trackers scraped at most per torrent. */
  public static final int MAX_TRACKERS = 8;
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(30);
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);

  /** Scrapes one tracker for one torrent: the seam tests replace. */
  @FunctionalInterface
  public interface Scraper {
    /** The counts, or empty when the tracker does not know the torrent. */
    Optional<ScrapeResult> scrape(URI tracker, InfoHash hash) throws TrackerException, InterruptedException;

    /** Scrapes with the engine's tracker clients ({@link Trackers#open}). */
    Scraper TRACKERS = (tracker, hash) -> {
      try (TrackerClient client = Trackers.open(tracker)) {
        return Optional.ofNullable(client.scrape(List.of(hash)).get(hash));
      }
    };
  }

  /**
   * What the trackers said about a swarm.
   *
   * @param seeders most seeders any tracker reported
   * @param peers most leechers any tracker reported
   * @param checked when the scrape was made
   */
  public record Swarm(int seeders, int peers, Instant checked) {
    public Health health() {
      return Health.of(seeders, peers);
    }
  }

  private record Cached(Optional<Swarm> swarm, Instant at) {}

  private final Scraper scraper;
  private final Duration ttl;
  private final Duration deadline;
  private final InstantSource clock;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<InfoHash, Cached> cache = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<InfoHash, Cached> eldest) {
      return size() > MAX_ENTRIES;
    }
  };

  public SwarmHealth(Scraper scraper, Duration ttl, Duration deadline, InstantSource clock) {
    this.scraper = scraper;
    this.ttl = ttl;
    this.deadline = deadline;
    this.clock = clock;
  }

  public static SwarmHealth withTrackers() {
    return new SwarmHealth(Scraper.TRACKERS, DEFAULT_TTL, DEFAULT_DEADLINE, InstantSource.system());
  }

  /**
   * The swarm of {@code hash} per its trackers, from the cache when scraped less than the TTL ago.
   *
   * @return empty when no tracker answered (or none is scrapable)
   */
  public Optional<Swarm> swarm(InfoHash hash, List<URI> trackers) {
    Instant now = clock.instant();
    synchronized (cache) {
      Cached c = cache.get(hash);
      if (c != null && !c.at().plus(ttl).isBefore(now)) {
        return c.swarm();
      }
    }
    Optional<Swarm> result = scrapeAll(hash, trackers, now);
    synchronized (cache) {
      cache.put(hash, new Cached(result, now));
    }
    return result;
  }

  /** The stream with {@code seeders}/{@code peers} filled from its sources' trackers, when any answered. */
  public Stream annotate(Stream s) {
    if (s.infoHash() == null) {
      return s;
    }
    List<URI> trackers = new ArrayList<>();
    for (String src : s.sources()) {
      if (src.startsWith("tracker:")) {
        try {
          trackers.add(URI.create(src.substring("tracker:".length())));
        } catch (IllegalArgumentException e) {
          // not a URI: skip
        }
      }
    }
    return swarm(InfoHash.fromHex(s.infoHash()), trackers).map(w -> s.withSwarm(w.seeders(), w.peers())).orElse(s);
  }

  private Optional<Swarm> scrapeAll(InfoHash hash, List<URI> trackers, Instant now) {
    List<Future<Optional<ScrapeResult>>> futures = new ArrayList<>();
    for (URI t : trackers.stream().distinct().limit(MAX_TRACKERS).toList()) {
      futures.add(executor.submit(() -> scraper.scrape(t, hash)));
    }
    long end = System.nanoTime() + deadline.toNanos();
    int seeders = -1;
    int peers = -1;
    for (Future<Optional<ScrapeResult>> f : futures) {
      try {
        Optional<ScrapeResult> r = f.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (r.isPresent()) {
          seeders = Math.max(seeders, r.get().seeders());
          peers = Math.max(peers, r.get().leechers());
        }
      } catch (TimeoutException | ExecutionException e) {
        f.cancel(true);
      } catch (InterruptedException e) {
        futures.forEach(x -> x.cancel(true));
        Thread.currentThread().interrupt();
        break;
      }
    }
    return seeders < 0 ? Optional.empty() : Optional.of(new Swarm(seeders, Math.max(0, peers), now));
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
