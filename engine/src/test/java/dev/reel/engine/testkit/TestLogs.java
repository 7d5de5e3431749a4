package dev.reel.engine.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInfo;

/**
 * Per-test log folders: {@code target/testkit-logs/<TestClass>.<method>/} relative to the module being tested
 * (surefire runs in the module directory). Kept after the run so a failed interop test can be read afterwards.
 */
public final class TestLogs {
  public static final Path ROOT = Path.of("target", "testkit-logs");

  private TestLogs() {}

  /** The log folder for a test, emptied of any earlier run's files (so stale client state never leaks in). */
  public static Path dir(TestInfo info) {
    String cls = info.getTestClass().map(Class::getSimpleName).orElse("test");
    String method = info.getTestMethod().map(m -> m.getName()).orElse("unknown");
    String display = info.getDisplayName().replaceAll("[^A-Za-z0-9._-]+", "_");
    String name = display.startsWith(method) ? cls + "." + method : cls + "." + method + "." + display;
    Path d = ROOT.resolve(name).toAbsolutePath();
    deleteRecursively(d);
    return dir(name);
  }

  /** Deletes a folder tree if it exists. */
  public static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }

  /** The (created) log folder with the given name. */
  public static Path dir(String name) {
    Path d = ROOT.resolve(name).toAbsolutePath();
    try {
      Files.createDirectories(d);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create log folder " + d, e);
    }
    return d;
  }
}
