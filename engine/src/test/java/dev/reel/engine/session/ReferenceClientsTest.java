package dev.reel.engine.session;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.Torrent;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.metainfo.TorrentCreator;
import dev.reel.engine.testkit.Aria2Peer;
import dev.reel.engine.testkit.OpenTracker;
import dev.reel.engine.testkit.TestData;
import dev.reel.engine.testkit.Tools;
import dev.reel.engine.testkit.TransmissionPeer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Reel with aria2 (peers via opentracker) and Transmission (dialed directly) on loopback, both directions. */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ReferenceClientsTest {
  private static final int PIECE = 64 * 1024;
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @TempDir Path tmp;

  private record Content(Path root, Path torrentFile, Metainfo meta) {}

  private Content content(Path parent, List<String> trackers) throws Exception {
    Path root = TestData.tree(parent.resolve("content"), PIECE, 21);
    TorrentCreator c = TorrentCreator.forPath(root).pieceLength(PIECE);
    trackers.forEach(c::addTracker);
    byte[] torrent = c.build();
    return new Content(root, Files.write(tmp.resolve("content.torrent"), torrent), Metainfo.parse(torrent));
  }

  private static dev.reel.engine.testkit.Swarm swarm(TestInfo info) {
    return dev.reel.engine.testkit.Swarm.forTest(info);
  }

  @Test
  void seedsToAria2ThatFindsUsThroughTheTracker(TestInfo info) throws Exception {
    Tools.requireAria2();
    Tools.requireOpenTracker();
    try (var swarm = swarm(info); Engine reel = Loopback.engine(tmp.resolve("reel"), null)) {
      OpenTracker tracker = swarm.tracker(List.of());
      Content c = content(tmp.resolve("reel/data"), List.of(tracker.announceUrl()));
      tracker.allow(c.meta().infoHash());
      reel.add(c.meta(), AddOptions.DEFAULT.withSeedMode(true)).completion().get(30, TimeUnit.SECONDS);
      Aria2Peer aria = swarm.aria2("aria2-dl").download(c.torrentFile(), tmp.resolve("aria"));
      aria.awaitComplete(TIMEOUT);
      TestData.assertSameTree(c.root(), tmp.resolve("aria/content"));
    }
  }

  @Test
  void downloadsFromAria2SeedFoundThroughTheTracker(TestInfo info) throws Exception {
    Tools.requireAria2();
    Tools.requireOpenTracker();
    try (var swarm = swarm(info); Engine reel = Loopback.engine(tmp.resolve("reel"), null)) {
      OpenTracker tracker = swarm.tracker(List.of());
      Content c = content(tmp.resolve("aria"), List.of(tracker.announceUrl()));
      tracker.allow(c.meta().infoHash());
      swarm.aria2("aria2-seed").seed(c.torrentFile(), tmp.resolve("aria"));
      Torrent t = reel.add(c.meta(), AddOptions.DEFAULT);
      t.completion().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      TestData.assertSameTree(c.root(), tmp.resolve("reel/data/content"));
    }
  }

  @Test
  void downloadsFromTransmissionSeed(TestInfo info) throws Exception {
    Tools.requireTransmission();
    try (var swarm = swarm(info); Engine reel = Loopback.engine(tmp.resolve("reel"), null)) {
      Content c = content(tmp.resolve("tr"), List.of());
      TransmissionPeer tr = swarm.transmission("tr-seed").seed(c.torrentFile(), tmp.resolve("tr"));
      Torrent t = reel.add(c.meta(), AddOptions.DEFAULT.withPeers(List.of(tr.peerAddress())));
      t.completion().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      TestData.assertSameTree(c.root(), tmp.resolve("reel/data/content"));
    }
  }

  @Test
  void seedsToTransmissionByDialingIt(TestInfo info) throws Exception {
    Tools.requireTransmission();
    try (var swarm = swarm(info); Engine reel = Loopback.engine(tmp.resolve("reel"), null)) {
      Content c = content(tmp.resolve("reel/data"), List.of());
      Torrent t = reel.add(c.meta(), AddOptions.DEFAULT.withSeedMode(true));
      t.completion().get(30, TimeUnit.SECONDS);
      TransmissionPeer tr = swarm.transmission("tr-dl").download(c.torrentFile(), tmp.resolve("tr"));
      t.addPeer(tr.peerAddress());
      tr.awaitComplete(TIMEOUT);
      // Transmission 3 does not create zero-length files.
      Loopback.assertSameTree(c.root(), tmp.resolve("tr/content"), false);
    }
  }
}
