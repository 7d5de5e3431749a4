package dev.reel.engine.dht;

import dev.reel.engine.net.CompactPeers;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * A node's id and UDP address. "Compact node info" (BEP 5) is 26 bytes: the 20-byte id then the 6-byte compact
 * IPv4 address and port. IPv4 only.
 */
public record NodeInfo(NodeId id, InetSocketAddress address) {
  public static final int COMPACT_LENGTH = NodeId.LENGTH + 6;

  /**
   * Decodes a concatenation of compact node infos. Entries with port 0 are skipped; a trailing partial entry is
   * ignored (some nodes pad); never throws.
   */
  public static List<NodeInfo> decodeCompact(byte[] b) {
    List<NodeInfo> out = new ArrayList<>(b.length / COMPACT_LENGTH);
    for (int i = 0; i + COMPACT_LENGTH <= b.length; i += COMPACT_LENGTH) {
      NodeId id = NodeId.of(Arrays.copyOfRange(b, i, i + NodeId.LENGTH));
      List<InetSocketAddress> a = CompactPeers.decode4(Arrays.copyOfRange(b, i + NodeId.LENGTH, i + COMPACT_LENGTH));
      if (!a.isEmpty()) {
        out.add(new NodeInfo(id, a.get(0)));
      }
    }
    return out;
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
