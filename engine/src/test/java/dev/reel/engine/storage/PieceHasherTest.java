package dev.reel.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PieceHasherTest {
  static byte[] sha1(byte[] data, int from, int to) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-1");
    md.update(data, from, to - from);
    return md.digest();
  }

  /** Expected piece hashes of {@code data} in {@code layout}, padding counted as zeros (BEP 47). */
  static byte[][] hashes(StorageLayout layout, byte[] data) throws Exception {
    byte[] e = StorageContract.expected(layout, data);
    byte[][] h = new byte[layout.pieceCount()][];
    for (int p = 0; p < h.length; p++) {
      int from = (int) layout.pieceOffset(p);
      h[p] = sha1(e, from, from + layout.pieceSize(p));
    }
    return h;
  }

  @Test
  void hashesEachPieceIncludingAShortLastPieceAndPadding() throws Exception {
    // Pieces bigger than the hasher's read chunk, so a piece takes several reads.
    int pieceLength = PieceHasher.CHUNK * 2 + 16 * 1024;
    StorageLayout layout = StorageLayout.builder(pieceLength)
        .file("a", 200_000).padding(pieceLength - 200_000).file("b", 2L * pieceLength + 12_345).build();
    byte[] data = StorageContract.data(layout.totalLength(), 30);
    MemoryStorage s = new MemoryStorage(layout);
    StorageContract.writeAll(s, layout, data, 16 * 1024);
    byte[][] want = hashes(layout, data);
    for (int p = 0; p < layout.pieceCount(); p++) {
      assertThat(PieceHasher.sha1(s, layout, p)).as("piece " + p).isEqualTo(want[p]);
      assertThat(PieceHasher.verify(s, layout, p, want[p])).isTrue();
      byte[] wrong = want[p].clone();
      wrong[19] ^= 1;
      assertThat(PieceHasher.verify(s, layout, p, wrong)).isFalse();
    }
  }

  @Test
  void aPieceWithMissingBytesFailsVerification() throws Exception {
    StorageLayout layout = StorageLayout.singleFile(java.nio.file.Path.of("f"), 100, 64);
    MemoryStorage s = new MemoryStorage(layout);
    s.write(0, 0, ByteBuffer.allocate(63));
    assertThat(PieceHasher.verify(s, layout, 0, new byte[20])).isFalse();
    assertThatThrownBy(() -> PieceHasher.sha1(s, layout, 1)).isInstanceOf(MissingDataException.class);
    assertThatThrownBy(() -> PieceHasher.verify(s, layout, 0, new byte[19]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hashesABuffer() throws Exception {
    byte[] data = StorageContract.data(1000, 31);
    ByteBuffer b = ByteBuffer.wrap(data);
    assertThat(PieceHasher.sha1(b)).isEqualTo(sha1(data, 0, 1000));
    assertThat(b.hasRemaining()).isFalse();
  }

  @Test
  void concurrentCallersGetTheirOwnDigests() throws Exception {
    StorageLayout layout = StorageLayout.singleFile(java.nio.file.Path.of("f"), 40 * 50_000L, 50_000);
    byte[] data = StorageContract.data(layout.totalLength(), 32);
    MemoryStorage s = new MemoryStorage(layout);
    StorageContract.writeAll(s, layout, data, 16 * 1024);
    byte[][] want = hashes(layout, data);
    ExecutorService pool = Executors.newFixedThreadPool(12);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int round = 0; round < 5; round++) {
        for (int p = 0; p < layout.pieceCount(); p++) {
          int piece = p;
          results.add(pool.submit(() -> Arrays.equals(PieceHasher.sha1(s, layout, piece), want[piece])));
        }
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
