package dev.reel.app.serve;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.EngineConfig;
import dev.reel.engine.Torrent;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.metainfo.TorrentCreator;
import dev.reel.engine.testkit.TestData;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A second Reel engine on loopback that seeds generated films, the swarm for play tests. */
final class Seeder implements AutoCloseable {
  private final Engine engine;
  private final Path dir;

  /** @param uploadLimit bytes/s, 0 = unlimited */
  Seeder(Path dir, long uploadLimit) throws Exception {
    this.dir = dir;
    engine = Engine.start(EngineConfig.defaults(dir.resolve("data")).withStateDir(dir.resolve("state"))
        .withListenPort(0).withBindAddress(InetAddress.getLoopbackAddress()).withRateLimits(0, uploadLimit)
        .withRequestTimeout(Duration.ofSeconds(5)));
  }

  /** Writes {@code name} with {@code size} pseudo-random bytes, seeds it, and returns its torrent. */
  Metainfo seed(String name, long size, long seed) throws Exception {
    Path file = TestData.file(dir.resolve("data").resolve(name), size, seed);
    Metainfo meta = Metainfo.parse(TorrentCreator.forPath(file).pieceLength(16 * 1024).build());
    Torrent t = engine.add(meta, AddOptions.DEFAULT.withSeedMode(true));
    t.completion().get(30, TimeUnit.SECONDS);
    return meta;
  }

  /** Seeds a folder {@code name} holding the given files (name → size), and returns its torrent. */
  Metainfo seedFolder(String name, Map<String, Long> files) throws Exception {
    Path root = dir.resolve("data").resolve(name);
    long seed = 100;
    for (Map.Entry<String, Long> f : files.entrySet()) {
      TestData.file(root.resolve(f.getKey()), f.getValue(), seed++);
    }
    Metainfo meta = Metainfo.parse(TorrentCreator.forPath(root).pieceLength(16 * 1024).build());
    engine.add(meta, AddOptions.DEFAULT.withSeedMode(true)).completion().get(30, TimeUnit.SECONDS);
    return meta;
  }

  /** Downloads {@code meta} (into {@code leech/}) from {@code from} only: makes that peer upload. */
  void leech(Metainfo meta, java.net.InetSocketAddress from) throws Exception {
    engine.add(meta, AddOptions.DEFAULT.withDownloadDir(dir.resolve("leech")).withPeers(java.util.List.of(from)));
  }

  java.net.InetSocketAddress address() {
    return new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), engine.listenPort());
  }

  byte[] bytes(String name) throws Exception {
    return Files.readAllBytes(dir.resolve("data").resolve(name));
  }

  /** A magnet that names this seeder as a peer (BEP 9 x.pe). */
  String magnet(Metainfo meta) {
    return "magnet:?xt=urn:btih:" + meta.infoHash().hex() + "&x.pe=127.0.0.1:" + engine.listenPort();
  }

  int peersOf(Metainfo meta) {
    return engine.get(meta.infoHash()).map(t -> t.peers().size()).orElse(0);
  }

  @Override
  public void close() {
    engine.close();
  }
}
