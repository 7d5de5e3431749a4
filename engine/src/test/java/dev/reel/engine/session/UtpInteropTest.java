package dev.reel.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.EngineConfig;
import dev.reel.engine.Torrent;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.metainfo.TorrentCreator;
import dev.reel.engine.testkit.LibtorrentPeer;
import dev.reel.engine.testkit.TestData;
import dev.reel.engine.testkit.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peer connections over uTP (BEP 29) on loopback: Reel to Reel with TCP off, and Reel with python3-libtorrent
 * configured for uTP only ({@code enable_incoming_tcp = enable_outgoing_tcp = False}), in both directions.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class UtpInteropTest {
  /** {@link TestData#tree} of this piece size is about 7.9 MB. */
  private static final int PIECE = 1024 * 1024;
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @TempDir Path tmp;

  private static Engine utpEngine(Path dir, EngineConfig.Transports transports) throws Exception {
    return Engine.start(Loopback.config(dir, null).withTransports(transports));
  }

  @Test
  void reelDownloadsFromReelOverUtpOnly() throws Exception {
    try (Engine seed = utpEngine(tmp.resolve("seed"), EngineConfig.Transports.UTP_ONLY);
        Engine leech = utpEngine(tmp.resolve("leech"), EngineConfig.Transports.UTP_ONLY)) {
      Metainfo meta = Loopback.multiFile(tmp.resolve("seed/data"), "pack", 5, 64 * 1024, 4_000_000, 333_333);
      seed.add(meta, AddOptions.DEFAULT.withSeedMode(true)).completion().get(30, TimeUnit.SECONDS);
      Torrent l = leech.add(meta, AddOptions.DEFAULT.withPeers(List.of(Loopback.address(seed))));
      l.completion().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      Loopback.assertSameTree(tmp.resolve("seed/data/pack"), tmp.resolve("leech/data/pack"));
    }
  }

  @Test
  void sharesTheDhtSocketOnThePeerPort() throws Exception {
    EngineConfig.Dht dht = EngineConfig.Dht.local(List.of());
    try (Engine seed = Engine.start(Loopback.config(tmp.resolve("seed"), null).withDht(dht)
            .withTransports(EngineConfig.Transports.UTP_ONLY));
        Engine leech = utpEngine(tmp.resolve("leech"), EngineConfig.Transports.UTP_ONLY)) {
      SessionEngine s = (SessionEngine) seed;
      assertThat(s.dhtPort()).isEqualTo(seed.listenPort());
      assertThat(s.utpPort()).isEqualTo(seed.listenPort());
      Metainfo meta = Loopback.multiFile(tmp.resolve("seed/data"), "dht", 6, 32 * 1024, 1_500_000);
      seed.add(meta, AddOptions.DEFAULT.withSeedMode(true)).completion().get(30, TimeUnit.SECONDS);
      Torrent l = leech.add(meta, AddOptions.DEFAULT.withPeers(List.of(Loopback.address(seed))));
      l.completion().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      Loopback.assertSameTree(tmp.resolve("seed/data/dht"), tmp.resolve("leech/data/dht"));
    }
  }

  @Test
  void downloadsFromAUtpOnlyLibtorrentSeed(TestInfo info) throws Exception {
    Tools.requirePythonLibtorrent();
    Path content = TestData.tree(tmp.resolve("src/content"), PIECE, 5);
    byte[] torrent = TorrentCreator.forPath(content).pieceLength(PIECE).build();
    Path torrentFile = Files.write(tmp.resolve("content.torrent"), torrent);
    Metainfo meta = Metainfo.parse(torrent);
    assertThat(meta.totalLength()).isGreaterThan(7_000_000);
    try (dev.reel.engine.testkit.Swarm swarm = dev.reel.engine.testkit.Swarm.forTest(info);
        Engine reel = Loopback.engine(tmp.resolve("reel"), null)) {
      LibtorrentPeer lt = swarm.libtorrent("lt-utp-seed").noTracker().utpOnly().seed(torrentFile, tmp.resolve("src"));
      Torrent t = reel.add(meta, AddOptions.DEFAULT.withPeers(List.of(lt.listenAddress())));
      t.completion().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      TestData.assertSameTree(content, tmp.resolve("reel/data/content"));
      assertThat(((TorrentSession) t).swarm.pool.isUtpOnly(lt.listenAddress()))
          .as("TCP was refused and uTP worked: the next dial goes straight to uTP").isTrue();
    }
  }

  @Test
  void seedsToAUtpOnlyLibtorrentDownloader(TestInfo info) throws Exception {
    Tools.requirePythonLibtorrent();
    Path content = TestData.tree(tmp.resolve("reel/data/content"), PIECE, 5);
    byte[] torrent = TorrentCreator.forPath(content).pieceLength(PIECE).build();
    Path torrentFile = Files.write(tmp.resolve("content.torrent"), torrent);
    Metainfo meta = Metainfo.parse(torrent);
    try (dev.reel.engine.testkit.Swarm swarm = dev.reel.engine.testkit.Swarm.forTest(info);
        Engine reel = Loopback.engine(tmp.resolve("reel"), null)) {
      Torrent t = reel.add(meta, AddOptions.DEFAULT.withSeedMode(true));
      t.completion().get(30, TimeUnit.SECONDS);
      LibtorrentPeer lt = swarm.libtorrent("lt-utp-dl").noTracker().utpOnly().peer(Loopback.address(reel))
          .download(torrentFile, tmp.resolve("lt"));
      lt.awaitComplete(TIMEOUT);
      TestData.assertSameTree(content, tmp.resolve("lt/content"));
      assertThat(t.status().totalUploaded()).isGreaterThanOrEqualTo(meta.totalLength());
    }
  }
}
