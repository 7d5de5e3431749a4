package dev.reel.engine.metainfo;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/** A v1 info-hash: SHA-1 over the info dictionary's bytes exactly as received (BEP 3). Immutable. */
public final class InfoHash implements Comparable<InfoHash> {
  public static final int LENGTH = 20;
  private final byte[] bytes;

  private InfoHash(byte[] bytes) {
    this.bytes = bytes;
  }

  public static InfoHash of(byte[] twentyBytes) {
    if (twentyBytes.length != LENGTH) {
      throw new IllegalArgumentException("an info-hash has 20 bytes, not " + twentyBytes.length);
    }
    return new InfoHash(twentyBytes.clone());
  }

  /** SHA-1 of the given raw info-dictionary bytes. */
  public static InfoHash ofInfoBytes(byte[] info) {
    return ofInfoBytes(info, 0, info.length);
  }

  public static InfoHash ofInfoBytes(byte[] info, int offset, int length) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(info, offset, length);
      return new InfoHash(sha1.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by every JDK", e);
    }
  }

  /** Parses 40 hex digits (either case). */
  public static InfoHash fromHex(String hex) {
    if (hex.length() != 40) {
      throw new IllegalArgumentException("an info-hash in hex has 40 digits, not " + hex.length());
    }
    try {
      return new InfoHash(HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a hex info-hash: " + hex, e);
    }
  }

  public static boolean isHex(String s) {
    return s != null && s.length() == 40 && s.chars().allMatch(c -> Character.digit(c, 16) >= 0);
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InfoHash h && Arrays.equals(bytes, h.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(InfoHash o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
