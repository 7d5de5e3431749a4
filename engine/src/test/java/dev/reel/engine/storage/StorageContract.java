package dev.reel.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The behaviour every {@link Storage} must have. Subclasses say how to open one for a layout. */
abstract class StorageContract {
  static final int BLOCK = 16 * 1024;

  private final List<Storage> opened = new ArrayList<>();

  /** A fresh, empty storage for {@code layout}. */
  protected abstract Storage create(StorageLayout layout) throws IOException;

  protected final Storage open(StorageLayout layout) throws IOException {
    Storage s = create(layout);
    opened.add(s);
    return s;
  }

  @AfterEach
  void closeAll() throws Exception {
    for (Storage s : opened) {
      s.close();
    }
  }

  /** Torrent data with no zero bytes, so that a zero read back where data was written shows a bug. */
  static byte[] data(long length, long seed) {
    byte[] b = new byte[Math.toIntExact(length)];
    new Random(seed).nextBytes(b);
    for (int i = 0; i < b.length; i++) {
      if (b[i] == 0) {
        b[i] = 1;
      }
    }
    return b;
  }

  /** What reads must return: the data with padding files zeroed. */
  static byte[] expected(StorageLayout layout, byte[] data) {
    byte[] e = data.clone();
    for (StoredFile f : layout.files()) {
      if (f.padding()) {
        java.util.Arrays.fill(e, (int) f.offset(), (int) f.end(), (byte) 0);
      }
    }
    return e;
  }

  /** Writes all of {@code data} in blocks of {@code block} bytes (piece by piece). */
  static void writeAll(Storage s, StorageLayout layout, byte[] data, int block) throws IOException {
    for (int p = 0; p < layout.pieceCount(); p++) {
      writePiece(s, layout, data, p, block);
    }
  }

  static void writePiece(Storage s, StorageLayout layout, byte[] data, int piece, int block) throws IOException {
    int base = (int) layout.pieceOffset(piece);
    for (int off = 0; off < layout.pieceSize(piece); off += block) {
      int n = Math.min(block, layout.pieceSize(piece) - off);
      ByteBuffer src = ByteBuffer.wrap(data, base + off, n);
      s.write(piece, off, src);
      assertThat(src.hasRemaining()).isFalse();
    }
  }

  static byte[] readAll(Storage s, StorageLayout layout, int block, boolean direct) throws IOException {
    byte[] out = new byte[Math.toIntExact(layout.totalLength())];
    ByteBuffer buf = direct ? ByteBuffer.allocateDirect(block) : ByteBuffer.allocate(block);
    for (int p = 0; p < layout.pieceCount(); p++) {
      int base = (int) layout.pieceOffset(p);
      for (int off = 0; off < layout.pieceSize(p); off += block) {
        int n = Math.min(block, layout.pieceSize(p) - off);
        buf.clear().limit(n);
        s.read(p, off, buf);
        assertThat(buf.hasRemaining()).as("read fills the buffer").isFalse();
        buf.flip().get(out, base + off, n);
      }
    }
    return out;
  }

  static StorageLayout multiFile() {
    return StorageLayout.builder(64 * 1024)
        .file("movie/a.mkv", 10_000)
        .file("movie/sub/b.srt", 70_000)
        .file("movie/empty.txt", 0)
        .file("movie/c.nfo", 50_000)
        .file("movie/d.bin", 131_072)
        .build();
  }

