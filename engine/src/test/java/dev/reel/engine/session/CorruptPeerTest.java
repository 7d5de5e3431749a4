package dev.reel.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.EngineEvent;
import dev.reel.engine.Torrent;
import dev.reel.engine.metainfo.Metainfo;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A peer sending garbage next to a good seed: the download is intact and the liar is banned. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CorruptPeerTest {
  @TempDir Path tmp;

  @Test
  void corruptPeerIsBannedAndOutputIsIntact() throws Exception {
    List<EngineEvent> events = Loopback.events();
    // The good seed is capped so that the liar surely gets requests too.
    try (Engine seed = Loopback.engine(tmp.resolve("seed"), null, 0, 2_000_000);
        Engine leech = Loopback.engine(tmp.resolve("leech"), events)) {
      Metainfo meta = Loopback.multiFile(tmp.resolve("seed/data"), "pack", 3, 64 * 1024, 2_000_000, 600_000);
      seed.add(meta, AddOptions.DEFAULT.withSeedMode(true)).completion().get(30, TimeUnit.SECONDS);
      try (CorruptPeer liar = new CorruptPeer(meta.infoHash())) {
        Torrent l = leech.add(meta, AddOptions.DEFAULT.withPeers(List.of(liar.address(), Loopback.address(seed))));
        l.completion().get(60, TimeUnit.SECONDS);
        Loopback.assertSameTree(tmp.resolve("seed/data/pack"), tmp.resolve("leech/data/pack"));
        assertThat(liar.blocksSent.get()).isPositive();
        assertThat(events).anyMatch(e -> e instanceof EngineEvent.PieceFailed);
        assertThat(events).anyMatch(e -> e instanceof EngineEvent.PeerBanned b && b.peer().equals(liar.address()));
        assertThat(l.peers()).noneMatch(p -> p.address().equals(liar.address()));
      }
    }
  }
}
