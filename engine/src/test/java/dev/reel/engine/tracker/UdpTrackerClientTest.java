package dev.reel.engine.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.net.CompactPeers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The BEP 15 client against {@link FakeUdpTracker}, with a 200 ms base timeout and a hand-moved clock. */
class UdpTrackerClientTest {
  private static final InfoHash HASH = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");
  private static final byte[] PEER_ID = "-RL0001-123456789012".getBytes(StandardCharsets.US_ASCII);
  private static final int CONNECT = 0;
  private static final int ANNOUNCE = 1;

  private final AtomicLong clock = new AtomicLong();
  private FakeUdpTracker tracker;

  @BeforeEach
  void start() throws Exception {
    tracker = FakeUdpTracker.onLoopback();
  }

  @AfterEach
  void stop() throws Exception {
    tracker.close();
  }

  private TrackerClient client(int maxRetries) throws TrackerException {
    return Trackers.open(tracker.uri(), new UdpTrackerClient.Config(Duration.ofMillis(200), maxRetries, clock::get));
  }

  private static AnnounceRequest request(AnnounceEvent event) {
    return new AnnounceRequest(HASH, PEER_ID, 51413, 111, 222, 333, event, 25, 0x7eadbeef);
  }

  @Test
  void announceRequestHasTheBep15LayoutAndPeersAreParsed() throws Exception {
    var p1 = new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 6881);
    var p2 = new InetSocketAddress(InetAddress.getByName("10.0.0.2"), 6882);
    tracker.script(r -> r.action() == ANNOUNCE
        ? List.of(FakeUdpTracker.announceReply(r.transactionId(), 900, 4, 9, CompactPeers.encode4(List.of(p1, p2))))
        : FakeUdpTracker.standard(r));
    try (TrackerClient c = client(2)) {
      AnnounceResponse r = c.announce(request(AnnounceEvent.STARTED));
      assertThat(r.interval()).isEqualTo(Duration.ofSeconds(900));
      assertThat(r.leechers()).hasValue(4);
      assertThat(r.seeders()).hasValue(9);
      assertThat(r.peers()).containsExactly(p1, p2);
    }
    FakeUdpTracker.Received connect = tracker.received().get(0);
    assertThat(ByteBuffer.wrap(connect.packet()).getLong(0)).isEqualTo(UdpTrackerClient.PROTOCOL_ID);
    ByteBuffer a = ByteBuffer.wrap(tracker.received().get(1).packet());
    assertThat(a.capacity()).isEqualTo(98);
    assertThat(a.getLong(0)).isEqualTo(FakeUdpTracker.CONNECTION_ID);
    assertThat(Arrays.copyOfRange(a.array(), 16, 36)).isEqualTo(HASH.bytes());
    assertThat(Arrays.copyOfRange(a.array(), 36, 56)).isEqualTo(PEER_ID);
    assertThat(a.getLong(56)).isEqualTo(222); // downloaded
    assertThat(a.getLong(64)).isEqualTo(333); // left
    assertThat(a.getLong(72)).isEqualTo(111); // uploaded
    assertThat(a.getInt(80)).isEqualTo(2); // started
    assertThat(a.getInt(84)).isZero(); // IP: default
    assertThat(a.getInt(88)).isEqualTo(0x7eadbeef);
    assertThat(a.getInt(92)).isEqualTo(25);
    assertThat(a.getShort(96) & 0xffff).isEqualTo(51413);
  }

  @Test
  void transactionIdsDiffer() throws Exception {
    try (TrackerClient c = client(2)) {
      c.announce(request(AnnounceEvent.NONE));
      c.announce(request(AnnounceEvent.NONE));
    }
    assertThat(tracker.received().stream().map(FakeUdpTracker.Received::transactionId).distinct()).hasSize(3);
  }

  @Test
  void connectionIdIsReusedWithinAMinute() throws Exception {
    try (TrackerClient c = client(2)) {
      c.announce(request(AnnounceEvent.STARTED));
      clock.addAndGet(Duration.ofSeconds(59).toNanos());
      c.announce(request(AnnounceEvent.NONE));
    }
    assertThat(tracker.actions()).containsExactly(CONNECT, ANNOUNCE, ANNOUNCE);
  }

  @Test
  void connectionIdIsRenewedAfterAMinute() throws Exception {
    try (TrackerClient c = client(2)) {
      c.announce(request(AnnounceEvent.STARTED));
      clock.addAndGet(Duration.ofSeconds(61).toNanos());
      c.announce(request(AnnounceEvent.NONE));
    }
    assertThat(tracker.actions()).containsExactly(CONNECT, ANNOUNCE, CONNECT, ANNOUNCE);
  }

  @Test
  void retransmitsWhenPacketsAreDropped() throws Exception {
    AtomicInteger connects = new AtomicInteger();
    AtomicInteger announces = new AtomicInteger();
    tracker.script(r -> {
      if (r.action() == CONNECT && connects.incrementAndGet() <= 2) {
        return List.of();
      }
      if (r.action() == ANNOUNCE && announces.incrementAndGet() <= 1) {
        return List.of();
      }
      return FakeUdpTracker.standard(r);
    });
    try (TrackerClient c = client(4)) {
      assertThat(c.announce(request(AnnounceEvent.STARTED)).interval()).isEqualTo(Duration.ofSeconds(1800));
    }
    // Connection id still valid after the lost announce: no new connect for the retry.
    assertThat(tracker.actions()).containsExactly(CONNECT, CONNECT, CONNECT, ANNOUNCE, ANNOUNCE);
  }

  @Test
  void givesUpAfterTheLastRetry() throws Exception {
    tracker.script(r -> List.of());
    try (TrackerClient c = client(1)) {
      assertThatThrownBy(() -> c.announce(request(AnnounceEvent.STARTED)))
          .isInstanceOf(TrackerException.class)
          .hasMessageContaining("did not answer after 2 attempts");
    }
    assertThat(tracker.actions()).containsExactly(CONNECT, CONNECT);
  }

  @Test
  void repliesWithAnotherTransactionIdAreIgnored() throws Exception {
    tracker.script(r -> r.action() == ANNOUNCE
        ? List.of(FakeUdpTracker.announceReply(r.transactionId() + 1, 11, 0, 0, new byte[0]),
            FakeUdpTracker.error(r.transactionId() ^ 0x5555, "not for you"),
            FakeUdpTracker.announceReply(r.transactionId(), 22, 0, 0, new byte[0]))
        : FakeUdpTracker.standard(r));
    try (TrackerClient c = client(0)) {
      assertThat(c.announce(request(AnnounceEvent.NONE)).interval()).isEqualTo(Duration.ofSeconds(22));
    }
  }

  @Test
  void errorActionBecomesTheExceptionMessage() throws Exception {
    tracker.script(r -> r.action() == ANNOUNCE
        ? List.of(FakeUdpTracker.error(r.transactionId(), "torrent not registered"))
        : FakeUdpTracker.standard(r));
    try (TrackerClient c = client(2)) {
      assertThatThrownBy(() -> c.announce(request(AnnounceEvent.STARTED)))
          .isInstanceOf(TrackerException.class)
          .hasMessage("tracker failure: torrent not registered");
    }
  }

  @Test
  void errorOnConnectIsReported() throws Exception {
    tracker.script(r -> List.of(FakeUdpTracker.error(r.transactionId(), "go away")));
    try (TrackerClient c = client(2)) {
      assertThatThrownBy(() -> c.announce(request(AnnounceEvent.STARTED))).hasMessageContaining("go away");
    }
  }

  @Test
  void truncatedAnnounceReplyIsAClearError() throws Exception {
    tracker.script(r -> r.action() == ANNOUNCE
        ? List.of(Arrays.copyOf(FakeUdpTracker.announceReply(r.transactionId(), 60, 0, 0, new byte[0]), 12))
        : FakeUdpTracker.standard(r));
    try (TrackerClient c = client(2)) {
      assertThatThrownBy(() -> c.announce(request(AnnounceEvent.STARTED)))
          .isInstanceOf(TrackerException.class)
          .hasMessageContaining("announce response of 12 bytes is shorter than its 20-byte header");
    }
  }

  @Test
  void headerOnlyAnnounceReplySaysTheTrackerDoesNotServeTheTorrent() throws Exception {
    // opentracker answers an announce for a torrent off its whitelist with just action + transaction id
    tracker.script(r -> r.action() == ANNOUNCE
        ? List.of(Arrays.copyOf(FakeUdpTracker.announceReply(r.transactionId(), 60, 0, 0, new byte[0]), 8))
        : FakeUdpTracker.standard(r));
    try (TrackerClient c = client(2)) {
      assertThatThrownBy(() -> c.announce(request(AnnounceEvent.STARTED)))
          .isInstanceOf(TrackerException.class)
          .hasMessageContaining("the tracker does not serve this torrent");
    }
  }

  @Test
  void truncatedConnectReplyIsAClearError() throws Exception {
    tracker.script(r -> List.of(Arrays.copyOf(FakeUdpTracker.connectReply(r.transactionId()), 12)));
    try (TrackerClient c = client(2)) {
      assertThatThrownBy(() -> c.announce(request(AnnounceEvent.STARTED)))
          .isInstanceOf(TrackerException.class)
          .hasMessageContaining("connect response of 12 bytes is shorter than 16");
    }
  }

  @Test
  void packetsTooShortToMatchAndOversizedOnesAreDropped() throws Exception {
    tracker.script(r -> r.action() == ANNOUNCE
        ? List.of(new byte[] {0, 0, 0, 1},
            FakeUdpTracker.announceReply(r.transactionId(), 33, 0, 0, new byte[UdpTrackerClient.MAX_PACKET]),
            FakeUdpTracker.announceReply(r.transactionId(), 44, 0, 0, new byte[0]))
        : FakeUdpTracker.standard(r));
    try (TrackerClient c = client(0)) {
      assertThat(c.announce(request(AnnounceEvent.NONE)).interval()).isEqualTo(Duration.ofSeconds(44));
    }
  }

  @Test
  void trailingPartialPeerIsIgnored() throws Exception {
    var p = new InetSocketAddress(InetAddress.getByName("10.9.8.7"), 1234);
    byte[] peers = Arrays.copyOf(CompactPeers.encode4(List.of(p)), 10);
    tracker.script(r -> r.action() == ANNOUNCE
        ? List.of(FakeUdpTracker.announceReply(r.transactionId(), 60, 0, 0, peers))
        : FakeUdpTracker.standard(r));
    try (TrackerClient c = client(0)) {
      assertThat(c.announce(request(AnnounceEvent.NONE)).peers()).containsExactly(p);
    }
  }

  @Test
  void scrapeParsesCountsInRequestOrder() throws Exception {
    InfoHash other = InfoHash.fromHex("ffffffffffffffffffffffffffffffffffffffff");
    tracker.script(r -> r.action() == 2
        ? List.of(ByteBuffer.allocate(32).putInt(2).putInt(r.transactionId()).putInt(5).putInt(50).putInt(2)
            .putInt(0).putInt(1).putInt(3).array())
        : FakeUdpTracker.standard(r));
    try (TrackerClient c = client(1)) {
      Map<InfoHash, ScrapeResult> m = c.scrape(List.of(HASH, other));
      assertThat(m).containsEntry(HASH, new ScrapeResult(5, 50, 2)).containsEntry(other, new ScrapeResult(0, 1, 3));
    }
    byte[] req = tracker.received().get(1).packet();
    assertThat(req).hasSize(16 + 40);
    assertThat(Arrays.copyOfRange(req, 16, 36)).isEqualTo(HASH.bytes());
  }

  @Test
  void truncatedScrapeReplyIsAClearError() throws Exception {
    tracker.script(r -> r.action() == 2
        ? List.of(ByteBuffer.allocate(20).putInt(2).putInt(r.transactionId()).putInt(5).putInt(50).putInt(2).array())
        : FakeUdpTracker.standard(r));
    try (TrackerClient c = client(1)) {
      assertThatThrownBy(() -> c.scrape(List.of(HASH, HASH)))
          .isInstanceOf(TrackerException.class)
          .hasMessageContaining("scrape response of 20 bytes is truncated");
    }
  }

  @Test
  void ipv6TrackerRepliesCarry18BytePeers() throws Exception {
    FakeUdpTracker v6;
    try {
      v6 = new FakeUdpTracker(new InetSocketAddress(InetAddress.getByName("::1"), 0));
    } catch (java.io.IOException e) {
      Assumptions.abort("no IPv6 loopback here: " + e.getMessage());
      return;
    }
    var peer = new InetSocketAddress(InetAddress.getByName("2001:db8::7"), 6881);
    v6.script(r -> r.action() == ANNOUNCE
        ? List.of(FakeUdpTracker.announceReply(r.transactionId(), 60, 0, 0, CompactPeers.encode6(List.of(peer))))
        : FakeUdpTracker.standard(r));
    try (v6; TrackerClient c = Trackers.open(v6.uri(),
        new UdpTrackerClient.Config(Duration.ofMillis(200), 1, clock::get))) {
      assertThat(c.announce(request(AnnounceEvent.NONE)).peers()).containsExactly(peer);
    }
  }

  @Test
  void interruptAbortsAWaitingRequest() throws Exception {
    tracker.script(r -> List.of());
    try (TrackerClient c = client(8)) {
      var error = new java.util.concurrent.atomic.AtomicReference<Throwable>();
      Thread t = Thread.ofVirtual().start(() -> {
        try {
          c.announce(request(AnnounceEvent.STARTED));
        } catch (Throwable e) {
          error.set(e);
        }
      });
      while (tracker.received().isEmpty()) {
        Thread.sleep(5);
      }
      t.interrupt();
      t.join();
      assertThat(error.get()).isInstanceOf(InterruptedException.class);
    }
  }
}
