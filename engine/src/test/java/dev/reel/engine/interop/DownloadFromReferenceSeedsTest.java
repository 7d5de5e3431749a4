package dev.reel.engine.interop;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.Torrent;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.testkit.MkTorrent;
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
 * Reel downloads a single-file torrent made by mktorrent (128 KiB pieces, short last piece) from a seed of each
 * reference client: libtorrent and aria2 found through opentracker, Transmission dialed by us (it never dials loopback
 * peers). The nested multi-file case ({@link TestData#tree}) from each client is in
 * {@code session.LibtorrentInteropTest} and {@code session.ReferenceClientsTest}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DownloadFromReferenceSeedsTest {
  private static final int PIECE_LOG2 = 17;
  private static final long SIZE = 3L * 1024 * 1024 + 12_345;

  @TempDir Path tmp;

  /** The seed's file and a mktorrent .torrent for it announcing to {@code tracker} (if any). */
  private record Content(Path file, Path torrent, Metainfo meta) {}

  private Content content(Swarm swarm, OpenTracker tracker) throws Exception {
    Tools.requireMktorrent();
    Path file = TestData.file(tmp.resolve("seed/movie.bin"), SIZE, 101);
    MkTorrent mk = MkTorrent.of(file).pieceLengthLog2(PIECE_LOG2);
    if (tracker != null) {
      mk.announce(tracker.announceUrl());
    }
    Path torrent = mk.create(tmp.resolve("movie.torrent"), swarm.logDir());
    Metainfo meta = Metainfo.parse(Files.readAllBytes(torrent));
    if (tracker != null) {
      tracker.allow(meta.infoHash());
    }
    return new Content(file, torrent, meta);
  }

  @Test
  void singleFileFromLibtorrentSeedFoundThroughTheTracker(TestInfo info) throws Exception {
    Tools.requirePythonLibtorrent();
    Tools.requireOpenTracker();
    try (Swarm swarm = Swarm.forTest(info); Engine reel = Interop.engine(tmp.resolve("reel"), null)) {
      OpenTracker tracker = swarm.tracker(List.of());
      Content c = content(swarm, tracker);
      swarm.libtorrent("lt-seed").seed(c.torrent(), tmp.resolve("seed"));
      tracker.awaitPeers(c.meta().infoHash(), 1, Interop.TIMEOUT); // else our first announce could miss it
      Torrent t = reel.add(c.meta(), AddOptions.DEFAULT);
      t.completion().get(Interop.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      TestData.assertSameTree(c.file(), tmp.resolve("reel/data/movie.bin"));
    }
  }

  @Test
  void singleFileFromTransmissionSeedThatWeDial(TestInfo info) throws Exception {
    Tools.requireTransmission();
    try (Swarm swarm = Swarm.forTest(info); Engine reel = Interop.engine(tmp.resolve("reel"), null)) {
      Content c = content(swarm, null);
      TransmissionPeer tr = swarm.transmission("tr-seed").seed(c.torrent(), tmp.resolve("seed"));
      Torrent t = reel.add(c.meta(), AddOptions.DEFAULT.withPeers(List.of(tr.peerAddress())));
      t.completion().get(Interop.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      TestData.assertSameTree(c.file(), tmp.resolve("reel/data/movie.bin"));
    }
  }

  @Test
  void singleFileFromAria2SeedFoundThroughTheTracker(TestInfo info) throws Exception {
    Tools.requireAria2();
    Tools.requireOpenTracker();
    try (Swarm swarm = Swarm.forTest(info); Engine reel = Interop.engine(tmp.resolve("reel"), null)) {
      OpenTracker tracker = swarm.tracker(List.of());
      Content c = content(swarm, tracker);
      swarm.aria2("aria2-seed").seed(c.torrent(), tmp.resolve("seed"));
      tracker.awaitPeers(c.meta().infoHash(), 1, Interop.TIMEOUT); // else found only at aria2's next announce
      Torrent t = reel.add(c.meta(), AddOptions.DEFAULT);
      t.completion().get(Interop.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      TestData.assertSameTree(c.file(), tmp.resolve("reel/data/movie.bin"));
    }
  }
}
