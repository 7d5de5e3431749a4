package dev.reel.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStorageTest extends StorageContract {
  @TempDir Path tmp;

  private Path root() {
    return tmp.resolve("downloads");
  }

  @Override
  protected Storage create(StorageLayout layout) {
    return new FileStorage(root(), layout);
  }

  private FileStorage openFiles(StorageLayout layout) throws IOException {
    return (FileStorage) open(layout);
  }

  @Test
  void filesOnDiskHoldTheirSliceOfTheData() throws IOException {
    StorageLayout layout = multiFile();
    byte[] data = data(layout.totalLength(), 20);
    FileStorage s = openFiles(layout);
    writeAll(s, layout, data, BLOCK);
    s.flush();
    for (StoredFile f : layout.files()) {
      Path p = root().resolve(f.relativePath());
      if (f.length() == 0) {
        assertThat(p).as("zero-length files wait for createEmptyFiles").doesNotExist();
      } else {
        assertThat(Files.readAllBytes(p))
            .isEqualTo(Arrays.copyOfRange(data, (int) f.offset(), (int) f.end()));
      }
    }
  }

  @Test
  void paddingFilesAreNeverCreated() throws IOException {
    StorageLayout layout = StorageLayout.builder(32).file("t/a", 20).padding(12).file("t/b", 40).build();
    FileStorage s = openFiles(layout);
    writeAll(s, layout, data(72, 21), 16);
    s.createEmptyFiles();
    assertThat(root().resolve(".pad")).doesNotExist();
    assertThat(root().resolve("t/a")).hasSize(20);
    assertThat(root().resolve("t/b")).hasSize(40);
  }

  @Test
  void zeroLengthFilesAreCreatedOnRequest() throws IOException {
    StorageLayout layout = StorageLayout.builder(16).file("t/deep/dir/empty", 0).file("t/a", 10).build();
    FileStorage s = openFiles(layout);
    Path empty = root().resolve("t/deep/dir/empty");
    assertThat(empty).doesNotExist();
    s.createEmptyFiles();
    assertThat(empty).isRegularFile().isEmptyFile();
    s.createEmptyFiles(); // idempotent
    assertThat(root().resolve("t/a")).doesNotExist();
  }

  @Test
  void existingDataIsReadAfterReopening() throws IOException {
    StorageLayout layout = multiFile();
    byte[] data = data(layout.totalLength(), 22);
    FileStorage first = openFiles(layout);
    writeAll(first, layout, data, BLOCK);
    first.close();
    FileStorage second = openFiles(layout);
    assertThat(readAll(second, layout, BLOCK, false)).isEqualTo(data);
  }

  @Test
  void aFileShorterThanNeededFailsSayingWhereItEnds() throws IOException {
    StorageLayout layout = StorageLayout.singleFile(Path.of("show.mkv"), 100_000, 32 * 1024);
    Files.createDirectories(root());
    Files.write(root().resolve("show.mkv"), new byte[40_000]);
    FileStorage s = openFiles(layout);
    ByteBuffer ok = ByteBuffer.allocate(BLOCK);
    s.read(0, 0, ok);
    assertThatThrownBy(() -> s.read(1, 0, ByteBuffer.allocate(BLOCK)))
        .isInstanceOf(MissingDataException.class)
        .hasMessageContaining("show.mkv")
        .hasMessageContaining("ends at byte 40000");
  }

  @Test
  void availableBytesTellsWhatIsOnDisk() throws IOException {
    StorageLayout layout = StorageLayout.builder(16)
        .file("t/full", 10).file("t/short", 10).file("t/missing", 10).padding(2).file("t/empty", 0).build();
    Files.createDirectories(root().resolve("t"));
    Files.write(root().resolve("t/full"), new byte[12]);
    Files.write(root().resolve("t/short"), new byte[4]);
    FileStorage s = openFiles(layout);
    assertThat(s.availableBytes(0)).isEqualTo(10);
    assertThat(s.availableBytes(1)).isEqualTo(4);
    assertThat(s.availableBytes(2)).isZero();
    assertThat(s.availableBytes(3)).as("padding").isEqualTo(2);
    assertThat(s.availableBytes(4)).isZero();
  }

  @Test
  void moreFilesThanMayBeOpenAtOnce() throws IOException {
    StorageLayout.Builder b = StorageLayout.builder(1000);
    for (int i = 0; i < 40; i++) {
      b.file("many/f" + i, 777);
    }
    StorageLayout layout = b.build();
    byte[] data = data(layout.totalLength(), 23);
    FileStorage s = new FileStorage(root(), layout, 4);
    try {
      writeAll(s, layout, data, 300);
      assertThat(s.openFiles()).isLessThanOrEqualTo(4);
      s.flush(); // forces files that were closed since they were written
      assertThat(readAll(s, layout, 512, false)).isEqualTo(data);
      assertThat(s.openFiles()).isLessThanOrEqualTo(4);
    } finally {
      s.close();
    }
  }

  @Test
  void concurrentIoWhileFilesAreEvicted() throws Exception {
    StorageLayout.Builder b = StorageLayout.builder(4096);
    for (int i = 0; i < 30; i++) {
      b.file("evict/f" + i, 1000 + i * 37);
    }
    StorageLayout layout = b.build();
    byte[] data = data(layout.totalLength(), 24);
    FileStorage s = new FileStorage(root(), layout, 2);
    int threads = 6;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int me = t;
        done.add(pool.submit(() -> {
          for (int p = me; p < layout.pieceCount(); p += threads) {
            writePiece(s, layout, data, p, 1024);
            ByteBuffer back = ByteBuffer.allocate(layout.pieceSize(p));
            s.read(p, 0, back);
            assertThat(back.array()).isEqualTo(
                Arrays.copyOfRange(data, (int) layout.pieceOffset(p), (int) layout.pieceOffset(p) + back.capacity()));
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      assertThat(readAll(s, layout, 4096, true)).isEqualTo(data);
    } finally {
      pool.shutdownNow();
      s.close();
    }
  }

  @Test
  void anInterruptedWriterDoesNotBreakTheStorageForOthers() throws IOException {
    StorageLayout layout = multiFile();
    byte[] data = data(layout.totalLength(), 25);
    FileStorage s = openFiles(layout);
    writePiece(s, layout, data, 0, BLOCK);
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> s.write(0, 0, ByteBuffer.wrap(data, 0, 100)))
          .isInstanceOf(ClosedByInterruptException.class);
    } finally {
      Thread.interrupted();
    }
    // The channel the interrupt closed is replaced transparently.
    writeAll(s, layout, data, BLOCK);
    assertThat(readAll(s, layout, BLOCK, false)).isEqualTo(data);
  }

  @Test
  void writersCarryOnWhileAnotherThreadKeepsGettingInterrupted() throws Exception {
    StorageLayout layout = StorageLayout.builder(64 * 1024).file("i/a", 300_000).file("i/b", 300_000).build();
    byte[] data = data(layout.totalLength(), 28);
    FileStorage s = openFiles(layout);
    // Both files exist before the interrupted reader starts, so each of its reads reaches the channel.
    writePiece(s, layout, data, 0, BLOCK);
    writePiece(s, layout, data, layout.pieceCount() - 1, BLOCK);
    int writers = 3;
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < writers; t++) {
        int me = t;
        done.add(pool.submit(() -> {
          for (int round = 0; round < 5; round++) {
            for (int p = me; p < layout.pieceCount(); p += writers) {
              writePiece(s, layout, data, p, 4096);
            }
          }
          return null;
        }));
      }
      Future<Integer> interrupted = pool.submit(() -> {
        int closedByInterrupt = 0;
        for (int i = 0; i < 200; i++) {
          Thread.currentThread().interrupt();
          try {
            s.read(i % 2 == 0 ? 0 : layout.pieceCount() - 1, 0, ByteBuffer.allocate(10));
          } catch (ClosedByInterruptException e) {
            closedByInterrupt++;
          } finally {
            Thread.interrupted();
          }
        }
        return closedByInterrupt;
      });
      for (Future<?> f : done) {
        f.get();
      }
      assertThat(interrupted.get()).isPositive();
    } finally {
      pool.shutdownNow();
    }
    assertThat(readAll(s, layout, BLOCK, false)).isEqualTo(data);
  }

  @Test
  void deleteDataRemovesTheTorrentsFilesAndTheDirectoriesItEmptied() throws IOException {
    StorageLayout layout = StorageLayout.builder(16)
        .file("show/s1/e1.mkv", 20).file("show/s1/e2.mkv", 20).file("show/s2/e1.mkv", 20).file("show/empty", 0)
        .padding(4).file("show/extras/x", 5).build();
    FileStorage s = openFiles(layout);
    writeAll(s, layout, data(layout.totalLength(), 26), 16);
    s.createEmptyFiles();
    Files.writeString(root().resolve("show/s2/notes.txt"), "the user's own file");
    Files.writeString(root().resolve("other.txt"), "another download");
    Files.createDirectories(root().resolve("show/s1/unrelated-empty-dir"));

    s.deleteData();

    assertThat(root()).isDirectory();
    assertThat(root().resolve("other.txt")).exists();
    assertThat(root().resolve("show/s2/notes.txt")).exists();
    assertThat(root().resolve("show/s2/e1.mkv")).doesNotExist();
    assertThat(root().resolve("show/empty")).doesNotExist();
    assertThat(root().resolve("show/extras")).doesNotExist();
    assertThat(root().resolve("show/s1/e1.mkv")).doesNotExist();
    // s1 still holds a directory the torrent did not create, so it stays.
    assertThat(root().resolve("show/s1/unrelated-empty-dir")).isDirectory();
    assertThatThrownBy(() -> s.read(0, 0, ByteBuffer.allocate(1))).hasMessageContaining("closed");
  }

  @Test
  void deleteDataRemovesEmptiedDirectoriesUpToButNotIncludingTheRoot() throws IOException {
    StorageLayout layout = StorageLayout.builder(16).file("a/b/c/file", 10).build();
    FileStorage s = openFiles(layout);
    writeAll(s, layout, data(10, 27), 16);
    s.deleteData();
    assertThat(root()).isDirectory().isEmptyDirectory();
  }

  @Test
  void deleteDataNeverFollowsALinkOutOfTheRoot() throws IOException {
    Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
    Path victim = Files.writeString(outside.resolve("precious"), "keep me");
    Files.createDirectories(root().resolve("t"));
    Files.createSymbolicLink(root().resolve("t/link"), outside);
    StorageLayout layout = StorageLayout.builder(16).file("t/link/precious", 7).file("t/own", 3).build();
    FileStorage s = openFiles(layout);
    s.write(0, 7, ByteBuffer.wrap(new byte[] {1, 2, 3}));
    s.deleteData();
    assertThat(victim).hasContent("keep me");
    assertThat(root().resolve("t/own")).doesNotExist();
  }

  /**
   * A symbolic link already in the download folder (left by the user, another program or an earlier download) must
   * not let a torrent write outside the folder: neither a linked folder on the way nor a linked file at the end.
   */
  @Test
  void neverWritesOrReadsThroughALinkOutOfTheRoot() throws IOException {
    Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
    Path victim = Files.writeString(outside.resolve("precious"), "keep me");
    Files.createDirectories(root().resolve("t"));
    Files.createSymbolicLink(root().resolve("t/dir"), outside);
    Files.createSymbolicLink(root().resolve("t/file"), victim);
    StorageLayout layout = StorageLayout.builder(16).file("t/dir/precious", 7).file("t/file", 7)
        .file("t/dir/new", 2).build();
    FileStorage s = openFiles(layout);
    assertThatThrownBy(() -> s.write(0, 0, ByteBuffer.wrap(new byte[] {1, 2, 3})))
        .isInstanceOf(IOException.class).hasMessageContaining("symbolic link");
    assertThatThrownBy(() -> s.write(0, 7, ByteBuffer.wrap(new byte[] {1, 2, 3})))
        .isInstanceOf(IOException.class).hasMessageContaining("symbolic link");
    assertThatThrownBy(() -> s.write(0, 14, ByteBuffer.wrap(new byte[] {1, 2})))
        .isInstanceOf(IOException.class).hasMessageContaining("symbolic link");
    assertThatThrownBy(() -> s.read(0, 0, ByteBuffer.allocate(7))).isInstanceOf(IOException.class)
        .hasMessageContaining("symbolic link");
    assertThatThrownBy(() -> s.read(0, 7, ByteBuffer.allocate(7))).isInstanceOf(IOException.class)
        .hasMessageContaining("symbolic link");
    assertThat(victim).hasContent("keep me");
    assertThat(outside.resolve("new")).doesNotExist();
    s.close();
  }

  @Test
  void aRootThatIsALinkAndLinksInsideTheRootStillWork() throws IOException {
    Path real = Files.createDirectories(tmp.resolve("real"));
    Files.createSymbolicLink(tmp.resolve("downloads"), real);
    Files.createDirectories(real.resolve("t/inside"));
    Files.createSymbolicLink(real.resolve("t/alias"), real.resolve("t/inside"));
    StorageLayout layout = StorageLayout.builder(16).file("t/alias/a", 10).file("t/b", 6).build();
    FileStorage s = openFiles(layout);
    writeAll(s, layout, data(16, 3), 16);
    s.flush();
    assertThat(Files.readAllBytes(real.resolve("t/inside/a"))).isEqualTo(Arrays.copyOfRange(data(16, 3), 0, 10));
    ByteBuffer back = ByteBuffer.allocate(16);
    s.read(0, 0, back);
    assertThat(back.array()).isEqualTo(data(16, 3));
    s.close();
  }

  @Test
  void deleteDataOnAStorageThatNeverWroteIsHarmless() throws IOException {
    FileStorage s = openFiles(multiFile());
    s.deleteData();
    assertThat(root()).doesNotExist();
  }

  @Test
  void pathsAreResolvedStrictlyUnderTheRoot() {
    assertThat(FileStorage.resolve(Path.of("/data"), Path.of("a/b"))).isEqualTo(Path.of("/data/a/b"));
    assertThatThrownBy(() -> new StoredFile(Path.of("../x"), 1, 0, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("..");
    assertThatThrownBy(() -> new StoredFile(Path.of("a/../../x"), 1, 0, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StoredFile(Path.of("/etc/passwd"), 1, 0, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("relative");
    assertThatThrownBy(() -> new StoredFile(Path.of(""), 1, 0, false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
