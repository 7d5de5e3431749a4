package dev.reel.engine.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadlinePlanTest {
  private static final int PIECE = 1000;
  private static final long S = 1_000_000_000L;

  @Test
  void windowPiecesAreDueWhenTheReaderReachesThem() {
    Map<Integer, Long> out = new HashMap<>();
    DeadlinePlan.addWindow(out, new ReaderWindow(2500, 6000, 1000), PIECE, 100);
    assertThat(out).containsExactlyInAnyOrderEntriesOf(Map.of(
        2, 100L, 3, 100 + S / 2, 4, 100 + 3 * S / 2, 5, 100 + 5 * S / 2));
  }

  @Test
  void overlappingWindowsKeepTheEarliestDeadline() {
    Map<Integer, Long> out = new HashMap<>();
    DeadlinePlan.addWindow(out, new ReaderWindow(0, 5000, 1000), PIECE, 0);
    DeadlinePlan.addWindow(out, new ReaderWindow(3000, 4000, 1000), PIECE, 0);
    assertThat(out).containsEntry(3, 0L).containsEntry(4, 4 * S).containsEntry(0, 0L);
  }

  @Test
  void rangesAreLaidOutInOrder() {
    Map<Integer, Long> out = new HashMap<>();
    // head 0..2000, then an index at the end 9500..10000
    DeadlinePlan.addRanges(out, List.of(new long[] {0, 2000}, new long[] {9500, 10000}), 1000, PIECE, 0);
    assertThat(out).containsExactlyInAnyOrderEntriesOf(Map.of(0, 0L, 1, S, 9, 2 * S));
  }

  @Test
  void emptyWindowAddsNothing() {
    Map<Integer, Long> out = new HashMap<>();
    DeadlinePlan.addWindow(out, new ReaderWindow(5, 5, 1), PIECE, 0);
    assertThat(out).isEmpty();
  }
}
