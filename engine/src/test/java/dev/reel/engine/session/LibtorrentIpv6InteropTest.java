package dev.reel.engine.session;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.Torrent;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.metainfo.TorrentCreator;
import dev.reel.engine.testkit.LibtorrentPeer;
import dev.reel.engine.testkit.TestData;
import dev.reel.engine.testkit.Tools;
import java.net.InetSocketAddress;
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

/** Reel and python3-libtorrent exchange a torrent over IPv6 loopback {@code [::1]}, in both directions. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LibtorrentIpv6InteropTest {
  private static final int PIECE = 64 * 1024;
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @TempDir Path tmp;
  private Path content;
  private Path torrentFile;
  private Metainfo meta;

  @BeforeEach
  void content() throws Exception {
    Tools.requirePythonLibtorrent();
    Ipv6PeersTest.requireIpv6Loopback();
    content = TestData.tree(tmp.resolve("src/content"), PIECE, 12);
    byte[] torrent = TorrentCreator.forPath(content).pieceLength(PIECE).build();
    torrentFile = Files.write(tmp.resolve("content.torrent"), torrent);
    meta = Metainfo.parse(torrent);
  }

  private Engine reel() throws Exception {
    return Engine.start(Loopback.config(tmp.resolve("reel"), null).withBindAddress(Ipv6PeersTest.V6_LOOPBACK));
  }

  @Test
  void downloadsFromLibtorrentSeedingOnIpv6(TestInfo info) throws Exception {
    try (dev.reel.engine.testkit.Swarm swarm = dev.reel.engine.testkit.Swarm.forTest(info); Engine reel = reel()) {
      LibtorrentPeer lt = swarm.libtorrent("lt-seed6").bind(Ipv6PeersTest.V6_LOOPBACK).noTracker()
          .seed(torrentFile, tmp.resolve("src"));
      Torrent t = reel.add(meta, AddOptions.DEFAULT.withPeers(List.of(lt.listenAddress())));
      t.completion().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      TestData.assertSameTree(content, tmp.resolve("reel/data/content"));
    }
  }

  @Test
  void seedsToLibtorrentOnIpv6(TestInfo info) throws Exception {
    try (dev.reel.engine.testkit.Swarm swarm = dev.reel.engine.testkit.Swarm.forTest(info); Engine reel = reel()) {
      Files.createDirectories(tmp.resolve("reel/data"));
      copyTree(content, tmp.resolve("reel/data/content"));
      reel.add(meta, AddOptions.DEFAULT.withSeedMode(true)).completion().get(30, TimeUnit.SECONDS);
      LibtorrentPeer lt = swarm.libtorrent("lt-dl6").bind(Ipv6PeersTest.V6_LOOPBACK).noTracker()
          .peer(new InetSocketAddress(Ipv6PeersTest.V6_LOOPBACK, reel.listenPort()))
          .download(torrentFile, tmp.resolve("lt"));
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
