package dev.reel.engine.dht;

import dev.reel.engine.net.CompactPeers;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Answers incoming KRPC queries (BEP 5 "DHT Queries"). Called by {@link DhtNode} under its lock after the per-IP
 * rate limit; stateless itself.
 *
 * <p>BEP 32: a node serves one address family's DHT. find_node and get_peers replies hold {@code nodes} (IPv4 DHT) or
 * {@code nodes6} (IPv6 DHT) from this node's table when the query's {@code want} asks for that family, or, without
 * {@code want}, when the query came over it; {@code values} hold only peers of the querier's family.
 */
final class QueryHandler {
  private QueryHandler() {}

  static Krpc answer(Krpc.Query q, InetSocketAddress from, long now, DhtNode node) {
    RoutingTable table = node.table();
    // BEP 43: read-only nodes do not belong in routing tables.
    if (!q.readOnly() && node.allowed(from)) {
      node.addToTable(new NodeInfo(q.id(), from), false, now);
    }
    byte[] ip = CompactPeers.encode(from); // BEP 42: 6 bytes over IPv4, 18 over IPv6
    NodeId self = table.self();
    return switch (q) {
      case Krpc.Ping p -> new Krpc.Response(q.txn(), self, null, null, null, ip);
      case Krpc.FindNode f -> nodes(new Krpc.Response(q.txn(), self, null, null, null, ip), node, f.target(),
          f.want(), from, now);
      case Krpc.GetPeers g -> {
        boolean v4 = from.getAddress() instanceof Inet4Address;
        List<byte[]> values = node.peerStore().get(g.infoHash(), PeerStore.MAX_VALUES_PER_REPLY, now).stream()
            .filter(p -> (p.getAddress() instanceof Inet4Address) == v4).map(CompactPeers::encode).toList();
        byte[] token = node.tokens().tokenFor(from.getAddress(), now);
        yield nodes(new Krpc.Response(q.txn(), self, null, token, values.isEmpty() ? null : values, ip), node,
            NodeId.of(g.infoHash()), g.want(), from, now);
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

  /** {@code r} with the node list(s) the querier wants (BEP 32 {@code want}, else its own family) that we hold. */
  private static Krpc.Response nodes(Krpc.Response r, DhtNode node, NodeId target, int want, InetSocketAddress from,
      long now) {
    if (want == 0) {
      want = from.getAddress() instanceof Inet4Address ? Krpc.WANT_N4 : Krpc.WANT_N6;
    }
    int ours = node.isIpv6() ? Krpc.WANT_N6 : Krpc.WANT_N4;
    if ((want & ours) == 0) {
      return r;
    }
    List<NodeInfo> closest = node.table().closest(target, RoutingTable.K, now);
    return node.isIpv6()
        ? new Krpc.Response(r.txn(), r.id(), null, r.token(), r.values(), r.ip(), NodeInfo.encodeCompact6(closest))
        : new Krpc.Response(r.txn(), r.id(), NodeInfo.encodeCompact(closest), r.token(), r.values(), r.ip(), null);
  }
}
