package dev.reel.engine.dht;

import dev.reel.engine.metainfo.InfoHash;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;

/** A 160-bit DHT node id or lookup target (BEP 5). Immutable; distances are XOR, compared as unsigned integers. */
public final class NodeId implements Comparable<NodeId> {
  public static final int LENGTH = 20;
  public static final int BITS = LENGTH * 8;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] bytes;

  private NodeId(byte[] bytes) {
    this.bytes = bytes;
  }

  public static NodeId of(byte[] twentyBytes) {
    if (twentyBytes.length != LENGTH) {
      throw new IllegalArgumentException("a node id has 20 bytes, not " + twentyBytes.length);
    }
    return new NodeId(twentyBytes.clone());
  }

  public static NodeId of(InfoHash infoHash) {
    return new NodeId(infoHash.bytes());
  }

  public static NodeId fromHex(String hex) {
    return of(HexFormat.of().parseHex(hex));
  }

  public static NodeId random() {
    byte[] b = new byte[LENGTH];
    RANDOM.nextBytes(b);
    return new NodeId(b);
  }

  /** A random id sharing the first {@code prefixBits} bits with {@code base}: a refresh target inside a bucket. */
  public static NodeId randomWithPrefix(NodeId base, int prefixBits) {
    byte[] b = new byte[LENGTH];
    RANDOM.nextBytes(b);
    for (int i = 0; i < prefixBits; i++) {
      int mask = 0x80 >>> (i & 7);
      b[i >> 3] = (byte) ((b[i >> 3] & ~mask) | (base.bytes[i >> 3] & mask));
    }
    return new NodeId(b);
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  /** Bit {@code i} counted from the most significant bit (0). */
  public boolean bit(int i) {
    return (bytes[i >> 3] & (0x80 >>> (i & 7))) != 0;
  }

  /** Number of leading bits shared with {@code other} (160 if equal). */
  public int commonPrefixLength(NodeId other) {
    for (int i = 0; i < LENGTH; i++) {
      int x = (bytes[i] ^ other.bytes[i]) & 0xff;
      if (x != 0) {
        return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
      }
    }
    return BITS;
  }

  /** XOR distance to {@code other}. */
  public NodeId distance(NodeId other) {
    byte[] d = new byte[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      d[i] = (byte) (bytes[i] ^ other.bytes[i]);
    }
    return new NodeId(d);
  }

  /** Orders ids by XOR distance to {@code target}, nearest first. */
  public static Comparator<NodeId> byDistanceTo(NodeId target) {
    return (a, b) -> {
      for (int i = 0; i < LENGTH; i++) {
        int da = (a.bytes[i] ^ target.bytes[i]) & 0xff;
        int db = (b.bytes[i] ^ target.bytes[i]) & 0xff;
        if (da != db) {
          return Integer.compare(da, db);
        }
      }
      return 0;
    };
  }

  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public int compareTo(NodeId o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeId n && Arrays.equals(bytes, n.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
