package dev.reel.engine.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.metainfo.InfoHash;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the test kit: reference clients exchange real data with each other on loopback (our engine is not
 * involved). Each test checks that what the downloader wrote is byte-identical to the seed's data.
 */
class ReferenceClientsInteropTest {
  private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(2);
  private static final int PIECE_LOG2 = 17; // 128 KiB
  private static final long SINGLE_FILE_SIZE = 3L * 1024 * 1024 + 12_345; // last piece is short

  @TempDir Path tmp;

  @Test
  void libtorrentSeedsMultiFileTreeToAria2ThroughOpenTracker(TestInfo info) {
    Tools.requirePythonLibtorrent();
    Tools.requireAria2();
    Tools.requireOpenTracker();
    Tools.requireMktorrent();
    Path content = TestData.tree(tmp.resolve("seed/content"), 1 << PIECE_LOG2, 42);
    try (Swarm swarm = Swarm.forTest(info)) {
      OpenTracker tracker = swarm.tracker(List.of());
      Path torrent = MkTorrent.of(content).pieceLengthLog2(PIECE_LOG2).announce(tracker.announceUrl())
          .create(tmp.resolve("content.torrent"), swarm.logDir());
      tracker.allow(MkTorrent.infoHash(torrent));

      swarm.libtorrent("lt-seed").seed(torrent, tmp.resolve("seed"));
      Aria2Peer aria = swarm.aria2("aria2-dl").download(torrent, tmp.resolve("dl"));
      aria.awaitComplete(DOWNLOAD_TIMEOUT);

      TestData.assertSameTree(content, tmp.resolve("dl/content"));
    }
  }

  @Test
  void transmissionSeedsToLibtorrentThatDialsItDirectly(TestInfo info) {
    Tools.requirePythonLibtorrent();
    Tools.requireTransmission();
    Tools.requireMktorrent();
    Path file = TestData.file(tmp.resolve("seed/video.bin"), SINGLE_FILE_SIZE, 7);
    try (Swarm swarm = Swarm.forTest(info)) {
      Path torrent = MkTorrent.of(file).pieceLengthLog2(PIECE_LOG2).create(tmp.resolve("video.torrent"), swarm.logDir());

      TransmissionPeer tr = swarm.transmission("tr-seed").seed(torrent, tmp.resolve("seed"));
      LibtorrentPeer lt = swarm.libtorrent("lt-dl").noTracker().peer(tr.peerAddress())
          .download(torrent, tmp.resolve("dl"));
      lt.awaitComplete(DOWNLOAD_TIMEOUT);

      TestData.assertSameTree(file, tmp.resolve("dl/video.bin"));
    }
  }

  @Test
  void aria2SeedsToTransmissionByDialingThePeerItLearnsFromTheTracker(TestInfo info) {
    Tools.requireAria2();
    Tools.requireTransmission();
    Tools.requireOpenTracker();
    Tools.requireMktorrent();
    Path file = TestData.file(tmp.resolve("seed/video.bin"), SINGLE_FILE_SIZE, 8);
    try (Swarm swarm = Swarm.forTest(info)) {
      OpenTracker tracker = swarm.tracker(List.of());
      Path torrent = MkTorrent.of(file).pieceLengthLog2(PIECE_LOG2).announce(tracker.announceUrl())
          .create(tmp.resolve("video.torrent"), swarm.logDir());
      InfoHash ih = MkTorrent.infoHash(torrent);
      tracker.allow(ih);

      // Transmission announces first; the aria2 seed then gets its address from the tracker and dials it
      // (Transmission itself never dials a 127.x peer learnt from a tracker). Waiting for the announce saves
      // aria2's 10 s re-announce.
      TransmissionPeer tr = swarm.transmission("tr-dl").download(torrent, tmp.resolve("dl"));
      tracker.awaitPeers(ih, 1, Duration.ofSeconds(30));
      swarm.aria2("aria2-seed").seed(torrent, tmp.resolve("seed"));
      tr.awaitComplete(DOWNLOAD_TIMEOUT);

      TestData.assertSameTree(file, tmp.resolve("dl/video.bin"));
    }
  }

  @Test
  void libtorrentDownloadsFromAMagnetFromAPeerItIsToldToDial(TestInfo info) {
    Tools.requirePythonLibtorrent();
    Tools.requireMktorrent();
    Path file = TestData.file(tmp.resolve("seed/clip.bin"), SINGLE_FILE_SIZE, 9);
    try (Swarm swarm = Swarm.forTest(info)) {
      Path torrent = MkTorrent.of(file).pieceLengthLog2(PIECE_LOG2).create(tmp.resolve("clip.torrent"), swarm.logDir());
      InfoHash ih = MkTorrent.infoHash(torrent);

      LibtorrentPeer seed = swarm.libtorrent("lt-seed").noTracker().seed(torrent, tmp.resolve("seed"));
      LibtorrentPeer dl = swarm.libtorrent("lt-magnet").noTracker()
          .downloadMagnet(MkTorrent.magnet(ih, "clip.bin", List.of(), List.of()), tmp.resolve("dl"));
      dl.connectTo(seed.listenAddress()); // stdin command, after start
      dl.awaitComplete(DOWNLOAD_TIMEOUT);

      assertThat(dl.hasMetadata()).isTrue();
      TestData.assertSameTree(file, tmp.resolve("dl/clip.bin"));
    }
  }

  @Test
  void libtorrentFindsALibtorrentSeedThroughTheUdpTracker(TestInfo info) {
    Tools.requirePythonLibtorrent();
    Tools.requireOpenTracker();
    Tools.requireMktorrent();
    Path file = TestData.file(tmp.resolve("seed/udp.bin"), SINGLE_FILE_SIZE, 10);
    try (Swarm swarm = Swarm.forTest(info)) {
      OpenTracker tracker = swarm.tracker(List.of());
      Path torrent = MkTorrent.of(file).pieceLengthLog2(PIECE_LOG2).announce(tracker.udpAnnounceUrl())
          .create(tmp.resolve("udp.torrent"), swarm.logDir());
      tracker.allow(MkTorrent.infoHash(torrent));

      swarm.libtorrent("lt-seed").seed(torrent, tmp.resolve("seed"));
      LibtorrentPeer dl = swarm.libtorrent("lt-dl").download(torrent, tmp.resolve("dl"));
      dl.awaitComplete(DOWNLOAD_TIMEOUT);

      TestData.assertSameTree(file, tmp.resolve("dl/udp.bin"));
    }
  }
}
