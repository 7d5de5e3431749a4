package dev.reel.engine.session;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.EngineConfig;
import dev.reel.engine.Torrent;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.metainfo.TorrentCreator;
import dev.reel.engine.testkit.LibtorrentPeer;
import dev.reel.engine.testkit.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manual benchmark (not a test of behaviour): run with {@code -Dreel.probe=true} (size in MiB with {@code
 * -Dreel.probe.mib}, default 256; rounds with {@code -Dreel.probe.runs}, default 3). Downloads the same file into a
 * fresh Reel engine from a python3-libtorrent seed over TCP (both TCP only) and over uTP (both uTP only), alternating,
 * and prints each time and the medians; then, for reference, a python3-libtorrent downloader from the same uTP-only
 * seed. Reel's times are in-process (no JVM start-up); libtorrent's include its process start.
 */
class UtpThroughputProbe {
  @TempDir Path tmp;

  @Test
  void probe(TestInfo info) throws Exception {
    assumeTrue(Boolean.getBoolean("reel.probe"), "throughput probe runs only with -Dreel.probe=true");
    long size = Long.getLong("reel.probe.mib", 256) << 20;
    int runs = Integer.getInteger("reel.probe.runs", 3);
    Path file = TestData.file(tmp.resolve("src/big.bin"), size, 5);
    byte[] torrent = TorrentCreator.forPath(file).pieceLength(256 * 1024).build();
    Path torrentFile = Files.write(tmp.resolve("big.torrent"), torrent);
    Metainfo meta = Metainfo.parse(torrent);
    List<Double> tcp = new ArrayList<>();
    List<Double> utp = new ArrayList<>();
    List<Double> ltUtpTimes = new ArrayList<>();
    try (dev.reel.engine.testkit.Swarm swarm = dev.reel.engine.testkit.Swarm.forTest(info)) {
      LibtorrentPeer ltTcp = swarm.libtorrent("lt-seed-tcp").noTracker().seed(torrentFile, tmp.resolve("src"));
      LibtorrentPeer ltUtp = swarm.libtorrent("lt-seed-utp").noTracker().utpOnly()
          .seed(torrentFile, tmp.resolve("src"));
      for (int i = 0; i < runs; i++) {
        tcp.add(download(meta, ltTcp, EngineConfig.Transports.TCP_ONLY, "tcp" + i));
        utp.add(download(meta, ltUtp, EngineConfig.Transports.UTP_ONLY, "utp" + i));
        long t0 = System.nanoTime();
        LibtorrentPeer ltDl = swarm.libtorrent("lt-dl-utp" + i).noTracker().utpOnly().peer(ltUtp.listenAddress())
            .download(torrentFile, tmp.resolve("lt" + i));
        ltDl.awaitComplete(java.time.Duration.ofMinutes(10));
        ltUtpTimes.add((System.nanoTime() - t0) / 1e9);
        ltDl.close();
        deleteTree(tmp.resolve("lt" + i));
        System.out.printf("PROBE run %d: reel tcp %.2f s, reel utp %.2f s, libtorrent utp %.2f s%n", i, tcp.get(i),
            utp.get(i), ltUtpTimes.get(i));
      }
    }
    System.out.printf("PROBE %d MiB from a libtorrent seed, median of %d: TCP %.2f s (%.1f MiB/s), uTP %.2f s"
        + " (%.1f MiB/s)%n", size >> 20, runs, median(tcp), (size >> 20) / median(tcp), median(utp),
        (size >> 20) / median(utp));
    System.out.printf("PROBE libtorrent from the same libtorrent seed over uTP (incl. its start-up): %.2f s (%.1f MiB/s)%n",
        median(ltUtpTimes), (size >> 20) / median(ltUtpTimes));
  }

  private double download(Metainfo meta, LibtorrentPeer seed, EngineConfig.Transports t, String name)
      throws Exception {
    Path dir = tmp.resolve(name);
    try (Engine e = Engine.start(Loopback.config(dir, null).withTransports(t))) {
      long t0 = System.nanoTime();
      Torrent d = e.add(meta, AddOptions.DEFAULT.withPeers(List.of(seed.listenAddress())));
      d.completion().get(600, TimeUnit.SECONDS);
      double secs = (System.nanoTime() - t0) / 1e9;
      TestData.assertSameTree(tmp.resolve("src/big.bin"), dir.resolve("data/big.bin"));
      return secs;
    } finally {
      deleteTree(dir);
    }
  }

  private static double median(List<Double> v) {
    List<Double> s = v.stream().sorted().toList();
    return s.get(s.size() / 2);
  }

  private static void deleteTree(Path dir) throws Exception {
    if (Files.exists(dir)) {
      try (var w = Files.walk(dir)) {
        for (Path p : w.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
