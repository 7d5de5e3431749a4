package dev.reel.app.library;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.metainfo.InfoHash;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache's bookkeeping, and the policy applied to what it lists. */
class CacheIndexTest {
  static final InfoHash A = InfoHash.fromHex("aa".repeat(20));
  static final InfoHash B = InfoHash.fromHex("bb".repeat(20));
  static final InfoHash C = InfoHash.fromHex("cc".repeat(20));

  @TempDir Path tmp;
  final TestClock clock = new TestClock();
  Library library;
  CacheIndex cache;

  @BeforeEach
  void open() {
    library = Fixtures.open(tmp, clock);
    cache = library.cache();
  }

  @AfterEach
  void close() {
    library.close();
  }

  @Test
  void touchCreatesThenRefreshesTheEntry() {
    CacheEntry first = cache.touch(A, tmp.resolve("a"), 100);
    clock.advance(Duration.ofHours(1));
    CacheEntry again = cache.touch(A, tmp.resolve("a2"), 250);

    assertThat(first.lastWatchedAt()).isEqualTo(TestClock.START);
    assertThat(again.lastWatchedAt()).isEqualTo(TestClock.START.plus(Duration.ofHours(1)));
    assertThat(again.path()).isEqualTo(tmp.resolve("a2"));
    assertThat(again.sizeBytes()).isEqualTo(250);
    assertThat(cache.list()).hasSize(1);
  }

  @Test
  void growingDoesNotCountAsWatching() {
    cache.touch(A, tmp.resolve("a"), 100);
    clock.advance(Duration.ofHours(1));

    assertThat(cache.updateSize(A, 5_000)).isTrue();
    assertThat(cache.updateSize(B, 5_000)).isFalse();
    assertThat(cache.find(A)).hasValueSatisfying(e -> {
      assertThat(e.sizeBytes()).isEqualTo(5_000);
      assertThat(e.lastWatchedAt()).isEqualTo(TestClock.START);
    });
  }

  @Test
  void keptEntriesLeaveTheCachesAccounting() {
    cache.touch(A, tmp.resolve("a"), 100);
    cache.touch(B, tmp.resolve("b"), 40);
    assertThat(cache.usedBytes()).isEqualTo(140);

    assertThat(cache.setFinished(A, true)).isTrue();
    assertThat(cache.keep(A, Path.of("/home/u/Downloads/Reel/a"))).isTrue();

    assertThat(cache.usedBytes()).isEqualTo(40);
    assertThat(cache.find(A)).hasValueSatisfying(e -> {
      assertThat(e.kept()).isTrue();
      assertThat(e.finished()).isTrue();
      assertThat(e.path()).isEqualTo(Path.of("/home/u/Downloads/Reel/a"));
    });
    assertThat(cache.keep(C, tmp)).isFalse();
  }

  @Test
  void theListFeedsThePolicyOldestFirst() {
    cache.touch(C, tmp.resolve("c"), 6);
    clock.advance(Duration.ofDays(1));
    cache.touch(A, tmp.resolve("a"), 6);
    clock.advance(Duration.ofDays(1));
    cache.touch(B, tmp.resolve("b"), 6);
    cache.setFinished(A, true);

    assertThat(cache.list()).extracting(CacheEntry::infoHash).containsExactly(C, A, B);
    CachePolicy.Plan plan = CachePolicy.plan(cache.list(), 10, Set.of(B), clock.instant());
    assertThat(plan.evict()).extracting(CacheEntry::infoHash).containsExactly(A, C);

    plan.evict().forEach(e -> cache.remove(e.infoHash()));
    assertThat(cache.usedBytes()).isEqualTo(6);
    assertThat(cache.remove(A)).isFalse();
  }
}
