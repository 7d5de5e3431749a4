package dev.reel.engine.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.Torrent;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.metainfo.TorrentCreator;
import dev.reel.engine.testkit.Aria2Peer;
import dev.reel.engine.testkit.LibtorrentPeer;
import dev.reel.engine.testkit.OpenTracker;
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
 * Reel seeds one single-file torrent (our TorrentCreator, 64 KiB pieces) to a Transmission downloader while a
 * libtorrent and then an aria2 downloader come and go: libtorrent and aria2 learn us from opentracker and dial us;
 * Transmission gets a copy of the .torrent without the tracker (same info dictionary, so same info-hash) and is dialed
 * by us, so that no other loopback client takes its one connection per IP. Each completes with identical bytes and
 * got payload from us. The
 * multi-file seeding cases per client are in {@code session.LibtorrentInteropTest} and {@code
 * session.ReferenceClientsTest}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SeedToReferenceClientsTest {
  private static final int PIECE = 64 * 1024;
  private static final long SIZE = 2L * 1024 * 1024 + 4321;
  private static final long UPLOAD_LIMIT = 2L * 1024 * 1024;

  @TempDir Path tmp;

  @Test
  void seedsToLibtorrentAria2AndTransmissionAtOnce(TestInfo info) throws Exception {
    Tools.requirePythonLibtorrent();
    Tools.requireAria2();
    Tools.requireTransmission();
    Tools.requireOpenTracker();
    try (Swarm swarm = Swarm.forTest(info); Engine reel = Interop.engine(tmp.resolve("reel"), null)) {
      OpenTracker tracker = swarm.tracker(List.of());
      Path file = TestData.file(tmp.resolve("reel/data/clip.bin"), SIZE, 202);
      byte[] bytes = TorrentCreator.forPath(file).pieceLength(PIECE).addTracker(tracker.announceUrl()).build();
      Metainfo meta = Metainfo.parse(bytes);
      Path torrent = Files.write(tmp.resolve("clip.torrent"), bytes);
      Path trackerless = Files.write(tmp.resolve("clip-no-tracker.torrent"),
          Metainfo.fromInfoBytes(meta.infoBytes(), List.of(), List.of()).toTorrentBytes());
      tracker.allow(meta.infoHash());

      // Capped so that each transfer lasts long enough for the sampler of Torrent.peers() to see it.
      Torrent t = reel.add(meta, AddOptions.DEFAULT.withSeedMode(true).withRateLimits(0, UPLOAD_LIMIT));
      t.completion().get(30, TimeUnit.SECONDS);
      tracker.awaitPeers(meta.infoHash(), 1, Interop.TIMEOUT); // our "started" was answered: they will find us

      TransmissionPeer tr = swarm.transmission("tr-dl");
      LibtorrentPeer lt = swarm.libtorrent("lt-dl");
      try (Interop.PeerBytes bytesOf = new Interop.PeerBytes(t,
          p -> Interop.clientOf(p, lt.listenAddress(), tr.peerAddress()))) {
        tr.download(trackerless, tmp.resolve("tr"));
        t.addPeer(tr.peerAddress());
        // libtorrent, then aria2 once libtorrent is gone, so that neither can get everything from the other
        lt.download(torrent, tmp.resolve("lt"));
        lt.awaitComplete(Interop.TIMEOUT);
        lt.close();
        Aria2Peer aria = swarm.aria2("aria2-dl").download(torrent, tmp.resolve("aria"));
        aria.awaitComplete(Interop.TIMEOUT);
        tr.awaitComplete(Interop.TIMEOUT);
        TestData.assertSameTree(file, tmp.resolve("lt/clip.bin"));
        TestData.assertSameTree(file, tmp.resolve("aria/clip.bin"));
        TestData.assertSameTree(file, tmp.resolve("tr/clip.bin"));
        for (String client : List.of("libtorrent", "aria2", "transmission")) {
          assertThat(bytesOf.uploadedTo(client)).as("payload we sent to %s; %s", client, bytesOf).isPositive();
        }
      }
      assertThat(t.status().totalUploaded()).isGreaterThanOrEqualTo(SIZE);
    }
  }
}
