package dev.reel.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.FilePriority;
import dev.reel.engine.FileStatus;
import dev.reel.engine.Torrent;
import dev.reel.engine.TorrentState;
import dev.reel.engine.metainfo.FileEntry;
import dev.reel.engine.metainfo.Metainfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Pause/resume, restart with resume data, file priorities and removal, against a seeding engine on loopback. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TorrentLifecycleTest {
  private static final long LIMIT = 1_000_000;
  @TempDir Path tmp;

  private Metainfo seedContent(Engine seed) throws Exception {
    Metainfo meta = Loopback.multiFile(tmp.resolve("seed/data"), "pack", 7, 32 * 1024,
        1_500_000, 700_000, 900_000, 5_000);
    seed.add(meta, AddOptions.DEFAULT.withSeedMode(true)).completion().get(30, TimeUnit.SECONDS);
    return meta;
  }

  @Test
  void pausedTorrentDisconnectsAndResumesToCompletion() throws Exception {
    try (Engine seed = Loopback.engine(tmp.resolve("seed"), null);
        Engine leech = Loopback.engine(tmp.resolve("leech"), null)) {
      Metainfo meta = seedContent(seed);
      Torrent l = leech.add(meta, AddOptions.DEFAULT.withPeers(List.of(Loopback.address(seed)))
          .withRateLimits(LIMIT, 0));
      Loopback.await("some progress", Duration.ofSeconds(30), () -> l.status().progress() > 0.1);
      l.pause();
      assertThat(l.status().state()).isEqualTo(TorrentState.PAUSED);
      Loopback.await("peers gone", Duration.ofSeconds(10), () -> l.peers().isEmpty());
      assertThat(l.completion()).isNotDone();

      l.setRateLimits(0, 0);
      l.resume();
      l.completion().get(60, TimeUnit.SECONDS);
      Loopback.assertSameTree(tmp.resolve("seed/data/pack"), tmp.resolve("leech/data/pack"));
    }
  }

  @Test
  void restartDownloadsOnlyWhatIsMissing() throws Exception {
    try (Engine seed = Loopback.engine(tmp.resolve("seed"), null)) {
      Metainfo meta = seedContent(seed);
      AddOptions opts = AddOptions.DEFAULT.withPeers(List.of(Loopback.address(seed)));
      long doneBefore;
      try (Engine leech = Loopback.engine(tmp.resolve("leech"), null)) {
        Torrent l = leech.add(meta, opts.withRateLimits(LIMIT, 0));
        Loopback.await("half", Duration.ofSeconds(30), () -> l.status().progress() > 0.4);
        doneBefore = l.status().wantedDone();
      }
      try (Engine leech = Loopback.engine(tmp.resolve("leech"), null)) {
        Torrent l = leech.add(meta, opts);
        l.completion().get(60, TimeUnit.SECONDS);
        long remainder = meta.totalLength() - doneBefore;
        assertThat(l.status().totalDownloaded()).isLessThan(remainder + meta.totalLength() / 10);
      }
      Loopback.assertSameTree(tmp.resolve("seed/data/pack"), tmp.resolve("leech/data/pack"));
    }
  }

  @Test
  void recheckFindsDataWhenResumeFileIsGone() throws Exception {
    try (Engine seed = Loopback.engine(tmp.resolve("seed"), null)) {
      Metainfo meta = seedContent(seed);
      AddOptions opts = AddOptions.DEFAULT.withPeers(List.of(Loopback.address(seed)));
      long doneBefore;
      try (Engine leech = Loopback.engine(tmp.resolve("leech"), null)) {
        Torrent l = leech.add(meta, opts.withRateLimits(LIMIT, 0));
        Loopback.await("half", Duration.ofSeconds(30), () -> l.status().progress() > 0.4);
        doneBefore = l.status().wantedDone();
      }
      Files.delete(tmp.resolve("leech/state/" + meta.infoHash().hex() + ".resume"));
      try (Engine leech = Loopback.engine(tmp.resolve("leech"), null)) {
        Torrent l = leech.add(meta, opts);
        l.completion().get(60, TimeUnit.SECONDS);
        assertThat(l.status().totalDownloaded()).isLessThan(meta.totalLength() - doneBefore + meta.totalLength() / 10);
      }
    }
  }

  @Test
  void skippedFileIsNotDownloaded() throws Exception {
    try (Engine seed = Loopback.engine(tmp.resolve("seed"), null);
        Engine leech = Loopback.engine(tmp.resolve("leech"), null)) {
      Metainfo meta = seedContent(seed);
      FileEntry skipped = meta.files().stream().filter(f -> f.length() == 900_000).findFirst().orElseThrow();
      Torrent l = leech.add(meta, AddOptions.DEFAULT.withPeers(List.of(Loopback.address(seed)))
          .withFilePriorities(Map.of(skipped.index(), FilePriority.SKIP)));
      l.completion().get(60, TimeUnit.SECONDS);
      List<FileStatus> files = l.files();
      for (FileStatus f : files) {
        if (f.index() == skipped.index()) {
          assertThat(f.progress()).isLessThan(1.0);
          assertThat(f.priority()).isEqualTo(FilePriority.SKIP);
        } else {
          assertThat(f.progress()).as("file %s", f.path()).isEqualTo(1.0);
          Path got = meta.resolveFile(tmp.resolve("leech/data"), f.index());
          Path want = meta.resolveFile(tmp.resolve("seed/data"), f.index());
          assertThat(Files.mismatch(want, got)).isEqualTo(-1L);
        }
      }
      assertThat(l.status().progress()).isEqualTo(1.0);

      // Asking for the file afterwards fetches it too.
      l.setFilePriority(skipped.index(), FilePriority.NORMAL);
      Loopback.await("skipped file fetched", Duration.ofSeconds(60),
          () -> l.files().get(skipped.index()).progress() == 1.0);
      Loopback.assertSameTree(tmp.resolve("seed/data/pack"), tmp.resolve("leech/data/pack"));
    }
  }

  @Test
  void prioritiesSetWhilePausedApplyOnResume() throws Exception {
    try (Engine seed = Loopback.engine(tmp.resolve("seed"), null);
        Engine leech = Loopback.engine(tmp.resolve("leech"), null)) {
      Metainfo meta = seedContent(seed);
      FileEntry skipped = meta.files().stream().filter(f -> f.length() == 900_000).findFirst().orElseThrow();
      Torrent l = leech.add(meta, AddOptions.DEFAULT.withPeers(List.of(Loopback.address(seed))).withPaused(true));
      assertThat(l.status().state()).isEqualTo(TorrentState.PAUSED);
      assertThat(l.files()).hasSize(meta.files().size());
      l.setFilePriority(skipped.index(), FilePriority.SKIP);
      assertThat(l.files().get(skipped.index()).priority()).isEqualTo(FilePriority.SKIP);
      l.resume();
      l.completion().get(60, TimeUnit.SECONDS);
      assertThat(l.files().get(skipped.index()).progress()).isLessThan(1.0);
    }
  }

  @Test
  void removeWithDeleteDataRemovesFiles() throws Exception {
    try (Engine seed = Loopback.engine(tmp.resolve("seed"), null);
        Engine leech = Loopback.engine(tmp.resolve("leech"), null)) {
      Metainfo meta = seedContent(seed);
      Torrent l = leech.add(meta, AddOptions.DEFAULT.withPeers(List.of(Loopback.address(seed))));
      l.completion().get(60, TimeUnit.SECONDS);
      l.remove(true);
      assertThat(l.status().state()).isEqualTo(TorrentState.REMOVED);
      assertThat(leech.torrents()).isEmpty();
      assertThat(tmp.resolve("leech/data/pack")).doesNotExist();
    }
  }
}
