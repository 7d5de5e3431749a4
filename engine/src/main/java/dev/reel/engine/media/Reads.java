package dev.reel.engine.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Optional;

/** Bounded positional reads shared by the container parsers. */
final class Reads {

  /** No single read by a parser is larger than this (a Matroska SeekHead or Info payload at most). */
  static final int MAX_READ_BYTES = 64 * 1024;

  /** Durations beyond this are treated as garbage (about 11.4 days). */
  static final Duration MAX_DURATION = Duration.ofHours(274);

  private Reads() {}

  /**
   * Reads {@code n} bytes at {@code position}, or fewer if the file ends first; the result is flipped and
   * big-endian. Validates the request against the file length before touching the source.
   */
  static ByteBuffer upTo(RangeSource src, long position, int n) throws IOException {
    if (n < 0 || n > MAX_READ_BYTES) {
      throw new IllegalArgumentException("read of " + n + " bytes exceeds " + MAX_READ_BYTES);
    }
    if (position < 0 || position > src.length()) {
      throw new IllegalArgumentException("read at " + position + " outside file of " + src.length());
    }
    int len = (int) Math.min(n, src.length() - position);
    ByteBuffer buf = ByteBuffer.allocate(len).order(ByteOrder.BIG_ENDIAN);
    src.read(position, buf);
    return buf.flip();
  }

  /** Durations below this are treated as garbage too. */
  static final Duration MIN_DURATION = Duration.ofMillis(1);

  /** A duration in seconds, or empty when it is NaN, below {@link #MIN_DURATION} or above {@link #MAX_DURATION}. */
  static Optional<Duration> duration(double seconds) {
    if (!(seconds >= MIN_DURATION.toNanos() / 1e9) || seconds > MAX_DURATION.toSeconds()) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(Math.round(seconds * 1e9)));
  }

  /** The ASCII four-character code of {@code v} (for messages). */
  static String fourCc(int v) {
    StringBuilder sb = new StringBuilder(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      int c = (v >>> shift) & 0xFF;
      sb.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
    }
    return sb.toString();
  }

  static int fourCc(String s) {
    return (s.charAt(0) << 24) | (s.charAt(1) << 16) | (s.charAt(2) << 8) | s.charAt(3);
  }
}
