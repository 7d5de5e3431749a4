package dev.reel.engine.bencode;

import java.util.Arrays;

/** Where a decoded value lies in its source buffer. The source is shared, never copied; treat it as read-only. */
public record Span(byte[] source, int offset, int length) {
  /** A span for values built in memory rather than decoded. */
  public static final Span NONE = new Span(new byte[0], 0, 0);

  /** A copy of the raw bytes of this value, exactly as they were received. */
  public byte[] bytes() {
    return Arrays.copyOfRange(source, offset, offset + length);
  }

  public boolean isNone() {
    return this == NONE;
  }
}
