package dev.reel.engine.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.metainfo.InfoHash;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Our clients against a real opentracker on loopback, over HTTP and UDP. */
class OpenTrackerInteropTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final InfoHash HTTP_TORRENT = randomHash();
  private static final InfoHash UDP_TORRENT = randomHash();
  private static final InfoHash ANNOUNCER_TORRENT = randomHash();
  private static OpenTrackerProcess tracker;

  @BeforeAll
  static void startTracker() throws Exception {
    OpenTrackerProcess.assumeInstalled();
    tracker = OpenTrackerProcess.start(List.of(HTTP_TORRENT, UDP_TORRENT, ANNOUNCER_TORRENT));
  }

  @AfterAll
  static void stopTracker() throws Exception {
    if (tracker != null) {
      tracker.close();
    }
  }

  @Test
  void httpPeersSeeEachOtherAndScrapeCountsThem() throws Exception {
    swarmOfTwo(tracker.httpAnnounce(), HTTP_TORRENT);
  }

  @Test
  void udpPeersSeeEachOtherAndScrapeCountsThem() throws Exception {
    swarmOfTwo(tracker.udpAnnounce(), UDP_TORRENT);
  }

  @Test
  void torrentOffTheWhitelistIsRefusedWithTheTrackersReason() throws Exception {
    try (TrackerClient c = Trackers.open(tracker.httpAnnounce())) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.announce(request(randomHash(), 6881)))
          .isInstanceOf(TrackerException.class)
          .hasMessageContaining("not authorized");
    }
  }

  @Test
  void torrentOffTheWhitelistIsRefusedOverUdpWithAnEmptyReply() throws Exception {
    try (TrackerClient c = Trackers.open(tracker.udpAnnounce())) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.announce(request(randomHash(), 6881)))
          .isInstanceOf(TrackerException.class)
          .hasMessageContaining("does not serve this torrent");
    }
  }

  @Test
  void twoAnnouncersFindEachOtherThroughTheTracker() throws Exception {
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    int portA = 20_000 + RANDOM.nextInt(20_000);
    int portB = portA + 1;
    var seenByA = new java.util.concurrent.CopyOnWriteArrayList<InetSocketAddress>();
    var seenByB = new java.util.concurrent.CopyOnWriteArrayList<InetSocketAddress>();
    List<List<String>> tiers = List.of(List.of(tracker.udpAnnounce().toString()),
        List.of(tracker.httpAnnounce().toString()));
    try (Announcer a = announcer(tiers, portA, seenByA::addAll);
        Announcer b = announcer(tiers, portB, seenByB::addAll)) {
      a.start();
      await(() -> a.status().getFirst().lastAnnounce().isPresent());
      b.start();
      await(() -> seenByB.contains(new InetSocketAddress(lo, portA)));
      a.announceNow(); // A asks for more peers; opentracker's min interval is not sent over UDP
      await(() -> seenByA.contains(new InetSocketAddress(lo, portB)));
    }
  }

  private static Announcer announcer(List<List<String>> tiers, int port,
      java.util.function.Consumer<List<InetSocketAddress>> onPeers) {
    byte[] peerId = new byte[20];
    RANDOM.nextBytes(peerId);
    return new Announcer(ANNOUNCER_TORRENT, tiers, peerId, port, () -> new TransferStats(0, 0, 1000), onPeers,
        new Announcer.Timing(java.time.Duration.ofMillis(50), java.time.Duration.ofHours(1),
            java.time.Duration.ofMillis(100), java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(2), 2));
  }

  private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 15 s");
      }
      Thread.sleep(10);
    }
  }

  private static void swarmOfTwo(URI url, InfoHash torrent) throws Exception {
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    // Two fake peers: only the announced port differs (opentracker keys peers by address and port).
    int portA = 20_000 + RANDOM.nextInt(20_000);
    int portB = portA + 1;
    try (TrackerClient a = Trackers.open(url); TrackerClient b = Trackers.open(url)) {
      a.announce(request(torrent, portA));
      AnnounceResponse rb = b.announce(request(torrent, portB));
      assertThat(rb.peers()).contains(new InetSocketAddress(lo, portA));
      AnnounceResponse ra = a.announce(request(torrent, portA));
      assertThat(ra.peers()).contains(new InetSocketAddress(lo, portB));
      assertThat(ra.interval()).isPositive();
      assertThat(ra.leechers()).hasValue(2);

      Map<InfoHash, ScrapeResult> scrape = a.scrape(List.of(torrent));
      assertThat(scrape).containsKey(torrent);
      assertThat(scrape.get(torrent).leechers()).isEqualTo(2);
      assertThat(scrape.get(torrent).seeders()).isZero();
    }
  }

  private static AnnounceRequest request(InfoHash torrent, int port) {
    byte[] peerId = new byte[20];
    RANDOM.nextBytes(peerId);
    return new AnnounceRequest(torrent, peerId, port, 0, 0, 1000, AnnounceEvent.STARTED, 50, RANDOM.nextInt());
  }

  private static InfoHash randomHash() {
    byte[] b = new byte[20];
    RANDOM.nextBytes(b);
    return InfoHash.of(b);
  }
}
