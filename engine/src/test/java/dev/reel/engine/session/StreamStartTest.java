package dev.reel.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.Torrent;
import dev.reel.engine.media.ContainerProbe;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.metainfo.TorrentCreator;
import dev.reel.engine.testkit.TestData;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a stream asks for before any peer has answered. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamStartTest {
  private static final int PIECE = 64 * 1024;

  @TempDir Path tmp;

  @Test
  void theWholeHeadIsWantedBeforeTheProbeHasReadAnything() throws Exception {
    Path file = TestData.file(tmp.resolve("src/video.bin"), 8 * 1024 * 1024, 3);
    Metainfo meta = Metainfo.parse(TorrentCreator.forPath(file).pieceLength(PIECE).build());
    int headPieces = (int) (ContainerProbe.DEFAULT_HEAD_BYTES / PIECE);
    try (Engine reel = Loopback.engine(tmp.resolve("reel"), Loopback.events())) {
      Torrent t = reel.add(meta, AddOptions.DEFAULT); // no peers: the probe's first read blocks on piece 0
      t.prepareStream(0);
      TorrentSession s = (TorrentSession) t;
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < until && deadlines(s, headPieces) < headPieces) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      }
      assertThat(deadlines(s, headPieces)).as("head pieces with a deadline").isEqualTo(headPieces);
    }
  }

  private static long deadlines(TorrentSession s, int headPieces) {
    Payload p = s.payload();
    if (p == null) {
      return 0;
    }
    s.lock.lock();
    try {
      return IntStream.range(0, headPieces).filter(i -> p.picker.deadline(i) != Long.MAX_VALUE).count();
    } finally {
      s.lock.unlock();
    }
  }
}
