package dev.reel.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.Torrent;
import dev.reel.engine.metainfo.Metainfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** BEP 11: a peer learns of the seed from a peer that is connected to it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeerExchangeTest {
  @TempDir Path tmp;

  @Test
  void peerLearnsTheSeedThroughPex() throws Exception {
    try (Engine seed = Loopback.engine(tmp.resolve("seed"), null);
        Engine a = Loopback.engine(tmp.resolve("a"), null);
        Engine b = Loopback.engine(tmp.resolve("b"), null)) {
      Metainfo meta = Loopback.multiFile(tmp.resolve("seed/data"), "pack", 9, 32 * 1024, 400_000, 300_000);
      seed.add(meta, AddOptions.DEFAULT.withSeedMode(true)).completion().get(30, TimeUnit.SECONDS);
      // A downloads slowly, so it is still connected to the seed when B arrives (seeds drop seeds).
      Torrent ta = a.add(meta, AddOptions.DEFAULT.withPeers(List.of(Loopback.address(seed)))
          .withRateLimits(100_000, 0));
      Loopback.await("a connected to the seed", Duration.ofSeconds(10), () -> !ta.peers().isEmpty());

      Torrent tb = b.add(meta, AddOptions.DEFAULT.withPeers(List.of(Loopback.address(a))));
      // B was told only about A: a second connection (B dialing the seed, or the seed dialing B) came from PEX.
      Loopback.await("b connected to the seed via pex", Duration.ofSeconds(30), () -> tb.peers().size() == 2);
      tb.completion().get(30, TimeUnit.SECONDS);
      Loopback.assertSameTree(tmp.resolve("seed/data/pack"), tmp.resolve("b/data/pack"));
    }
  }

  @Test
  void privateTorrentsDoNotExchangePeers() throws Exception {
    try (Engine seed = Loopback.engine(tmp.resolve("seed"), null);
        Engine a = Loopback.engine(tmp.resolve("a"), null);
        Engine b = Loopback.engine(tmp.resolve("b"), null)) {
      Path dir = tmp.resolve("seed/data/priv");
      java.nio.file.Files.createDirectories(dir);
      java.nio.file.Files.write(dir.resolve("x.bin"), new byte[300_000]);
      Metainfo meta = Metainfo.parse(dev.reel.engine.metainfo.TorrentCreator.forPath(dir).pieceLength(32 * 1024)
          .privateFlag(true).build());
      seed.add(meta, AddOptions.DEFAULT.withSeedMode(true)).completion().get(30, TimeUnit.SECONDS);
      a.add(meta, AddOptions.DEFAULT.withPeers(List.of(Loopback.address(seed)))).completion().get(30, TimeUnit.SECONDS);
      Torrent tb = b.add(meta, AddOptions.DEFAULT.withPeers(List.of(Loopback.address(a))));
      tb.completion().get(30, TimeUnit.SECONDS);
      Thread.sleep(2_000); // a few ticks: PEX would have gone out by now
      assertThat(tb.peers()).noneMatch(p -> p.source().equals("pex"));
    }
  }
}
