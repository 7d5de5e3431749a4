package dev.reel.engine.stream;

import java.util.List;
import java.util.Map;

/**
 * Turns what readers want into piece deadlines (pure; time is passed in). A reader's window gives the piece at its
 * position the deadline {@code now} and each later piece the time a reader consuming the window's byte rate would
 * reach it. Critical ranges of a container (head, MP4 {@code moov}, Matroska Cues...) are laid out one after the
 * other from {@code now}, in the order the player reads them, at the stream's byte rate. Several sources are
 * combined as a union of pieces where the earliest deadline wins. Stateless and thread-safe.
 */
public final class DeadlinePlan {
  private static final double NANOS = 1e9;

  private DeadlinePlan() {}

  /** Adds the window's pieces to {@code out} (piece → deadline nanos), keeping the earlier deadline per piece. */
  public static void addWindow(Map<Integer, Long> out, ReaderWindow w, int pieceLength, long nowNanos) {
    if (w.end() <= w.start()) {
      return;
    }
    int first = (int) (w.start() / pieceLength);
    int last = (int) ((w.end() - 1) / pieceLength);
    for (int p = first; p <= last; p++) {
      long at = Math.max((long) p * pieceLength, w.start());
      long deadline = nowNanos + (long) ((at - w.start()) / w.bytesPerSecond() * NANOS);
      out.merge(p, deadline, Math::min);
    }
  }

  /**
   * Adds the pieces of {@code ranges} (torrent offsets {@code {start, end}}, in the order a player needs them) to
   * {@code out}: the first byte of the first range is due at {@code nowNanos}, each later byte when a stream at
   * {@code bytesPerSecond} would have fetched everything before it. Earlier deadlines already in {@code out} win.
   */
  public static void addRanges(Map<Integer, Long> out, List<long[]> ranges, double bytesPerSecond, int pieceLength,
      long nowNanos) {
    if (!(bytesPerSecond > 0)) {
      throw new IllegalArgumentException("rate must be positive: " + bytesPerSecond);
    }
    long before = 0;
    for (long[] r : ranges) {
      if (r[1] <= r[0]) {
        continue;
      }
      int first = (int) (r[0] / pieceLength);
      int last = (int) ((r[1] - 1) / pieceLength);
      for (int p = first; p <= last; p++) {
        long at = Math.max((long) p * pieceLength, r[0]);
        long deadline = nowNanos + (long) ((before + at - r[0]) / bytesPerSecond * NANOS);
        out.merge(p, deadline, Math::min);
      }
      before += r[1] - r[0];
    }
  }
}
