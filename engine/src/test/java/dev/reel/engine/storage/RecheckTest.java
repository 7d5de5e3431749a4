package dev.reel.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecheckTest {
  @TempDir Path root;

  /** Records which pieces were read. */
  static final class Spy implements Storage {
    final Storage inner;
    final Set<Integer> readPieces = ConcurrentHashMap.newKeySet();

    Spy(Storage inner) {
      this.inner = inner;
    }

    @Override
    public void write(int piece, int offset, ByteBuffer src) throws IOException {
      inner.write(piece, offset, src);
    }

    @Override
    public void read(int piece, int offset, ByteBuffer dst) throws IOException {
      readPieces.add(piece);
      inner.read(piece, offset, dst);
    }

    @Override
    public void flush() throws IOException {
      inner.flush();
    }

    @Override
    public long availableBytes(int fileIndex) throws IOException {
      return inner.availableBytes(fileIndex);
    }

    @Override
    public void close() throws IOException {
      inner.close();
    }
  }

  // Pieces of 1000 bytes: a [0,2500) pieces 0-2 | b [2500,4000) pieces 2-3 | pad [4000,4500) | c [4500,9000) 4-8.
  private static final StorageLayout LAYOUT = StorageLayout.builder(1000)
      .file("t/a", 2500).file("t/b", 1500).padding(500).file("t/c", 4500).build();

  private byte[] writeFiles(byte[] data, String... names) throws IOException {
    for (StoredFile f : LAYOUT.files()) {
      if (!f.padding() && Arrays.asList(names).contains(f.relativePath().getFileName().toString())) {
        Path p = root.resolve(f.relativePath());
        Files.createDirectories(p.getParent());
        Files.write(p, Arrays.copyOfRange(data, (int) f.offset(), (int) f.end()));
      }
    }
    return data;
  }

  @ParameterizedTest(name = "{0} thread(s)")
  @ValueSource(ints = {1, 2})
  void findsTheValidPiecesAndSkipsMissingFilesWithoutReading(int threads) throws Exception {
    byte[] data = StorageContract.data(LAYOUT.totalLength(), 40);
    byte[][] hashes = PieceHasherTest.hashes(LAYOUT, data);
    writeFiles(data, "a", "c"); // b is missing: pieces 2 and 3 cannot be valid.
    // Damage one byte of piece 6 (in c).
    Path c = root.resolve("t/c");
    byte[] cBytes = Files.readAllBytes(c);
    cBytes[6000 - 4500] ^= 0x55;
    Files.write(c, cBytes);

    Spy spy = new Spy(new FileStorage(root, LAYOUT));
    List<Long> progress = new CopyOnWriteArrayList<>();
    BitSet valid = Recheck.run(spy, LAYOUT, p -> hashes[p], progress::add, threads);
    spy.close();

    assertThat(valid.stream().toArray()).containsExactly(0, 1, 4, 5, 7, 8);
    assertThat(spy.readPieces).doesNotContain(2, 3);
    assertThat(progress).isSorted().doesNotHaveDuplicates();
    assertThat(progress.get(progress.size() - 1)).isEqualTo(LAYOUT.pieceCount());
  }

  @Test
  void aShortFileSkipsOnlyThePiecesPastItsEnd() throws Exception {
    byte[] data = StorageContract.data(LAYOUT.totalLength(), 41);
    byte[][] hashes = PieceHasherTest.hashes(LAYOUT, data);
    writeFiles(data, "a", "b", "c");
    // c downloaded in order up to 7000 of the torrent (2500 of its 4500 bytes): pieces 4-6 are whole.
    Path c = root.resolve("t/c");
    Files.write(c, Arrays.copyOf(Files.readAllBytes(c), 2500));
    Spy spy = new Spy(new FileStorage(root, LAYOUT));
    BitSet valid = Recheck.run(spy, LAYOUT, p -> hashes[p], null);
    spy.close();
    assertThat(valid.stream().toArray()).containsExactly(0, 1, 2, 3, 4, 5, 6);
    assertThat(spy.readPieces).doesNotContain(7, 8);
  }

  @Test
  void nothingOnDiskMeansNothingValidAndNothingRead() throws Exception {
    Spy spy = new Spy(new FileStorage(root, LAYOUT));
    List<Long> progress = new CopyOnWriteArrayList<>();
    BitSet valid = Recheck.run(spy, LAYOUT, p -> new byte[20], progress::add);
    spy.close();
    assertThat(valid.isEmpty()).isTrue();
    assertThat(spy.readPieces).isEmpty();
    assertThat(progress).containsExactly((long) LAYOUT.pieceCount());
  }

  @Test
  void worksOnAStorageThatCannotTellWhatItHolds() throws Exception {
    byte[] data = StorageContract.data(LAYOUT.totalLength(), 42);
    byte[][] hashes = PieceHasherTest.hashes(LAYOUT, data);
    MemoryStorage s = new MemoryStorage(LAYOUT);
    for (int p : new int[] {1, 4, 8}) {
      StorageContract.writePiece(s, LAYOUT, data, p, 300);
    }
    BitSet valid = Recheck.run(s, LAYOUT, p -> hashes[p], null);
    assertThat(valid.stream().toArray()).containsExactly(1, 4, 8);
  }

  @Test
  void aFailingHashLookupIsReported() {
    MemoryStorage s = new MemoryStorage(LAYOUT);
    assertThatThrownBy(() -> Recheck.run(s, LAYOUT, p -> {
      throw new IllegalStateException("no hash for " + p);
    }, null)).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("no hash for");
  }
}
