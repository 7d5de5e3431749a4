package dev.reel.engine.media;

/**
 * A span of a file, {@code [start, start + length)}, that a player needs before it can start.
 *
 * @param start offset of the first byte, {@code >= 0}
 * @param length number of bytes, {@code >= 0}
 */
public record ByteRange(long start, long length) {

  public ByteRange {
    if (start < 0 || length < 0 || start > Long.MAX_VALUE - length) {
      throw new IllegalArgumentException("invalid range start=" + start + " length=" + length);
    }
  }

  /** The range {@code [start, end)}. */
  public static ByteRange of(long start, long end) {
    return new ByteRange(start, end - start);
  }

  /** Offset one past the last byte. */
  public long end() {
    return start + length;
  }

  /** Whether this range and {@code other} share a byte or are directly adjacent. */
  public boolean touches(ByteRange other) {
    return start <= other.end() && other.start <= end();
  }

  /** The smallest range covering both. */
  public ByteRange span(ByteRange other) {
    return of(Math.min(start, other.start), Math.max(end(), other.end()));
  }

  /** This range cut to {@code [0, fileLength)}. */
  ByteRange clamp(long fileLength) {
    long s = Math.min(start, fileLength);
    return of(s, Math.min(end(), fileLength));
  }

  @Override
  public String toString() {
    return "[" + start + ", " + end() + ")";
  }
}
