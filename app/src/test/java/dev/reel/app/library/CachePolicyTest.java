package dev.reel.app.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.engine.metainfo.InfoHash;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The eviction rule, as a table. Each entry is written {@code name:sizeGiB:hoursAgo[:finished][:playing][:kept]};
 * the limit is in GiB; the expected evictions are names in order.
 */
class CachePolicyTest {
  static final long GIB = Settings.GIB;
  static final Instant NOW = Instant.parse("2026-06-01T20:00:00Z");

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of("under the limit: nothing", "a:3:5 b:3:1", 10, "", true),
        Arguments.of("exactly at the limit: nothing", "a:5:5 b:5:1", 10, "", true),
        Arguments.of("least recently watched first", "a:4:1 b:4:30 c:4:2", 10, "b", true),
        Arguments.of("stops as soon as it fits", "a:4:3 b:4:2 c:4:1 d:4:0.5", 9, "a b", true),
        Arguments.of("finished films before unfinished, oldest finished first",
            "a:4:50 b:4:3:finished c:4:10:finished d:4:1", 9, "c b", true),
        Arguments.of("never what is playing, even if it is the oldest and finished",
            "a:4:100:finished:playing b:4:5 c:4:1", 5, "b c", true),
        Arguments.of("playing alone over the limit: evicts the rest and says it does not fit",
            "a:12:0:playing b:1:5", 10, "b", false),
        Arguments.of("kept entries neither count nor go", "a:50:100:finished:kept b:4:3 c:4:2", 6, "b", true),
        Arguments.of("watched in the last minutes goes last", "a:4:0.05:finished b:4:2 c:4:1", 6, "b c", true),
        Arguments.of("zero limit evicts all but what plays", "a:1:1 b:1:2:playing c:1:3", 0, "c a", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void evicts(String rule, String entries, long limitGiB, String expected, boolean fits) {
    Set<InfoHash> playing = new HashSet<>();
    List<CacheEntry> cache = parse(entries, playing);

    CachePolicy.Plan plan = CachePolicy.plan(cache, limitGiB * GIB, playing, NOW);

    assertThat(plan.evict()).extracting(CachePolicyTest::name)
        .containsExactlyElementsOf(expected.isEmpty() ? List.of() : Arrays.asList(expected.split(" ")));
    assertThat(plan.fits()).isEqualTo(fits);
    assertThat(plan.freedBytes()).isEqualTo(plan.evict().stream().mapToLong(CacheEntry::sizeBytes).sum());
    assertThat(plan.evict()).noneMatch(e -> playing.contains(e.infoHash()) || e.kept());
  }

  @Test
  void roomForWhatIsAboutToBeWrittenIsMadeToo() {
    Set<InfoHash> playing = new HashSet<>();
    List<CacheEntry> cache = parse("a:4:3 b:4:2 c:1:0:playing", playing);

    CachePolicy.Plan plan = CachePolicy.plan(cache, 10 * GIB, 2 * GIB, playing, NOW);

    assertThat(plan.evict()).extracting(CachePolicyTest::name).containsExactly("a");
    assertThat(plan.usedBytes()).isEqualTo(9 * GIB);
    assertThat(plan.usedAfterBytes()).isEqualTo(5 * GIB);
    assertThat(plan.fits()).isTrue();
  }

  @Test
  void theOrderOfTheInputDoesNotMatter() {
    Set<InfoHash> playing = new HashSet<>();
    List<CacheEntry> cache = parse("a:1:1 b:1:1 c:1:2:finished d:1:3", playing);
    List<String> expected = CachePolicy.plan(cache, 0, playing, NOW).evict().stream()
        .map(CachePolicyTest::name).toList();
    for (int shift = 1; shift < cache.size(); shift++) {
      List<CacheEntry> rotated = new ArrayList<>(cache);
      java.util.Collections.rotate(rotated, shift);
      assertThat(CachePolicy.plan(rotated, 0, playing, NOW).evict()).extracting(CachePolicyTest::name)
          .containsExactlyElementsOf(expected);
    }
    assertThat(expected.get(0)).isEqualTo("c");
  }

  @Test
  void negativeLimitsAreRefused() {
    assertThatThrownBy(() -> CachePolicy.plan(List.of(), -1, Set.of(), NOW))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Names are single letters; the info-hash is the letter's code repeated, so it maps back. */
  static List<CacheEntry> parse(String table, Set<InfoHash> playing) {
    List<CacheEntry> entries = new ArrayList<>();
    for (String spec : table.split(" ")) {
      String[] parts = spec.split(":");
      String name = parts[0];
      InfoHash hash = InfoHash.fromHex(String.format("%02x", (int) name.charAt(0)).repeat(20));
      List<String> flags = Arrays.asList(parts).subList(3, parts.length);
      long size = Long.parseLong(parts[1]) * GIB;
      Instant watched = NOW.minus(Duration.ofMinutes((long) (Double.parseDouble(parts[2]) * 60)));
      entries.add(new CacheEntry(hash, Path.of("/cache", name), size, watched, flags.contains("finished"),
          flags.contains("kept")));
      if (flags.contains("playing")) {
        playing.add(hash);
      }
    }
    return entries;
  }

  static String name(CacheEntry entry) {
    return String.valueOf((char) Integer.parseInt(entry.infoHash().hex().substring(0, 2), 16));
  }
}
