package dev.reel.engine.dht;

import dev.reel.engine.net.CompactPeers;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * A node's id and UDP address. "Compact node info" (BEP 5) is 26 bytes: the 20-byte id then the 6-byte compact
 * IPv4 address and port. BEP 32's compact IPv6 node info ({@code nodes6}) is 38 bytes: the id, the 16-byte IPv6
 * address and the port.
 */
public record NodeInfo(NodeId id, InetSocketAddress address) {
  public static final int COMPACT_LENGTH = NodeId.LENGTH + 6;
  /** BEP 32: a 20-byte id, a 16-byte IPv6 address and a 2-byte port. */
  public static final int COMPACT6_LENGTH = NodeId.LENGTH + 18;

  /**
   * Decodes a concatenation of compact node infos. Entries with port 0 are skipped; a trailing partial entry is
   * ignored (some nodes pad); never throws.
   */
  public static List<NodeInfo> decodeCompact(byte[] b) {
    return decode(b, COMPACT_LENGTH);
  }

  /** As {@link #decodeCompact} for BEP 32's 38-byte IPv6 entries ({@code nodes6}). */
  public static List<NodeInfo> decodeCompact6(byte[] b) {
    return decode(b, COMPACT6_LENGTH);
  }

  private static List<NodeInfo> decode(byte[] b, int entry) {
    List<NodeInfo> out = new ArrayList<>(b.length / entry);
    for (int i = 0; i + entry <= b.length; i += entry) {
      NodeId id = NodeId.of(Arrays.copyOfRange(b, i, i + NodeId.LENGTH));
      byte[] addr = Arrays.copyOfRange(b, i + NodeId.LENGTH, i + entry);
      List<InetSocketAddress> a = entry == COMPACT_LENGTH ? CompactPeers.decode4(addr) : CompactPeers.decode6(addr);
      if (!a.isEmpty() && (entry == COMPACT_LENGTH || a.get(0).getAddress() instanceof Inet6Address)) {
        out.add(new NodeInfo(id, a.get(0)));
      }
    }
    return out;
  }

  /** The IPv6 nodes of a collection in BEP 32 compact form; others are skipped. */
  public static byte[] encodeCompact6(Collection<NodeInfo> nodes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(nodes.size() * COMPACT6_LENGTH);
    for (NodeInfo n : nodes) {
      if (n.address.getAddress() instanceof Inet6Address) {
        out.writeBytes(n.id.bytes());
        out.writeBytes(CompactPeers.encode(n.address));
      }
    }
    return out.toByteArray();
  }

  /** The IPv4 nodes of a collection in compact form; others are skipped. */
  public static byte[] encodeCompact(Collection<NodeInfo> nodes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(nodes.size() * COMPACT_LENGTH);
    for (NodeInfo n : nodes) {
      if (n.address.getAddress() instanceof Inet4Address) {
        out.writeBytes(n.id.bytes());
        out.writeBytes(CompactPeers.encode(n.address));
      }
    }
    return out.toByteArray();
  }
}
