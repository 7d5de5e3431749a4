package dev.reel.engine.dht;

import dev.reel.engine.net.CompactPeers;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Answers incoming KRPC queries (BEP 5 "DHT Queries"). Called by {@link DhtNode} under its lock after the per-IP
 * rate limit; stateless itself.
 */
final class QueryHandler {
  private QueryHandler() {}

  static Krpc answer(Krpc.Query q, InetSocketAddress from, long now, DhtNode node) {
    RoutingTable table = node.table();
    // BEP 43: read-only nodes do not belong in routing tables.
    if (!q.readOnly() && node.allowed(from)) {
      node.addToTable(new NodeInfo(q.id(), from), false, now);
    }
    byte[] ip = from.getAddress() instanceof Inet4Address ? CompactPeers.encode(from) : null;
    NodeId self = table.self();
    return switch (q) {
      case Krpc.Ping p -> new Krpc.Response(q.txn(), self, null, null, null, ip);
      case Krpc.FindNode f -> new Krpc.Response(q.txn(), self, closest(table, f.target(), now), null, null, ip);
      case Krpc.GetPeers g -> {
        List<InetSocketAddress> peers = node.peerStore().get(g.infoHash(), PeerStore.MAX_VALUES_PER_REPLY, now);
        List<byte[]> values = peers.isEmpty() ? null : peers.stream().map(CompactPeers::encode).toList();
        byte[] token = node.tokens().tokenFor(from.getAddress(), now);
        yield new Krpc.Response(q.txn(), self, closest(table, NodeId.of(g.infoHash()), now), token, values, ip);
      }
      case Krpc.AnnouncePeer a -> {
        if (!node.tokens().isValid(a.token(), from.getAddress(), now)) {
          yield new Krpc.Error(q.txn(), Krpc.PROTOCOL_ERROR, "bad token");
        }
        int port = a.impliedPort() ? from.getPort() : a.port();
        node.peerStore().add(a.infoHash(), new InetSocketAddress(from.getAddress(), port), now);
        yield new Krpc.Response(q.txn(), self, null, null, null, ip);
      }
      case Krpc.UnknownQuery u -> new Krpc.Error(q.txn(), Krpc.METHOD_UNKNOWN, "method unknown");
    };
  }

  private static byte[] closest(RoutingTable table, NodeId target, long now) {
    return NodeInfo.encodeCompact(table.closest(target, RoutingTable.K, now));
  }
}
