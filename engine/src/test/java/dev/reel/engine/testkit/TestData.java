package dev.reel.engine.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Deterministic test content: the same (seed, size) always gives the same bytes, so info-hashes are stable across
 * runs and machines. Plus a byte-for-byte tree comparison. Stateless and thread-safe.
 */
public final class TestData {
  private static final int CHUNK = 64 * 1024;

  private TestData() {}

  /** {@code size} pseudo-random bytes from {@code seed}. */
  public static byte[] bytes(long seed, int size) {
    byte[] b = new byte[size];
    fill(new SplittableRandom(seed), b, size);
    return b;
  }

  /** Writes a file of {@code size} pseudo-random bytes from {@code seed} (parents created); returns it. */
  public static Path file(Path file, long size, long seed) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      SplittableRandom rnd = new SplittableRandom(seed);
      byte[] buf = new byte[CHUNK];
      try (OutputStream out = Files.newOutputStream(file)) {
        for (long left = size; left > 0; ) {
          int n = (int) Math.min(CHUNK, left);
          fill(rnd, buf, n);
          out.write(buf, 0, n);
          left -= n;
        }
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write test file " + file, e);
    }
  }

  /** One file of a {@link #tree}: its path relative to the tree root, and its length. */
  public record TreeFile(String relativePath, long length) {}

  /**
   * The layout written by {@link #tree}, for a given piece length: four levels deep, one zero-length file, files
   * shorter than a piece, exactly one piece, and lengths that are not multiples of the piece length (so pieces span
   * file boundaries). Total a little over 8 pieces + 1 MiB.
   */
  public static List<TreeFile> treeLayout(int pieceLength) {
    return List.of(
        new TreeFile("a.bin", 3L * pieceLength + 123),
        new TreeFile("empty.dat", 0),
        new TreeFile("sub/b.bin", 2L * pieceLength),
        new TreeFile("sub/small.txt", 777),
        new TreeFile("sub/deeper/c.bin", pieceLength / 2 + 7),
        new TreeFile("sub/deeper/deepest/d.bin", pieceLength + 1),
        new TreeFile("z/e.bin", (1 << 20) + 1));
  }

  /** Writes {@link #treeLayout} under {@code root} (file i gets seed {@code seed + i}); returns {@code root}. */
  public static Path tree(Path root, int pieceLength, long seed) {
    List<TreeFile> layout = treeLayout(pieceLength);
    for (int i = 0; i < layout.size(); i++) {
      file(root.resolve(layout.get(i).relativePath()), layout.get(i).length(), seed + i);
    }
    return root;
  }

  /** Flips every bit of the byte at {@code offset} (to make a seed serve bad data). */
  public static void corrupt(Path file, long offset) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      if (ch.read(b, offset) != 1) {
        throw new IllegalArgumentException("offset " + offset + " is past the end of " + file);
      }
      b.put(0, (byte) ~b.get(0)).rewind();
      ch.write(b, offset);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot corrupt " + file, e);
    }
  }

  /**
   * Asserts that {@code actual} holds exactly the regular files of {@code expected} (same relative paths, same
   * bytes; zero-length files included; empty directories ignored). Either may be a single file.
   */
  public static void assertSameTree(Path expected, Path actual) {
    TreeMap<String, Path> want = files(expected);
    TreeMap<String, Path> got = files(actual);
    assertThat(got.keySet()).as("files under %s compared with %s", actual, expected)
        .containsExactlyElementsOf(want.keySet());
    for (var e : want.entrySet()) {
      Path w = e.getValue();
      Path g = got.get(e.getKey());
      try {
        assertThat(Files.size(g)).as("length of %s", g).isEqualTo(Files.size(w));
        long mismatch = Files.mismatch(w, g);
        assertThat(mismatch).as("first differing byte of %s (vs %s), -1 = identical", g, w).isEqualTo(-1L);
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    }
  }

  private static TreeMap<String, Path> files(Path root) {
    TreeMap<String, Path> out = new TreeMap<>();
    if (Files.isRegularFile(root)) {
      out.put(root.getFileName().toString(), root);
      return out;
    }
    assertThat(root).as("directory to compare").isDirectory();
    try (Stream<Path> s = Files.walk(root)) {
      s.filter(Files::isRegularFile).forEach(p -> out.put(root.relativize(p).toString().replace('\\', '/'), p));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static void fill(SplittableRandom rnd, byte[] b, int n) {
    for (int i = 0; i < n; i += 8) {
      long v = rnd.nextLong();
      for (int j = 0; j < 8 && i + j < n; j++) {
        b[i + j] = (byte) (v >>> (8 * j));
      }
    }
  }
}
