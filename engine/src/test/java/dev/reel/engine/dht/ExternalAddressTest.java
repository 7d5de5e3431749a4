package dev.reel.engine.dht;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.net.CompactPeers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** BEP 42: our external address is voted from the {@code ip} field of responses, and our id follows it. */
class ExternalAddressTest {
  private static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  @Test
  void majorityOfDistinctRespondersWins() throws Exception {
    ExternalAddressVoter v = new ExternalAddressVoter();
    InetAddress ours = ip("203.0.113.7");
    InetAddress liar = ip("198.51.100.66");
    assertThat(v.vote(ip("192.0.2.1"), ours)).isEmpty();
    assertThat(v.vote(ip("192.0.2.1"), ours)).as("one voter, one vote").isEmpty();
    assertThat(v.vote(ip("192.0.2.2"), ours)).isEmpty();
    assertThat(v.vote(ip("192.0.2.3"), ours)).contains(ours);
    v.vote(ip("192.0.2.4"), liar);
    v.vote(ip("192.0.2.5"), liar);
    assertThat(v.winner()).contains(ours);
    v.vote(ip("192.0.2.6"), liar);
    assertThat(v.winner()).as("3 against 3 is no majority").isEmpty();
  }

  @Test
  void nodeTakesABep42IdOnceThreeRespondersAgree() throws Exception {
    InetSocketAddress external = new InetSocketAddress("203.0.113.7", 6881);
    try (DhtNode node = DhtNode.start(DhtConfig.loopback());
        UdpClient a = new UdpClient("127.0.0.1");
        UdpClient b = new UdpClient("127.0.0.2");
        UdpClient c = new UdpClient("127.0.0.3")) {
      NodeId before = node.id();
      InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), node.port());
      var done = node.bootstrap(List.of(a.address(), b.address(), c.address()));
      for (UdpClient u : List.of(a, b, c)) {
        Krpc q = u.receive().message();
        assertThat(q).isInstanceOf(Krpc.FindNode.class);
        u.send(new Krpc.Response(q.txn(), NodeId.random(), null, null, null, CompactPeers.encode(external)), at);
      }
      done.get(30, TimeUnit.SECONDS);
      assertThat(node.externalAddress()).isEqualTo(Optional.of(external.getAddress()));
      assertThat(node.id()).isNotEqualTo(before);
      assertThat(Bep42.isCompliant(node.id(), external.getAddress())).isTrue();
      assertThat(node.routingTableSize()).as("contacts kept across the id change").isEqualTo(3);
    }
  }

  @Test
  void configuredIdIsKept() throws Exception {
    NodeId fixed = NodeId.random();
    InetSocketAddress external = new InetSocketAddress("203.0.113.7", 6881);
    try (DhtNode node = DhtNode.start(DhtConfig.loopback().withId(fixed));
        UdpClient a = new UdpClient("127.0.0.1");
        UdpClient b = new UdpClient("127.0.0.2");
        UdpClient c = new UdpClient("127.0.0.3")) {
      InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), node.port());
      var done = node.bootstrap(List.of(a.address(), b.address(), c.address()));
      for (UdpClient u : List.of(a, b, c)) {
        Krpc q = u.receive().message();
        u.send(new Krpc.Response(q.txn(), NodeId.random(), null, null, null, CompactPeers.encode(external)), at);
      }
      done.get(30, TimeUnit.SECONDS);
      assertThat(node.externalAddress()).contains(external.getAddress());
      assertThat(node.id()).isEqualTo(fixed);
    }
  }
}
