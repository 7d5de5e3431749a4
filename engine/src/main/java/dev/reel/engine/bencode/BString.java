package dev.reel.engine.bencode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A byte string. Torrents put UTF-8 text, binary hashes and compact peer lists in these. */
public record BString(byte[] bytes, Span span) implements BValue {
  public BString {
    bytes = bytes.clone();
  }

  public static BString of(String utf8) {
    return new BString(utf8.getBytes(StandardCharsets.UTF_8), Span.NONE);
  }

  public static BString of(byte[] bytes) {
    return new BString(bytes, Span.NONE);
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Length without copying. */
  public int length() {
    return bytes.length;
  }

  /** Decodes as UTF-8; malformed sequences become U+FFFD. */
  public String utf8() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BString s && Arrays.equals(bytes, s.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "BString[" + utf8() + "]";
  }
}
