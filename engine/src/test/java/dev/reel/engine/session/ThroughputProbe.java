package dev.reel.engine.session;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.Torrent;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.metainfo.TorrentCreator;
import dev.reel.engine.testkit.LibtorrentPeer;
import dev.reel.engine.testkit.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manual throughput probe (not a test of behaviour): run with {@code -Dreel.probe=true}. Prints how long a 200 MB
 * loopback download takes from another engine and from libtorrent, and how long libtorrent takes from us.
 */
class ThroughputProbe {
  private static final long SIZE = 200L * 1024 * 1024;
  @TempDir Path tmp;

  @Test
  void probe(TestInfo info) throws Exception {
    assumeTrue(Boolean.getBoolean("reel.probe"), "throughput probe runs only with -Dreel.probe=true");
    Path file = TestData.file(tmp.resolve("src/big.bin"), SIZE, 5);
    byte[] torrent = TorrentCreator.forPath(file).build();
    Path torrentFile = Files.write(tmp.resolve("big.torrent"), torrent);
    Metainfo meta = Metainfo.parse(torrent);
    System.out.println("piece length " + meta.pieceLength() + " pieces " + meta.pieceCount());
    try (dev.reel.engine.testkit.Swarm swarm = dev.reel.engine.testkit.Swarm.forTest(info);
        Engine seed = Loopback.engine(tmp.resolve("src-engine"), null);
        Engine leech = Loopback.engine(tmp.resolve("leech"), null);
        Engine leech2 = Loopback.engine(tmp.resolve("leech2"), null)) {
      Torrent s = seed.add(meta, AddOptions.DEFAULT.withSeedMode(true).withDownloadDir(tmp.resolve("src")));
      s.completion().get(120, TimeUnit.SECONDS);

      long t0 = System.nanoTime();
      Torrent l = leech.add(meta, AddOptions.DEFAULT.withPeers(List.of(Loopback.address(seed))));
      l.completion().get(300, TimeUnit.SECONDS);
      System.out.printf("reel <- reel: %.2f s%n", (System.nanoTime() - t0) / 1e9);

      LibtorrentPeer lt = swarm.libtorrent("lt-seed").noTracker().seed(torrentFile, tmp.resolve("src"));
      t0 = System.nanoTime();
      Torrent l2 = leech2.add(meta, AddOptions.DEFAULT.withPeers(List.of(lt.listenAddress())));
      l2.completion().get(300, TimeUnit.SECONDS);
      System.out.printf("reel <- libtorrent: %.2f s%n", (System.nanoTime() - t0) / 1e9);

      t0 = System.nanoTime();
      LibtorrentPeer ltdl = swarm.libtorrent("lt-dl").noTracker().peer(Loopback.address(seed))
          .download(torrentFile, tmp.resolve("ltdl"));
      ltdl.awaitComplete(Duration.ofMinutes(5));
      System.out.printf("libtorrent <- reel: %.2f s%n", (System.nanoTime() - t0) / 1e9);

      LibtorrentPeer ltdl2 = swarm.libtorrent("lt-dl2").noTracker().peer(lt.listenAddress())
          .download(torrentFile, tmp.resolve("ltdl2"));
      t0 = System.nanoTime();
      ltdl2.awaitComplete(Duration.ofMinutes(5));
      System.out.printf("libtorrent <- libtorrent: %.2f s%n", (System.nanoTime() - t0) / 1e9);
    }
  }
}