  static Stream<Arguments> layouts() {
    return Stream.of(
        Arguments.of("single file", StorageLayout.singleFile(java.nio.file.Path.of("one.bin"), 100_000, 32 * 1024)),
        Arguments.of("multi file", multiFile()),
        Arguments.of("tiny files, zero-length at both ends", StorageLayout.builder(8)
            .file("t/z0", 0).file("t/a", 3).file("t/z1", 0).file("t/z2", 0).file("t/b", 1).file("t/c", 13)
            .file("t/z3", 0).build()),
        Arguments.of("padding", StorageLayout.builder(32 * 1024)
            .file("p/a", 20_000).padding(12_768).file("p/b", 40_000).padding(25_536).file("p/c", 5).build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void writtenDataReadsBackWhateverTheBlockSize(String name, StorageLayout layout) throws IOException {
    byte[] data = data(layout.totalLength(), 1);
    Storage s = open(layout);
    writeAll(s, layout, data, BLOCK);
    for (int block : new int[] {BLOCK, 1000, 7}) {
      assertThat(readAll(s, layout, block, false)).as("block " + block).isEqualTo(expected(layout, data));
    }
    assertThat(readAll(s, layout, BLOCK, true)).as("direct buffer").isEqualTo(expected(layout, data));
  }

  @Test
  void blockAcrossAFileBoundaryReadsBack() throws IOException {
    StorageLayout layout = multiFile();
    Storage s = open(layout);
    byte[] block = data(BLOCK, 2);
    // a.mkv ends at 10,000: the block covers its last 6,000 bytes and the first 10,384 of b.srt.
    s.write(0, 4_000, ByteBuffer.wrap(block));
    ByteBuffer back = ByteBuffer.allocate(BLOCK);
    s.read(0, 4_000, back);
    assertThat(back.array()).isEqualTo(block);
    // And a part of it that lies in b.srt only.
    ByteBuffer part = ByteBuffer.allocate(100);
    s.read(0, 10_000, part);
    assertThat(part.array()).isEqualTo(java.util.Arrays.copyOfRange(block, 6_000, 6_100));
  }

  @Test
  void blockAcrossAZeroLengthFileReadsBack() throws IOException {
    StorageLayout layout = multiFile();
    Storage s = open(layout);
    // b.srt ends at 80,000, then empty.txt (0 bytes), then c.nfo. Piece 1 starts at 65,536.
    byte[] block = data(BLOCK, 3);
    s.write(1, 80_000 - 65_536 - 100, ByteBuffer.wrap(block));
    ByteBuffer back = ByteBuffer.allocate(BLOCK);
    s.read(1, 80_000 - 65_536 - 100, back);
    assertThat(back.array()).isEqualTo(block);
  }

  @Test
  void paddingReadsAsZerosAndIsNotStored() throws IOException {
    StorageLayout layout = StorageLayout.builder(32).file("a", 20).padding(12).file("b", 40).build();
    Storage s = open(layout);
    // Padding never written: a read inside it alone already succeeds.
    ByteBuffer pad = ByteBuffer.allocate(12);
    s.read(0, 20, pad);
    assertThat(pad.array()).containsOnly(0);
    // Non-zero bytes written over the padding are dropped.
    byte[] piece = data(32, 4);
    s.write(0, 0, ByteBuffer.wrap(piece));
    ByteBuffer back = ByteBuffer.allocate(32);
    s.read(0, 0, back);
    byte[] want = piece.clone();
    java.util.Arrays.fill(want, 20, 32, (byte) 0);
    assertThat(back.array()).isEqualTo(want);
  }

  @Test
  void concurrentWritersToDifferentBlocks() throws Exception {
    StorageLayout layout = StorageLayout.builder(64 * 1024)
        .file("c/a", 100_000).file("c/b", 3).padding(31_069).file("c/c", 200_001).file("c/d", 50_000).build();
    byte[] data = data(layout.totalLength(), 5);
    Storage s = open(layout);
    List<int[]> blocks = new ArrayList<>();
    for (int p = 0; p < layout.pieceCount(); p++) {
      for (int off = 0; off < layout.pieceSize(p); off += BLOCK) {
        blocks.add(new int[] {p, off});
      }
    }
    java.util.Collections.shuffle(blocks, new Random(6));
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int me = t;
        done.add(pool.submit(() -> {
          for (int i = me; i < blocks.size(); i += threads) {
            int p = blocks.get(i)[0];
            int off = blocks.get(i)[1];
            int n = Math.min(BLOCK, layout.pieceSize(p) - off);
            ByteBuffer src = ByteBuffer.allocateDirect(n);
            src.put(data, (int) layout.pieceOffset(p) + off, n).flip();
            s.write(p, off, src);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(readAll(s, layout, BLOCK, false)).isEqualTo(expected(layout, data));
  }

  @Test
  void readOfUnwrittenDataFailsClearly() throws IOException {
    StorageLayout layout = StorageLayout.singleFile(java.nio.file.Path.of("film.mkv"), 100_000, 32 * 1024);
    Storage s = open(layout);
    assertThatThrownBy(() -> s.read(0, 0, ByteBuffer.allocate(BLOCK)))
        .isInstanceOf(MissingDataException.class)
        .hasMessageContaining("film.mkv")
        .hasMessageContaining("piece 0");
    s.write(0, 0, ByteBuffer.wrap(data(BLOCK, 7)));
    // Past what was written in the same file.
    assertThatThrownBy(() -> s.read(2, 0, ByteBuffer.allocate(BLOCK)))
        .isInstanceOf(MissingDataException.class)
        .hasMessageContaining("film.mkv")
        .hasMessageContaining("piece 2");
  }

  @Test
  void readOfAFileNeverWrittenFailsNamingIt() throws IOException {
    StorageLayout layout = multiFile();
    Storage s = open(layout);
    byte[] data = data(layout.totalLength(), 8);
    writePiece(s, layout, data, 0, BLOCK);
    // Piece 3 lies in d.bin alone (from 130,000), which nothing was written to.
    assertThatThrownBy(() -> s.read(3, 0, ByteBuffer.allocate(BLOCK)))
        .isInstanceOf(MissingDataException.class)
        .hasMessageContaining("d.bin");
  }

  @Test
  void multiFileLayoutWithZeroLengthFiles() throws IOException {
    StorageLayout layout = StorageLayout.builder(4)
        .file("z/first-empty", 0).file("z/a", 5).file("z/e1", 0).file("z/e2", 0).file("z/b", 2).file("z/c", 6)
        .file("z/last-empty", 0).build();
    assertThat(layout.pieceCount()).isEqualTo(4);
    byte[] data = data(13, 9);
    Storage s = open(layout);
    // One write per piece, each crossing files.
    writeAll(s, layout, data, 4);
    assertThat(readAll(s, layout, 3, false)).isEqualTo(data);
    assertThat(readAll(s, layout, 1, true)).isEqualTo(data);
  }

  @Test
  void buffersAreUsedFromPositionToLimitAndLimitIsKept() throws IOException {
    StorageLayout layout = multiFile();
    Storage s = open(layout);
    byte[] block = data(BLOCK, 10);
    ByteBuffer src = ByteBuffer.allocate(BLOCK + 200);
    src.position(100).put(block).position(100).limit(100 + BLOCK);
    s.write(0, 1_000, src);
    assertThat(src.position()).isEqualTo(100 + BLOCK);
    assertThat(src.limit()).isEqualTo(100 + BLOCK);

    ByteBuffer dst = ByteBuffer.allocate(BLOCK + 50);
    dst.position(50);
    s.read(0, 1_000, dst);
    assertThat(dst.position()).isEqualTo(BLOCK + 50);
    assertThat(dst.limit()).isEqualTo(BLOCK + 50);
    assertThat(java.util.Arrays.copyOfRange(dst.array(), 50, 50 + BLOCK)).isEqualTo(block);
  }

  @Test
  void emptyBuffersAreNoOps() throws IOException {
    Storage s = open(multiFile());
    s.write(0, 0, ByteBuffer.allocate(0));
    s.read(1, 5, ByteBuffer.allocate(0));
  }

  @Test
  void blocksOutsideThePieceAreRejected() throws IOException {
    StorageLayout layout = StorageLayout.singleFile(java.nio.file.Path.of("f"), 100, 64);
    Storage s = open(layout);
    assertThatThrownBy(() -> s.write(2, 0, ByteBuffer.allocate(1)))
        .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("piece 2");
    assertThatThrownBy(() -> s.write(-1, 0, ByteBuffer.allocate(1)))
        .isInstanceOf(IndexOutOfBoundsException.class);
    // The last piece has 36 bytes.
    assertThatThrownBy(() -> s.write(1, 30, ByteBuffer.allocate(7)))
        .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("36 bytes");
    assertThatThrownBy(() -> s.read(0, 60, ByteBuffer.allocate(5)))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> s.read(0, -1, ByteBuffer.allocate(1)))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void closedStorageRefusesIo() throws IOException {
    StorageLayout layout = multiFile();
    Storage s = open(layout);
    s.write(0, 0, ByteBuffer.allocate(10));
    s.flush();
    s.close();
    s.close();
    assertThatThrownBy(() -> s.write(0, 0, ByteBuffer.allocate(10))).isInstanceOf(IOException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> s.read(0, 0, ByteBuffer.allocate(10))).isInstanceOf(IOException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void rewritingABlockReplacesIt() throws IOException {
    StorageLayout layout = multiFile();
    Storage s = open(layout);
    s.write(0, 9_000, ByteBuffer.wrap(data(2_000, 11)));
    byte[] second = data(2_000, 12);
    s.write(0, 9_000, ByteBuffer.wrap(second));
    ByteBuffer back = ByteBuffer.allocate(2_000);
    s.read(0, 9_000, back);
    assertThat(back.array()).isEqualTo(second);
  }
}
