package dev.reel.app.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.tracker.ScrapeResult;
import dev.reel.engine.tracker.TrackerException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HealthTest {
  @ParameterizedTest(name = "{0} seeders, {1} leechers -> {2}")
  @CsvSource(textBlock = """
      0,    0,  BAD
      0,  500,  BAD
      1,    0,  BAD
      5,   20,  BAD
      10,  10,  BAD
      20,  10,  FAIR
      9,    2,  FAIR
      25,   5,  GOOD
      30,  10,  GOOD
      29,   0,  GOOD
      30,   7,  GOOD
      30,   6,  EXCELLENT
      30,   0,  EXCELLENT
      40,   2,  EXCELLENT
      5000, 1000, EXCELLENT
      """)
  void thresholds(int seeders, int peers, Health expected) {
    assertThat(Health.of(seeders, peers)).isEqualTo(expected);
  }

  private static final InfoHash HASH = InfoHash.fromHex("88594aaacbde40ef3e2510c47374ec0aa396c08e");
  private static final URI T1 = URI.create("udp://tracker.one:6969");
  private static final URI T2 = URI.create("http://tracker.two/announce");
  private static final URI T3 = URI.create("udp://tracker.three:1337");

  @Test
  void takesTheLargestCountsAnyTrackerReportsAndCachesThemForTheTtl() {
    AtomicInteger calls = new AtomicInteger();
    SwarmHealth.Scraper scraper = (tracker, hash) -> {
      calls.incrementAndGet();
      if (tracker.equals(T1)) {
        return Optional.of(new ScrapeResult(40, 100, 3));
      }
      if (tracker.equals(T2)) {
        return Optional.of(new ScrapeResult(12, 50, 9));
      }
      throw new TrackerException("connection refused");
    };
    MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    try (SwarmHealth health = new SwarmHealth(scraper, Duration.ofMinutes(30), Duration.ofSeconds(5), clock)) {
      SwarmHealth.Swarm s = health.swarm(HASH, List.of(T1, T2, T3)).orElseThrow();
      assertThat(s.seeders()).isEqualTo(40);
      assertThat(s.peers()).isEqualTo(9);
      assertThat(s.health()).isEqualTo(Health.GOOD); // 40 seeders but only 4.4 per leecher
      assertThat(calls).hasValue(3);

      clock.advance(Duration.ofMinutes(29));
      assertThat(health.swarm(HASH, List.of(T1, T2, T3))).contains(s);
      assertThat(calls).hasValue(3); // from the cache

      clock.advance(Duration.ofMinutes(2));
      health.swarm(HASH, List.of(T1, T2, T3));
      assertThat(calls).hasValue(6); // scraped again after the TTL
    }
  }

  @Test
  void noAnsweringTrackerMeansUnknownAndIsRememberedToo() {
    AtomicInteger calls = new AtomicInteger();
    SwarmHealth.Scraper scraper = (tracker, hash) -> {
      calls.incrementAndGet();
      return Optional.empty(); // the tracker does not know the torrent
    };
    MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    try (SwarmHealth health = new SwarmHealth(scraper, Duration.ofMinutes(30), Duration.ofSeconds(5), clock)) {
      assertThat(health.swarm(HASH, List.of(T1))).isEmpty();
      assertThat(health.swarm(HASH, List.of(T1))).isEmpty();
      assertThat(calls).hasValue(1);
    }
  }

  @Test
  void annotatesAStreamFromItsTrackerSources() {
    SwarmHealth.Scraper scraper = (tracker, hash) -> Optional.of(new ScrapeResult(31, 0, 2));
    try (SwarmHealth health = new SwarmHealth(scraper, Duration.ofMinutes(30), Duration.ofSeconds(5),
        new MutableClock(Instant.EPOCH))) {
      Stream s = Stream.builder().infoHash(HASH.hex()).sources(List.of("tracker:" + T1, "dht:" + HASH.hex())).build();
      Stream annotated = health.annotate(s);
      assertThat(annotated.seeders()).isEqualTo(31);
      assertThat(annotated.peers()).isEqualTo(2);
      assertThat(Health.of(annotated.seeders(), annotated.peers())).isEqualTo(Health.EXCELLENT);
      Stream http = Stream.builder().url("https://example.org/a.mp4").build();
      assertThat(health.annotate(http)).isSameAs(http);
    }
  }
}
