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
  private static OpenTrackerProcess tracker;

  @BeforeAll
  static void startTracker() throws Exception {
    OpenTrackerProcess.assumeInstalled();
    tracker = OpenTrackerProcess.start(List.of(HTTP_TORRENT, UDP_TORRENT));
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
