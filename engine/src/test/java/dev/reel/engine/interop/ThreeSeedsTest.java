package dev.reel.engine.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.Torrent;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.metainfo.TorrentCreator;
import dev.reel.engine.testkit.LibtorrentPeer;
import dev.reel.engine.testkit.OpenTracker;
import dev.reel.engine.testkit.Poll;
import dev.reel.engine.testkit.Swarm;
import dev.reel.engine.testkit.TestData;
import dev.reel.engine.testkit.Tools;
import dev.reel.engine.testkit.TransmissionPeer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three seeds of different clients at once: pieces arrive from libtorrent, Transmission and aria2 in one download.
 * Transmission and aria2 unchoke on 10 s cycles, so a fast libtorrent alone would finish before they send anything:
 * Transmission and aria2 are rate-capped, and the (uncapped) libtorrent seed is dialed only once the two others have
 * delivered payload. Contributions are read from {@code Torrent.peers()} (per-peer downloaded bytes), sampled during
 * the download.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ThreeSeedsTest {
  private static final int PIECE = 64 * 1024;
  /** At {@link #SLOW_KIB}, one slow seed alone would need ~50 s: plenty is left for libtorrent when it joins. */
  private static final long SIZE = 5L * 1024 * 1024 + 999;
  private static final int SLOW_KIB = 96;

  @TempDir Path tmp;

  @Test
  void piecesArriveFromLibtorrentTransmissionAndAria2(TestInfo info) throws Exception {
    Tools.requirePythonLibtorrent();
    Tools.requireAria2();
    Tools.requireTransmission();
    Tools.requireOpenTracker();
    try (Swarm swarm = Swarm.forTest(info); Engine reel = Interop.engine(tmp.resolve("reel"), null)) {
      OpenTracker tracker = swarm.tracker(List.of());
      Path file = TestData.file(tmp.resolve("lt/big.bin"), SIZE, 404);
      for (String client : List.of("tr", "aria")) {
        Files.createDirectories(tmp.resolve(client));
        Files.copy(file, tmp.resolve(client).resolve("big.bin"));
      }
      byte[] bytes = TorrentCreator.forPath(file).pieceLength(PIECE).addTracker(tracker.announceUrl()).build();
      Metainfo meta = Metainfo.parse(bytes);
      Path torrent = Files.write(tmp.resolve("big.torrent"), bytes);
      // Transmission stays off the tracker: aria2 would otherwise dial it and take its one connection per IP.
      Path trackerless = Files.write(tmp.resolve("big-no-tracker.torrent"),
          Metainfo.fromInfoBytes(meta.infoBytes(), List.of(), List.of()).toTorrentBytes());
      tracker.allow(meta.infoHash());

      TransmissionPeer tr = swarm.transmission("tr-seed");
      tr.upLimitKBps(SLOW_KIB);
      tr.seed(trackerless, tmp.resolve("tr"));
      swarm.aria2("aria2-seed").upKiBps(SLOW_KIB).seed(torrent, tmp.resolve("aria"));
      LibtorrentPeer lt = swarm.libtorrent("lt-seed").noTracker().seed(torrent, tmp.resolve("lt"));
      tracker.awaitPeers(meta.infoHash(), 1, Interop.TIMEOUT); // aria2

      Torrent t = reel.add(meta, AddOptions.DEFAULT.withPeers(List.of(tr.peerAddress())));
      try (Interop.PeerBytes from = new Interop.PeerBytes(t,
          p -> Interop.clientOf(p, lt.listenAddress(), tr.peerAddress()))) {
        Poll.until(Interop.TIMEOUT, "payload from Transmission and aria2", from::toString,
            () -> from.downloadedFrom("transmission") > 0 && from.downloadedFrom("aria2") > 0);
        t.addPeer(lt.listenAddress());
        t.completion().get(Interop.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        TestData.assertSameTree(file, tmp.resolve("reel/data/big.bin"));
        // The uncapped libtorrent seed can deliver the rest between two 50 ms samples of peers() and be gone (seeds
        // part once we are complete), so its side of the count is the one to trust: its own upload counter.
        Poll.until(Interop.TIMEOUT, "libtorrent reports payload sent to us", from::toString,
            () -> from.downloadedFrom("libtorrent") > 0 || lt.uploaded() > 0);
        assertThat(from.downloadedFrom("transmission")).as("%s", from).isPositive();
        assertThat(from.downloadedFrom("aria2")).as("%s", from).isPositive();
      }
    }
  }
}
