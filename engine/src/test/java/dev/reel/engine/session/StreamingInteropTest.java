package dev.reel.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.EngineEvent;
import dev.reel.engine.Torrent;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.metainfo.TorrentCreator;
import dev.reel.engine.stream.TorrentReader;
import dev.reel.engine.testkit.LibtorrentPeer;
import dev.reel.engine.testkit.TestData;
import dev.reel.engine.testkit.Tools;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Readers over a torrent that downloads from a capped python3-libtorrent seed on loopback. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StreamingInteropTest {
  private static final int PIECE = 64 * 1024;
  private static final int SIZE = 12 * 1024 * 1024 + 12345;

  @TempDir Path tmp;
  private Path torrentFile;
  private Metainfo meta;
  private byte[] data;

  @BeforeEach
  void content() throws Exception {
    Tools.requirePythonLibtorrent();
    Path file = TestData.file(tmp.resolve("src/video.bin"), SIZE, 7);
    data = Files.readAllBytes(file);
    byte[] torrent = TorrentCreator.forPath(file).pieceLength(PIECE).build();
    torrentFile = Files.write(tmp.resolve("video.torrent"), torrent);
    meta = Metainfo.parse(torrent);
  }

  @Test
  void readFarAheadIsServedBeforeTheStart(TestInfo info) throws Exception {
    List<EngineEvent> events = Loopback.events();
    try (dev.reel.engine.testkit.Swarm swarm = dev.reel.engine.testkit.Swarm.forTest(info);
        Engine reel = Loopback.engine(tmp.resolve("reel"), events)) {
      LibtorrentPeer lt = swarm.libtorrent("lt-seed").noTracker().upKiBps(1024).seed(torrentFile, tmp.resolve("src"));
      Torrent t = reel.add(meta, AddOptions.DEFAULT.withPeers(List.of(lt.listenAddress())));
      t.metadata().get(10, TimeUnit.SECONDS);
      long at = SIZE * 7L / 10;
      byte[] got = new byte[1024 * 1024];
      try (TorrentReader r = t.openReader(0)) {
        r.position(at);
        ByteBuffer buf = ByteBuffer.wrap(got);
        while (buf.hasRemaining()) {
          assertThat(r.read(buf)).isPositive();
        }
        int have = t.status().piecesHave();
        assertThat(have).as("pieces verified when the far read finished").isLessThan(meta.pieceCount());
        assertThat(got).isEqualTo(Arrays.copyOfRange(data, (int) at, (int) at + got.length));
      }
      List<Integer> order = events.stream().filter(e -> e instanceof EngineEvent.PieceVerified)
          .map(e -> ((EngineEvent.PieceVerified) e).piece()).toList();
      int target = (int) ((at + got.length - 1) / PIECE);
      int first = order.indexOf(target);
      assertThat(first).isNotNegative();
      assertThat(order.subList(0, first + 1).stream().filter(p -> p < at / PIECE).count())
          .as("pieces before the read position verified before it").isLessThan(at / PIECE);
    }
  }

  @Test
  void criticalBlocksGoToTheFastPeerNotBehindTheSlowOne(TestInfo info) throws Exception {
    try (dev.reel.engine.testkit.Swarm swarm = dev.reel.engine.testkit.Swarm.forTest(info);
        Engine reel = Loopback.engine(tmp.resolve("reel"), null)) {
      LibtorrentPeer slow = swarm.libtorrent("lt-slow").noTracker().upKiBps(8).seed(torrentFile, tmp.resolve("src"));
      LibtorrentPeer fast = swarm.libtorrent("lt-fast").noTracker().upKiBps(2048).seed(torrentFile,
          tmp.resolve("src"));
      Torrent t = reel.add(meta, AddOptions.DEFAULT.withPeers(List.of(slow.listenAddress(), fast.listenAddress())));
      t.metadata().get(10, TimeUnit.SECONDS);
      Loopback.await("both seeds connected", java.time.Duration.ofSeconds(30), () -> t.peers().size() == 2);
      byte[] got = new byte[4 * 1024 * 1024];
      // A block stuck in the slow seed's queue (8 KiB/s: seconds per block) would stall this read past its timeout.
      try (TorrentReader r = t.openReader(0)) {
        r.setReadTimeout(java.time.Duration.ofSeconds(20));
        ByteBuffer buf = ByteBuffer.wrap(got);
        while (buf.hasRemaining()) {
          assertThat(r.read(buf)).isPositive();
        }
      }
      assertThat(got).isEqualTo(Arrays.copyOf(data, got.length));
      long fromSlow = t.peers().stream().filter(p -> p.address().getPort() == slow.listenAddress().getPort())
          .mapToLong(dev.reel.engine.PeerInfo::downloaded).sum();
      assertThat(fromSlow).as("bytes from the slow seed").isLessThan(got.length / 4);
    }
  }
}
