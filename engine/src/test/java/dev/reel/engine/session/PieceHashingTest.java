package dev.reel.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.EngineEvent;
import dev.reel.engine.Torrent;
import dev.reel.engine.metainfo.Metainfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pieces are hashed from the blocks as they arrive (PieceWork): blocks that arrive ahead of the hashed prefix are
 * read back from storage when the prefix reaches them. Out-of-order delivery, alone or mixed with an in-order seed,
 * must still verify every piece and leave the exact bytes on disk.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PieceHashingTest {
  private static final int PIECE = 256 * 1024;
  @TempDir Path tmp;

  @Test
  void blocksArrivingOutOfOrderStillVerify() throws Exception {
    List<EngineEvent> events = Loopback.events();
    Metainfo meta = Loopback.multiFile(tmp.resolve("src"), "pack", 7, PIECE, 3 * PIECE + 12_345);
    byte[] content = Files.readAllBytes(tmp.resolve("src/pack/file0.bin"));
    try (Engine leech = Loopback.engine(tmp.resolve("leech"), events);
        ReorderingPeer peer = new ReorderingPeer(meta.infoHash(), content, PIECE, 8)) {
      Torrent t = leech.add(meta, AddOptions.DEFAULT.withPeers(List.of(peer.address())));
      t.completion().get(60, TimeUnit.SECONDS);
      Loopback.assertSameTree(tmp.resolve("src/pack"), tmp.resolve("leech/data/pack"));
      assertThat(peer.blocksReordered.get()).as("blocks sent ahead of earlier ones").isPositive();
      assertThat(events).noneMatch(e -> e instanceof EngineEvent.PieceFailed);
      assertThat(events).filteredOn(e -> e instanceof EngineEvent.PieceVerified).hasSize(meta.pieceCount());
    }
  }

  @Test
  void piecesSharedBetweenAnInOrderSeedAndAReorderingPeerVerify() throws Exception {
    List<EngineEvent> events = Loopback.events();
    Metainfo meta = Loopback.multiFile(tmp.resolve("seed/data"), "pack", 11, PIECE, 8 * PIECE + 777);
    byte[] content = Files.readAllBytes(tmp.resolve("seed/data/pack/file0.bin"));
    // The seed is capped so that both peers get requests for the same pieces.
    try (Engine seed = Loopback.engine(tmp.resolve("seed"), null, 0, 1_000_000);
        Engine leech = Loopback.engine(tmp.resolve("leech"), events);
        ReorderingPeer peer = new ReorderingPeer(meta.infoHash(), content, PIECE, 4)) {
      seed.add(meta, AddOptions.DEFAULT.withSeedMode(true)).completion().get(30, TimeUnit.SECONDS);
      Torrent t = leech.add(meta, AddOptions.DEFAULT.withPeers(List.of(Loopback.address(seed), peer.address())));
      t.completion().get(60, TimeUnit.SECONDS);
      Loopback.assertSameTree(tmp.resolve("seed/data/pack"), tmp.resolve("leech/data/pack"));
      assertThat(peer.blocksSent.get()).isPositive();
      assertThat(events).noneMatch(e -> e instanceof EngineEvent.PieceFailed);
      assertThat(events).filteredOn(e -> e instanceof EngineEvent.PieceVerified).hasSize(meta.pieceCount());
    }
  }
}
