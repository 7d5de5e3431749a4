package dev.reel.engine.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.EngineEvent;
import dev.reel.engine.Torrent;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.metainfo.TorrentCreator;
import dev.reel.engine.testkit.LibtorrentPeer;
import dev.reel.engine.testkit.Swarm;
import dev.reel.engine.testkit.TestData;
import dev.reel.engine.testkit.Tools;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real client serving corrupt data (libtorrent in seed mode without hash checks, one byte of every piece flipped in
 * its copy) next to a good, rate-capped libtorrent seed: pieces fail their SHA-1, are fetched again from the good
 * seed, the liar is banned ({@link EngineEvent.PeerBanned}) and the output is intact. The same with our own garbage
 * peer is {@code session.CorruptPeerTest}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CorruptLibtorrentPeerTest {
  private static final int PIECE = 64 * 1024;
  private static final long SIZE = 2L * 1024 * 1024 + 777;
  /** The good seed is slow, so that the (uncapped) liar surely gets requests. */
  private static final int GOOD_KIB = 384;

  @TempDir Path tmp;

  @Test
  void corruptPieceIsFetchedAgainFromTheGoodSeedAndTheLiarIsBanned(TestInfo info) throws Exception {
    Tools.requirePythonLibtorrent();
    List<EngineEvent> events = Interop.events();
    try (Swarm swarm = Swarm.forTest(info); Engine reel = Interop.engine(tmp.resolve("reel"), events)) {
      Path good = TestData.file(tmp.resolve("good/data.bin"), SIZE, 505);
      Files.createDirectories(tmp.resolve("bad"));
      Path bad = Files.copy(good, tmp.resolve("bad/data.bin"));
      byte[] bytes = TorrentCreator.forPath(good).pieceLength(PIECE).build();
      Metainfo meta = Metainfo.parse(bytes);
      Path torrent = Files.write(tmp.resolve("data.torrent"), bytes);
      for (int piece = 0; piece < meta.pieceCount(); piece++) {
        TestData.corrupt(bad, (long) piece * PIECE + meta.pieceSize(piece) / 2);
      }

      LibtorrentPeer liar = swarm.libtorrent("lt-corrupt").noTracker().corrupt().seed(torrent, tmp.resolve("bad"));
      LibtorrentPeer seed = swarm.libtorrent("lt-good").noTracker().upKiBps(GOOD_KIB)
          .seed(torrent, tmp.resolve("good"));
      InetSocketAddress liarAddress = liar.listenAddress();
      Torrent t = reel.add(meta, AddOptions.DEFAULT.withPeers(List.of(liarAddress, seed.listenAddress())));
      t.completion().get(Interop.TIMEOUT.toSeconds(), TimeUnit.SECONDS);

      TestData.assertSameTree(good, tmp.resolve("reel/data/data.bin"));
      assertThat(events)
          .anyMatch(e -> e instanceof EngineEvent.PieceFailed f && f.contributors().contains(liarAddress));
      assertThat(events).anyMatch(e -> e instanceof EngineEvent.PeerBanned b && b.peer().equals(liarAddress));
      assertThat(events).noneMatch(e -> e instanceof EngineEvent.PeerBanned b
          && b.peer().equals(seed.listenAddress()));
      assertThat(t.peers()).noneMatch(p -> p.address().equals(liarAddress));
    }
  }
}
