package dev.reel.app.library;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.metainfo.InfoHash;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many virtual threads writing at once, through one library and through two libraries on the same file (as two
 * Reel processes would): every write lands, none fails with SQLITE_BUSY.
 */
class ConcurrencyTest {
  static final int THREADS = 200;
  static final int WRITES_PER_THREAD = 10;

  @TempDir Path tmp;
  final TestClock clock = new TestClock();

  @Test
  void concurrentWritersFromManyVirtualThreadsAllLand() throws Exception {
    try (Library first = Fixtures.open(tmp, clock); Library second = Fixtures.open(tmp, clock);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        Library library = t % 2 == 0 ? first : second;
        done.add(threads.submit(() -> {
          for (int i = 0; i < WRITES_PER_THREAD; i++) {
            String id = thread + "-" + i;
            ItemRef item = new ItemRef("p", "movie", id);
            library.favourites().add(item, new ItemSnapshot("Film " + id, null, 2000));
            library.playback().savePosition(item.movie(), 0, i, 1000);
            library.playback().recordPlay(item.movie(), new ItemSnapshot("Film " + id, null, null));
            library.cache().touch(InfoHash.fromHex(String.format("%040x", thread * 1000L + i)), tmp, i);
            library.settings().update(Map.of("subtitleSize", 50 + i));
            library.favourites().contains(item);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(); // rethrows the first failure of any writer
      }
      int total = THREADS * WRITES_PER_THREAD;
      assertThat(first.favourites().list(0, 1).total()).isEqualTo(total);
      assertThat(second.playback().inProgress(0, 1).total()).isEqualTo(total);
      assertThat(first.playback().history(0, 1).total()).isEqualTo(total);
      assertThat(second.cache().list()).hasSize(total);
    }
  }
}
