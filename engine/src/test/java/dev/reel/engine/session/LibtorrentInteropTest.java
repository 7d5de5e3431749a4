package dev.reel.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.Torrent;
import dev.reel.engine.metainfo.Magnet;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.metainfo.TorrentCreator;
import dev.reel.engine.testkit.LibtorrentPeer;
import dev.reel.engine.testkit.MkTorrent;
import dev.reel.engine.testkit.TestData;
import dev.reel.engine.testkit.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Reel and python3-libtorrent exchange a multi-file torrent on loopback, in both directions. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LibtorrentInteropTest {
  private static final int PIECE = 64 * 1024;
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @TempDir Path tmp;
  private Path content;
  private Path torrentFile;
  private Metainfo meta;

  @BeforeEach
  void content() throws Exception {
    Tools.requirePythonLibtorrent();
    content = TestData.tree(tmp.resolve("src/content"), PIECE, 11);
    byte[] torrent = TorrentCreator.forPath(content).pieceLength(PIECE).build();
    torrentFile = Files.write(tmp.resolve("content.torrent"), torrent);
    meta = Metainfo.parse(torrent);
  }

  @Test
  void downloadsFromLibtorrentSeed(TestInfo info) throws Exception {
    try (dev.reel.engine.testkit.Swarm swarm = dev.reel.engine.testkit.Swarm.forTest(info);
        Engine reel = Loopback.engine(tmp.resolve("reel"), null)) {
      LibtorrentPeer lt = swarm.libtorrent("lt-seed").noTracker().seed(torrentFile, tmp.resolve("src"));
      Torrent t = reel.add(meta, AddOptions.DEFAULT.withPeers(List.of(lt.listenAddress())));
      t.completion().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      TestData.assertSameTree(content, tmp.resolve("reel/data/content"));
    }
  }

  @Test
  void seedsToLibtorrentDownloader(TestInfo info) throws Exception {
    try (dev.reel.engine.testkit.Swarm swarm = dev.reel.engine.testkit.Swarm.forTest(info);
        Engine reel = Loopback.engine(tmp.resolve("reel"), null)) {
      Files.createDirectories(tmp.resolve("reel/data"));
      copyTree(content, tmp.resolve("reel/data/content"));
      Torrent t = reel.add(meta, AddOptions.DEFAULT.withSeedMode(true));
      t.completion().get(30, TimeUnit.SECONDS);
      LibtorrentPeer lt = swarm.libtorrent("lt-dl").noTracker().peer(Loopback.address(reel))
          .download(torrentFile, tmp.resolve("lt"));
      lt.awaitComplete(TIMEOUT);
      TestData.assertSameTree(content, tmp.resolve("lt/content"));
      assertThat(t.status().totalUploaded()).isGreaterThanOrEqualTo(meta.totalLength());
    }
  }

  @Test
  void fetchesMetadataFromLibtorrentForAMagnet(TestInfo info) throws Exception {
    try (dev.reel.engine.testkit.Swarm swarm = dev.reel.engine.testkit.Swarm.forTest(info);
        Engine reel = Loopback.engine(tmp.resolve("reel"), null)) {
      LibtorrentPeer lt = swarm.libtorrent("lt-seed").noTracker().seed(torrentFile, tmp.resolve("src"));
      Magnet magnet = Magnet.parse("magnet:?xt=urn:btih:" + meta.infoHash().hex() + "&x.pe=127.0.0.1:"
          + lt.listenAddress().getPort());
      Torrent t = reel.add(magnet, AddOptions.DEFAULT);
      assertThat(t.metadata().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).infoHash()).isEqualTo(meta.infoHash());
      t.completion().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      TestData.assertSameTree(content, tmp.resolve("reel/data/content"));
    }
  }

  @Test
  void servesMetadataToLibtorrentMagnet(TestInfo info) throws Exception {
    try (dev.reel.engine.testkit.Swarm swarm = dev.reel.engine.testkit.Swarm.forTest(info);
        Engine reel = Loopback.engine(tmp.resolve("reel"), null)) {
      copyTree(content, tmp.resolve("reel/data/content"));
      reel.add(meta, AddOptions.DEFAULT.withSeedMode(true)).completion().get(30, TimeUnit.SECONDS);
      String uri = MkTorrent.magnet(meta.infoHash(), "content", List.of(), List.of());
      LibtorrentPeer lt = swarm.libtorrent("lt-magnet").noTracker().peer(Loopback.address(reel))
          .downloadMagnet(uri, tmp.resolve("lt"));
      lt.awaitComplete(TIMEOUT);
      TestData.assertSameTree(content, tmp.resolve("lt/content"));
    }
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (var s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path dest = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest);
        }
      }
    }
  }
}
