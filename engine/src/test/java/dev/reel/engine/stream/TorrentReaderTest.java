package dev.reel.engine.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The reader against a fake host whose pieces are released by the test. */
class TorrentReaderTest {
  private static final int PIECE = 1024;

  /** A torrent of 10 pieces; the file under test is [1500, 8500). */
  static final class FakeHost implements ReaderHost {
    final byte[] data = new byte[10 * PIECE];
    final BitSet verified = new BitSet();
    final List<ReaderWindow> windows = new ArrayList<>();
    final List<TorrentReader> closed = new ArrayList<>();
    double hint;

    FakeHost() {
      new Random(1).nextBytes(data);
    }

    synchronized void verify(int piece) {
      verified.set(piece);
      notifyAll();
    }

    @Override
    public synchronized boolean awaitVerified(int piece, long timeoutNanos) throws InterruptedException {
      long end = System.nanoTime() + timeoutNanos;
      while (!verified.get(piece)) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return true;
    }

    @Override
    public void read(int piece, int offset, ByteBuffer dst) {
      dst.put(data, piece * PIECE + offset, dst.remaining());
    }

    @Override
    public synchronized void windowChanged(TorrentReader reader) {
      windows.add(reader.window());
    }

    @Override
    public synchronized void closed(TorrentReader reader) {
      closed.add(reader);
    }

    @Override
    public double bitrateHint(int fileIndex) {
      return hint;
    }
  }

  private final FakeHost host = new FakeHost();

  private TorrentReader reader() {
    TorrentReader r = new TorrentReader(host, 1, 1500, 7000, PIECE);
    r.opened();
    return r;
  }

  @Test
  void readsOnlyVerifiedBytesUpToThePieceEnd() throws Exception {
    host.verify(1);
    TorrentReader r = reader();
    byte[] got = new byte[4000];
    int n = r.read(got, 0, got.length);
    assertThat(n).as("to the end of piece 1").isEqualTo(548);
    assertThat(Arrays.copyOf(got, n)).isEqualTo(Arrays.copyOfRange(host.data, 1500, 2048));
    assertThat(r.position()).isEqualTo(548);
  }

  @Test
  void aReadBlocksUntilItsPieceIsVerified() throws Exception {
    TorrentReader r = reader();
    r.position(3000);
    CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
      try {
        return r.read(ByteBuffer.allocate(100));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(50);
    assertThat(read).isNotDone();
    host.verify(4);
    assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(100);
  }

  @Test
  void aReadTimesOutWithAClearExceptionAndTheReaderStaysUsable() throws Exception {
    TorrentReader r = reader().setReadTimeout(Duration.ofMillis(50));
    assertThatThrownBy(() -> r.read(ByteBuffer.allocate(10))).isInstanceOf(ReadTimeoutException.class)
        .hasMessageContaining("byte 0 of file 1").hasMessageContaining("piece 1");
    host.verify(1);
    assertThat(r.read(ByteBuffer.allocate(10))).isEqualTo(10);
  }

  @Test
  void endOfFileAndSkip() throws Exception {
    TorrentReader r = reader();
    assertThat(r.skip(10_000)).isEqualTo(7000);
    assertThat(r.read()).isEqualTo(-1);
    assertThat(r.read(ByteBuffer.allocate(5))).isEqualTo(-1);
  }

  @Test
  void theWindowStartsAtThePositionAndMovesOnASeek() throws Exception {
    TorrentReader r = reader();
    ReaderWindow w = r.window();
    assertThat(w.start()).isEqualTo(1500);
    assertThat(w.end()).as("readahead clamped to the file").isEqualTo(8500);
    r.position(6000);
    assertThat(r.window().start()).isEqualTo(7500);
    assertThat(host.windows).extracting(ReaderWindow::start).containsExactly(1500L, 7500L);
  }

  @Test
  void aReaderForAClosedRangeDoesNotReadAheadPastItsEndButStillReadsThere() throws Exception {
    TorrentReader r = new TorrentReader(host, 1, 1500, 7000, PIECE).setReadaheadLimit(3000);
    r.position(1000);
    r.opened();
    assertThat(r.window().start()).isEqualTo(2500);
    assertThat(r.window().end()).as("file offset 1500 + range end 3000").isEqualTo(4500);
    r.position(3000);
    assertThat(r.window()).as("at the range end: nothing wanted until a read").isNull();
    host.verify(4);
    assertThat(r.read(ByteBuffer.allocate(10))).as("a read past the limit still works").isEqualTo(10);
  }

  @Test
  void withoutReadaheadTheWindowIsTheReadInProgress() throws Exception {
    TorrentReader r = new TorrentReader(host, 1, 1500, 7000, PIECE).setReadaheadEnabled(false);
    r.opened();
    assertThat(r.window()).isNull();
    host.verify(1);
    r.read(ByteBuffer.allocate(10));
    assertThat(host.windows).filteredOn(w -> w != null).first()
        .satisfies(w -> assertThat(w.end() - w.start()).isEqualTo(10));
  }

  @Test
  void theBitrateHintPacesTheWindow() {
    host.hint = 123_456;
    assertThat(reader().window().bytesPerSecond()).isEqualTo(123_456);
    host.hint = 0;
    assertThat(reader().window().bytesPerSecond()).isEqualTo(TorrentReader.DEFAULT_BYTES_PER_SECOND);
  }

  @Test
  void closeReleasesTheWindowOnce() throws Exception {
    TorrentReader r = reader();
    r.close();
    r.close();
    assertThat(host.closed).containsExactly(r);
    assertThat(r.window()).isNull();
    assertThat(r.isOpen()).isFalse();
    assertThatThrownBy(() -> r.read(ByteBuffer.allocate(1))).isInstanceOf(ClosedChannelException.class);
  }
}
