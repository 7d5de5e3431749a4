package dev.reel.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.EngineEvent;
import dev.reel.engine.Torrent;
import dev.reel.engine.TorrentState;
import dev.reel.engine.metainfo.Magnet;
import dev.reel.engine.metainfo.Metainfo;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two Reel engines on loopback: one seeds, the other downloads, byte-identical. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoopbackDownloadTest {
  @TempDir Path tmp;

  @Test
  void downloadsMultiFileTorrentFromAnotherEngine() throws Exception {
    List<EngineEvent> seedEvents = Loopback.events();
    List<EngineEvent> leechEvents = Loopback.events();
    try (Engine seed = Loopback.engine(tmp.resolve("seed"), seedEvents);
        Engine leech = Loopback.engine(tmp.resolve("leech"), leechEvents)) {
      Metainfo meta = Loopback.multiFile(tmp.resolve("seed/data"), "pack", 1, 32 * 1024,
          3_000_000, 0, 123_457, 16 * 1024, 1_000_001);
      Torrent s = seed.add(meta, AddOptions.DEFAULT.withSeedMode(true));
      s.completion().get(30, TimeUnit.SECONDS);
      assertThat(s.status().state()).isEqualTo(TorrentState.SEEDING);

      Torrent l = leech.add(meta, AddOptions.DEFAULT.withPeers(List.of(Loopback.address(seed))));
      l.completion().get(60, TimeUnit.SECONDS);

      Loopback.assertSameTree(tmp.resolve("seed/data/pack"), tmp.resolve("leech/data/pack"));
      assertThat(l.status().state()).isEqualTo(TorrentState.SEEDING);
      assertThat(l.status().progress()).isEqualTo(1.0);
      assertThat(l.status().totalDownloaded()).isGreaterThanOrEqualTo(meta.totalLength());
      assertThat(leechEvents).anyMatch(e -> e instanceof EngineEvent.TorrentCompleted);
      assertThat(l.files()).allMatch(f -> f.progress() == 1.0);
      List<Integer> completedFiles = leechEvents.stream()
          .filter(e -> e instanceof EngineEvent.FileCompleted)
          .map(e -> ((EngineEvent.FileCompleted) e).fileIndex())
          .sorted()
          .toList();
      List<Integer> nonEmpty = meta.files().stream().filter(f -> f.length() > 0).map(f -> f.index()).toList();
      assertThat(completedFiles).containsExactlyElementsOf(nonEmpty);
    }
  }

  @Test
  void fetchesMetadataFromTheSeedForAMagnet() throws Exception {
    try (Engine seed = Loopback.engine(tmp.resolve("seed"), null);
        Engine leech = Loopback.engine(tmp.resolve("leech"), null)) {
      Metainfo meta = Loopback.multiFile(tmp.resolve("seed/data"), "mag", 2, 16 * 1024, 700_000, 55_555);
      seed.add(meta, AddOptions.DEFAULT.withSeedMode(true)).completion().get(30, TimeUnit.SECONDS);

      Magnet magnet = Magnet.parse("magnet:?xt=urn:btih:" + meta.infoHash().hex() + "&dn=mag&x.pe=127.0.0.1:"
          + seed.listenPort());
      Torrent l = leech.add(magnet, AddOptions.DEFAULT);
      Metainfo fetched = l.metadata().get(30, TimeUnit.SECONDS);
      assertThat(fetched.infoHash()).isEqualTo(meta.infoHash());
      l.completion().get(60, TimeUnit.SECONDS);
      Loopback.assertSameTree(tmp.resolve("seed/data/mag"), tmp.resolve("leech/data/mag"));
      assertThat(tmp.resolve("leech/state/" + meta.infoHash().hex() + ".torrent")).exists();
    }
  }
}
