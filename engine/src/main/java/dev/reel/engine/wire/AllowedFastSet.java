package dev.reel.engine.wire;

import dev.reel.engine.metainfo.InfoHash;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The canonical allowed fast set (BEP 6): the pieces a peer may download from us while choked, derived from its
 * address and the info-hash so that every peer computes the same set for the same address. Thread-safe (stateless).
 */
public final class AllowedFastSet {
  /** BEP 6's suggested set size. */
  public static final int DEFAULT_K = 10;

  private AllowedFastSet() {}

  /**
   * BEP 6's algorithm: {@code x = (ip & 0xFFFFFF00) ++ infohash}; repeatedly {@code x = SHA1(x)} and take its five
   * big-endian 32-bit words modulo {@code pieceCount}, skipping duplicates, until {@code k} indexes are found.
   *
   * <p>BEP 6 has no provision for IPv6; like the IPv4 /24, we use the /48 of an IPv6 address (its first 6 bytes,
   * the rest zeroed). {@code k} larger than {@code pieceCount} yields every piece.
   *
   * @return the indexes in the order generated (the first {@code j} of a set of {@code k} are the set of {@code j})
   * @throws IllegalArgumentException if {@code pieceCount <= 0} or {@code k < 0}
   */
  public static List<Integer> generate(InetAddress ip, InfoHash h, int pieceCount, int k) {
    if (pieceCount <= 0) {
      throw new IllegalArgumentException("piece count must be positive: " + pieceCount);
    }
    if (k < 0) {
      throw new IllegalArgumentException("k must not be negative: " + k);
    }
    int want = Math.min(k, pieceCount);
    byte[] addr = masked(ip);
    byte[] x = new byte[addr.length + InfoHash.LENGTH];
    System.arraycopy(addr, 0, x, 0, addr.length);
    System.arraycopy(h.bytes(), 0, x, addr.length, InfoHash.LENGTH);
    MessageDigest sha1 = sha1();
    List<Integer> a = new ArrayList<>(want);
    BitSet seen = new BitSet(pieceCount);
    while (a.size() < want) {
      x = sha1.digest(x);
      for (int i = 0; i < 5 && a.size() < want; i++) {
        int j = i * 4;
        int y = ((x[j] & 0xff) << 24) | ((x[j + 1] & 0xff) << 16) | ((x[j + 2] & 0xff) << 8) | (x[j + 3] & 0xff);
        int index = Integer.remainderUnsigned(y, pieceCount);
        if (!seen.get(index)) {
          seen.set(index);
          a.add(index);
        }
      }
    }
    return List.copyOf(a);
  }

  private static byte[] masked(InetAddress ip) {
    byte[] b = ip.getAddress();
    if (ip instanceof Inet4Address) {
      b[3] = 0;
    } else if (ip instanceof Inet6Address) {
      Arrays.fill(b, 6, b.length, (byte) 0);
    }
    return b;
  }

  private static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by every JDK", e);
    }
  }
}
