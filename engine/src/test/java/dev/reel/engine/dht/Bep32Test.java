package dev.reel.engine.dht;

import static dev.reel.engine.dht.KrpcTest.bytes;
import static dev.reel.engine.dht.KrpcTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.net.CompactPeers;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * BEP 32 (IPv6 DHT): the {@code want}, {@code nodes6} and 18-byte {@code values} codec, a node's answers to {@code
 * want}, and a DHT of nodes on {@code ::1}. The network tests are skipped locally, and fail with {@code CI=true}, on a
 * host without IPv6 loopback.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class Bep32Test {
  private static final byte[] AA = bytes("aa");
  private static final NodeId ABC = NodeId.of(bytes("abcdefghij0123456789"));
  private static final InfoHash HASH = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");
  private final List<DhtNode> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(DhtNode::close);
  }

  private static InetAddress v6Loopback() {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("::1"))) {
      return s.getLocalAddress();
    } catch (IOException e) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError("CI=true and this host has no IPv6 loopback ::1", e);
      }
      Assumptions.abort("this host has no IPv6 loopback ::1: " + e.getMessage());
      throw new AssertionError(e);
    }
  }

  @Test
  void wantIsAListOfN4AndN6AndUnknownStringsAreIgnored() throws Exception {
    Krpc.FindNode both = new Krpc.FindNode(AA, ABC, ABC, false, Krpc.WANT_N4 | Krpc.WANT_N6);
    String encoded = text(Krpc.encode(both));
    assertThat(encoded).contains("4:wantl2:n42:n6e");
    assertThat(((Krpc.FindNode) Krpc.decode(bytes(encoded))).want()).isEqualTo(Krpc.WANT_N4 | Krpc.WANT_N6);
    assertThat(text(Krpc.encode(new Krpc.GetPeers(AA, ABC, HASH, false)))).as("no want key by default")
        .doesNotContain("want");
    Krpc.GetPeers odd = (Krpc.GetPeers) Krpc.decode(bytes("d1:ad2:id20:abcdefghij01234567899:info_hash20:"
        + "mnopqrstuvwxyz1234564:wantl2:n62:x9i4eee1:q9:get_peers1:t2:aa1:y1:qe"));
    assertThat(odd.want()).isEqualTo(Krpc.WANT_N6);
  }

  @Test
  void nodes6AndMixedValuesDecode() throws Exception {
    InetSocketAddress six = new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 6881);
    InetSocketAddress four = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 6882);
    NodeInfo node6 = new NodeInfo(ABC, six);
    byte[] nodes6 = NodeInfo.encodeCompact6(List.of(node6, new NodeInfo(ABC, four)));
    assertThat(nodes6).as("IPv4 nodes are left out of nodes6").hasSize(NodeInfo.COMPACT6_LENGTH);
    Krpc.Response r = new Krpc.Response(AA, ABC, null, bytes("tok"),
        List.of(CompactPeers.encode(four), CompactPeers.encode(six), bytes("junk")), null, nodes6);
    Krpc.Response back = (Krpc.Response) Krpc.decode(Krpc.encode(r));
    assertThat(back.nodeInfos()).containsExactly(node6);
    assertThat(back.peers()).as("a hybrid values list parses; other lengths are skipped").containsExactly(four, six);
  }

  @Test
  void anIpv6NodeAnswersWithNodes6AndTheWantedListsItHolds() throws Exception {
    InetAddress lo6 = v6Loopback();
    DhtNode node = DhtNode.start(DhtConfig.loopback().withBindAddress(lo6));
    nodes.add(node);
    assertThat(node.isIpv6()).isTrue();
    InetSocketAddress at = new InetSocketAddress(lo6, node.port());
    try (UdpClient other = new UdpClient("::1"); UdpClient client = new UdpClient("::1")) {
      // A querier joins the node's table (it queried us and is not read-only).
      NodeId otherId = NodeId.random();
      other.send(new Krpc.Ping(bytes("p1"), otherId, false), at);
      assertThat(other.receive().message()).isInstanceOf(Krpc.Response.class);

      client.send(new Krpc.FindNode(bytes("f1"), NodeId.random(), otherId, false), at);
      Krpc.Response plain = (Krpc.Response) client.receive().message();
      assertThat(plain.nodes()).as("no nodes over IPv6 without want").isNull();
      assertThat(plain.nodeInfos()).contains(new NodeInfo(otherId, other.address()))
          .allMatch(n -> n.address().getAddress() instanceof Inet6Address);
      assertThat(plain.ip()).as("BEP 42 ip over IPv6 is 18 bytes").hasSize(18);

      client.send(new Krpc.FindNode(bytes("f2"), NodeId.random(), otherId, false, Krpc.WANT_N4), at);
      Krpc.Response n4 = (Krpc.Response) client.receive().message();
      assertThat(n4.nodes6()).as("an IPv6-only node has no IPv4 nodes to give").isNull();
      assertThat(n4.nodes()).isNull();

      client.send(new Krpc.GetPeers(bytes("g1"), NodeId.random(), HASH, false, Krpc.WANT_N4 | Krpc.WANT_N6), at);
      Krpc.Response gp = (Krpc.Response) client.receive().message();
      assertThat(gp.nodes6()).isNotEmpty();
      assertThat(gp.nodes6().length % NodeInfo.COMPACT6_LENGTH).isZero();
      assertThat(gp.token()).isNotNull();
    }
  }

  @Test
  void anIpv4NodeIgnoresWantN6AndKeepsIpv6NodesOut() throws Exception {
    DhtNode node = DhtNode.start(DhtConfig.loopback());
    nodes.add(node);
    InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), node.port());
    try (UdpClient client = new UdpClient()) {
      client.send(new Krpc.FindNode(bytes("f1"), NodeId.random(), NodeId.random(), false, Krpc.WANT_N6), at);
      Krpc.Response r = (Krpc.Response) client.receive().message();
      assertThat(r.nodes6()).isNull();
      assertThat(r.nodes()).as("want without n4: no nodes either").isNull();
      client.send(new Krpc.FindNode(bytes("f2"), NodeId.random(), NodeId.random(), false), at);
      assertThat(((Krpc.Response) client.receive().message()).nodes()).as("plain BEP 5 query").isNotNull();
    }
  }

  /** Ten nodes on ::1: each joins through node 0; one announces, another finds it. */
  @Test
  void aDhtOnIpv6LoopbackFindsTheAnnouncer() throws Exception {
    InetAddress lo6 = v6Loopback();
    for (int i = 0; i < 10; i++) {
      DhtNode n = DhtNode.start(DhtConfig.loopback().withBindAddress(lo6));
      nodes.add(n);
      if (i > 0) {
        n.bootstrap(List.of(new InetSocketAddress(lo6, nodes.get(0).port()))).get(30, TimeUnit.SECONDS);
      }
    }
    for (DhtNode n : nodes) {
      n.bootstrap(List.of()).get(30, TimeUnit.SECONDS);
      assertThat(n.knownNodes()).allMatch(a -> a.getAddress() instanceof Inet6Address);
    }
    assertThat(nodes.get(3).announce(HASH, 7000).get(30, TimeUnit.SECONDS)).isPositive();
    List<InetSocketAddress> found = nodes.get(8).getPeers(HASH, p -> {}).get(30, TimeUnit.SECONDS);
    assertThat(found).contains(new InetSocketAddress(lo6, 7000));
  }
}
