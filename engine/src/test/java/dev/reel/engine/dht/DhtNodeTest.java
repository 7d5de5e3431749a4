package dev.reel.engine.dht;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.net.CompactPeers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One node on loopback, queried by hand over UDP. */
class DhtNodeTest {
  private static final InfoHash HASH = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");
  private DhtNode node;
  private InetSocketAddress at;

  @BeforeEach
  void start() throws Exception {
    node = DhtNode.start(DhtConfig.loopback().withQueryRate(1, 50));
    at = new InetSocketAddress(InetAddress.getLoopbackAddress(), node.port());
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private static byte[] txn(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  @Test
  void answersPingWithOurIdAndTheQueriersAddress() throws Exception {
    try (UdpClient c = new UdpClient()) {
      NodeId me = NodeId.random();
      c.send(new Krpc.Ping(txn("p1"), me, false), at);
      UdpClient.Received r = c.receive();
      assertThat(r.message()).isInstanceOfSatisfying(Krpc.Response.class, resp -> {
        assertThat(text(resp.txn())).isEqualTo("p1");
        assertThat(resp.id()).isEqualTo(node.id());
        assertThat(CompactPeers.decode4(resp.ip())).containsExactly(c.address());
      });
      assertThat(node.knownNodes()).containsExactly(c.address());
    }
  }

  @Test
  void malformedAndOversizedPacketsAreDroppedAndTheNodeKeepsAnswering() throws Exception {
    try (UdpClient c = new UdpClient()) {
      c.send(txn("not bencode at all"), at);
      c.send(new byte[Krpc.MAX_PACKET + 100], at);
      c.send(txn("d1:rd2:id20:abcdefghij0123456789e1:t2:zz1:y1:re"), at); // response nobody asked for
      c.send(txn("li1ei2ee"), at);
      c.send(new Krpc.Ping(txn("ok"), NodeId.random(), false), at);
      // The first reply is the ping's: nothing was sent back for the junk before it.
      assertThat(text(c.receive().message().txn())).isEqualTo("ok");
    }
  }

  @Test
  void protocolErrorsAndUnknownMethodsGetErrorReplies() throws Exception {
    try (UdpClient c = new UdpClient()) {
      c.send(txn("d1:ad2:id3:abce1:q4:ping1:t2:e11:y1:qe"), at);
      assertThat(c.receive().message()).isInstanceOfSatisfying(Krpc.Error.class, e -> {
        assertThat(text(e.txn())).isEqualTo("e1");
        assertThat(e.code()).isEqualTo(Krpc.PROTOCOL_ERROR);
      });
      c.send(txn("d1:ad2:id20:abcdefghij0123456789e1:q6:vote!!1:t2:e21:y1:qe"), at);
      assertThat(c.receive().message()).isInstanceOfSatisfying(Krpc.Error.class,
          e -> assertThat(e.code()).isEqualTo(Krpc.METHOD_UNKNOWN));
    }
  }

  @Test
  void announceWithAValidTokenIsStoredAndSpoofedTokensAreRefused() throws Exception {
    try (UdpClient a = new UdpClient("127.0.0.1"); UdpClient b = new UdpClient("127.0.0.2")) {
      NodeId idA = NodeId.random();
      a.send(new Krpc.GetPeers(txn("g1"), idA, HASH, false), at);
      Krpc.Response first = (Krpc.Response) a.receive().message();
      assertThat(first.token()).isNotNull();
      assertThat(first.values()).isNull();

      // b replays a's token from another IP: refused with 203, nothing stored.
      b.send(new Krpc.AnnouncePeer(txn("s1"), NodeId.random(), HASH, 7000, first.token(), false, false), at);
      assertThat(b.receive().message()).isInstanceOfSatisfying(Krpc.Error.class,
          e -> assertThat(e.code()).isEqualTo(Krpc.PROTOCOL_ERROR));
      // A made-up token from a: refused too.
      a.send(new Krpc.AnnouncePeer(txn("s2"), idA, HASH, 7001, txn("12345678"), false, false), at);
      assertThat(a.receive().message()).isInstanceOf(Krpc.Error.class);

      // The real token: stored under a's address with the given port; implied_port takes the UDP source port.
      a.send(new Krpc.AnnouncePeer(txn("a1"), idA, HASH, 7002, first.token(), false, false), at);
      assertThat(a.receive().message()).isInstanceOf(Krpc.Response.class);
      a.send(new Krpc.AnnouncePeer(txn("a2"), idA, HASH, 1, first.token(), true, false), at);
      assertThat(a.receive().message()).isInstanceOf(Krpc.Response.class);

      b.send(new Krpc.GetPeers(txn("g2"), NodeId.random(), HASH, false), at);
      Krpc.Response peers = (Krpc.Response) b.receive().message();
      assertThat(peers.peers()).containsExactlyInAnyOrder(
          new InetSocketAddress("127.0.0.1", 7002), a.address());
    }
  }

  @Test
  void perIpRateLimitAnswersOnlyTheBurst() throws Exception {
    node.close();
    node = DhtNode.start(DhtConfig.loopback().withQueryRate(0.001, 5));
    at = new InetSocketAddress(InetAddress.getLoopbackAddress(), node.port());
    try (UdpClient flood = new UdpClient("127.0.0.1"); UdpClient other = new UdpClient("127.0.0.3")) {
      for (int i = 0; i < 40; i++) {
        flood.send(new Krpc.Ping(txn("f" + i), NodeId.random(), false), at);
      }
      // Another IP is served, and its answer means the flood before it has been handled.
      other.send(new Krpc.Ping(txn("o1"), NodeId.random(), false), at);
      assertThat(text(other.receive().message().txn())).isEqualTo("o1");
      int answered = 0;
      while (flood.receive(200) != null) {
        answered++;
      }
      assertThat(answered).isEqualTo(5);
    }
  }

  @Test
  void loopbackSendersAreRateLimitedPerPortSoLocalNodesDoNotShareOneBudget() throws Exception {
    node.close();
    node = DhtNode.start(DhtConfig.loopback().withQueryRate(0.001, 5));
    at = new InetSocketAddress(InetAddress.getLoopbackAddress(), node.port());
    try (UdpClient flood = new UdpClient("127.0.0.1"); UdpClient neighbour = new UdpClient("127.0.0.1")) {
      for (int i = 0; i < 40; i++) {
        flood.send(new Krpc.Ping(txn("f" + i), NodeId.random(), false), at);
      }
      // Same IP, another port: another local node, with its own budget.
      neighbour.send(new Krpc.Ping(txn("n1"), NodeId.random(), false), at);
      assertThat(text(neighbour.receive().message().txn())).isEqualTo("n1");
      int answered = 0;
      while (flood.receive(200) != null) {
        answered++;
      }
      assertThat(answered).isEqualTo(5);
    }
  }

  /** Routers unreachable at start (no network yet, a sleeping laptop): the node must not stay empty for good. */
  @Test
  void aJoinThatReachedNobodyIsRetriedByMaintenanceThroughTheSameRouters() throws Exception {
    node.close();
    node = DhtNode.start(DhtConfig.loopback().withQueryTimeout(java.time.Duration.ofSeconds(1)));
    at = new InetSocketAddress(InetAddress.getLoopbackAddress(), node.port());
    try (UdpClient router = new UdpClient()) {
      var first = node.bootstrap(List.of(router.address()));
      assertThat(router.receive().message()).isInstanceOf(Krpc.FindNode.class); // left unanswered
      assertThat(first.get(30, TimeUnit.SECONDS)).isZero();
      // The next maintenance round (every 30 s) joins again; this time the router answers.
      UdpClient.Received again = router.receive((int) TimeUnit.NANOSECONDS.toMillis(DhtNode.MAINTENANCE_NANOS * 3));
      assertThat(again).as("a second join").isNotNull();
      assertThat(again.message()).isInstanceOf(Krpc.FindNode.class);
      router.send(Krpc.Response.of(again.message().txn(), NodeId.random()), at);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (node.routingTableSize() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(node.knownNodes()).containsExactly(router.address());
    }
  }

  /**
   * A join is ready for torrents' lookups once its self-lookup ended: here the router answers the self-lookup and then
   * stays silent, so the range refreshes hang until their queries time out, and the join is ready long before done.
   * The router's id shares 8 leading bits with ours, so the 8 farther ranges are sparse and get refreshed through it.
   */
  @Test
  void aJoinIsReadyAfterTheSelfLookupWhileItsRangeRefreshesGoOn() throws Exception {
    try (UdpClient router = new UdpClient()) {
      DhtNode.Join join = node.join(List.of(router.address()));
      UdpClient.Received self = router.receive();
      assertThat(self.message()).isInstanceOf(Krpc.FindNode.class);
      router.send(Krpc.Response.of(self.message().txn(), NodeId.randomWithPrefix(node.id(), 8)), at);
      assertThat(join.ready().get(30, TimeUnit.SECONDS)).isEqualTo(1);
      UdpClient.Received refresh = router.receive();
      assertThat(refresh.message()).as("a range refresh, left unanswered").isInstanceOf(Krpc.FindNode.class);
      assertThat(join.done()).as("the refreshes still wait for the router").isNotDone();
      assertThat(join.done().get(60, TimeUnit.SECONDS)).isEqualTo(1);
    }
  }

  @Test
  void responsesFromAnAddressWeDidNotQueryAreDropped() throws Exception {
    try (UdpClient real = new UdpClient(); UdpClient impostor = new UdpClient()) {
      var done = node.bootstrap(List.of(real.address()));
      UdpClient.Received q = real.receive();
      assertThat(q.message()).isInstanceOf(Krpc.FindNode.class);
      // The impostor answers the transaction first, with the right txn id.
      impostor.send(Krpc.Response.of(q.message().txn(), NodeId.random()), at);
      NodeId realId = NodeId.random();
      real.send(Krpc.Response.of(q.message().txn(), realId), at);
      done.get(30, TimeUnit.SECONDS);
      assertThat(node.knownNodes()).containsExactly(real.address());
    }
  }

  @Test
  void localNodesAreIgnoredUnlessAllowed() throws Exception {
    try (DhtNode strict = DhtNode.start(DhtConfig.loopback().withAllowLocal(false));
        UdpClient c = new UdpClient()) {
      InetSocketAddress strictAt = new InetSocketAddress(InetAddress.getLoopbackAddress(), strict.port());
      c.send(new Krpc.Ping(txn("p1"), NodeId.random(), false), strictAt);
      assertThat(c.receive().message()).as("still answered").isInstanceOf(Krpc.Response.class);
      assertThat(strict.routingTableSize()).as("but not added").isZero();
      // Bootstrapping from a local address sends nothing and ends at once.
      assertThat(strict.bootstrap(List.of(c.address())).get(30, TimeUnit.SECONDS)).isZero();
      assertThat(c.receive(200)).isNull();
    }
  }
}
