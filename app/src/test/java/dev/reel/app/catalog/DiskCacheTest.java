package dev.reel.app.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskCacheTest {
  private static final int HEADER = Long.BYTES;
  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));

  private static byte[] bytes(int n, int fill) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) fill);
    return b;
  }

  private void tick() {
    clock.advance(Duration.ofSeconds(1));
  }

  @Test
  void storesAndReturnsBytes() throws Exception {
    DiskCache cache = new DiskCache(dir, 10_000, clock);
    cache.put("GET https://example.org/a", bytes(100, 1));
    assertThat(cache.get("GET https://example.org/a")).get().satisfies(e -> {
      assertThat(e.data()).isEqualTo(bytes(100, 1));
      assertThat(e.written()).isEqualTo(clock.instant());
    });
    assertThat(cache.get("GET https://example.org/b")).isEmpty();
    assertThat(cache.sizeBytes()).isEqualTo(100 + HEADER);
  }

  @Test
  void evictsTheLeastRecentlyUsedToStayUnderTheLimit() throws Exception {
    long max = 3 * (100 + HEADER);
    DiskCache cache = new DiskCache(dir, max, clock);
    cache.put("a", bytes(100, 1));
    tick();
    cache.put("b", bytes(100, 2));
    tick();
    cache.put("c", bytes(100, 3));
    tick();
    assertThat(cache.get("a")).isPresent(); // a is now more recent than b
    tick();
    cache.put("d", bytes(100, 4));

    assertThat(cache.contains("b")).isFalse();
    assertThat(cache.contains("a")).isTrue();
    assertThat(cache.contains("c")).isTrue();
    assertThat(cache.contains("d")).isTrue();
    assertThat(cache.sizeBytes()).isLessThanOrEqualTo(max);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.filter(p -> p.toString().endsWith(".entry")).count()).isEqualTo(3);
    }

    tick();
    cache.put("big", bytes(200, 5)); // needs the room of two entries: the two least recent go
    assertThat(cache.contains("c")).isFalse();
    assertThat(cache.contains("a")).isFalse();
    assertThat(cache.contains("d")).isTrue();
    assertThat(cache.sizeBytes()).isLessThanOrEqualTo(max);
  }

  @Test
  void anEntryLargerThanTheLimitIsNotStored() throws Exception {
    DiskCache cache = new DiskCache(dir, 100, clock);
    cache.put("small", bytes(10, 1));
    cache.put("huge", bytes(500, 1));
    assertThat(cache.contains("huge")).isFalse();
    assertThat(cache.contains("small")).isTrue();
  }

  @Test
  void replacingAnEntryKeepsTheAccountingRight() throws Exception {
    DiskCache cache = new DiskCache(dir, 10_000, clock);
    cache.put("k", bytes(100, 1));
    cache.put("k", bytes(40, 2));
    assertThat(cache.sizeBytes()).isEqualTo(40 + HEADER);
    assertThat(cache.get("k").orElseThrow().data()).isEqualTo(bytes(40, 2));
    cache.remove("k");
    assertThat(cache.sizeBytes()).isZero();
    assertThat(cache.entryCount()).isZero();
  }

  @Test
  void freshnessFollowsTheTtl() throws Exception {
    DiskCache cache = new DiskCache(dir, 10_000, clock);
    cache.put("k", bytes(10, 1));
    clock.advance(Duration.ofMinutes(59));
    assertThat(cache.getFresh("k", Duration.ofHours(1))).isPresent();
    clock.advance(Duration.ofMinutes(2));
    assertThat(cache.getFresh("k", Duration.ofHours(1))).isEmpty();
    assertThat(cache.get("k")).isPresent(); // stale entries stay until evicted or replaced
  }

  @Test
  void reopeningKeepsEntriesAndTheirUseOrderAndRemovesTornWrites() throws Exception {
    long max = 2 * (100 + HEADER);
    DiskCache first = new DiskCache(dir, max, clock);
    first.put("old", bytes(100, 1));
    tick();
    first.put("new", bytes(100, 2));
    tick();
    first.get("old"); // old becomes the most recent
    Files.write(dir.resolve("w123.part"), bytes(7, 0)); // a write interrupted by a crash

    tick();
    DiskCache second = new DiskCache(dir, max, clock);
    assertThat(second.entryCount()).isEqualTo(2);
    assertThat(Files.exists(dir.resolve("w123.part"))).isFalse();
    tick();
    second.put("third", bytes(100, 3));
    assertThat(second.contains("new")).isFalse();
    assertThat(second.get("old").orElseThrow().data()).isEqualTo(bytes(100, 1));

    DiskCache smaller = new DiskCache(dir, 100 + HEADER, clock); // a lower limit applies at once
    assertThat(smaller.entryCount()).isEqualTo(1);
    assertThat(smaller.sizeBytes()).isLessThanOrEqualTo(100 + HEADER);
  }
}
