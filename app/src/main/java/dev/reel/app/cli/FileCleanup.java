package dev.reel.app.cli;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Undoes what a failed download created, so that "no data" leaves nothing behind: remembers which entries the output
 * folder had before, and afterwards deletes the new ones and the output folder itself if we created it and it is
 * empty. Never touches an entry that existed before the command ran.
 */
final class FileCleanup {
  private final Path dir;
  private final boolean dirExisted;
  private final Set<Path> before = new HashSet<>();

  private FileCleanup(Path dir, boolean dirExisted) {
    this.dir = dir;
    this.dirExisted = dirExisted;
  }

  /** Snapshot of {@code dir}'s entries (call before anything is written into it). */
  static FileCleanup snapshot(Path dir) throws IOException {
    FileCleanup c = new FileCleanup(dir, Files.isDirectory(dir));
    if (c.dirExisted) {
      try (Stream<Path> s = Files.list(dir)) {
        s.forEach(p -> c.before.add(p.getFileName()));
      }
    }
    return c;
  }

  /** True if {@code topLevel} (an entry directly in the folder) was there before this command. */
  boolean existedBefore(Path topLevel) {
    return before.contains(topLevel.getFileName());
  }

  /**
   * Deletes the entries named {@code topLevelName} (and anything starting with it, e.g. part files) that this
   * command created, then the folder if it created it and left it empty. Best effort: failures are ignored.
   */
  void removeCreated(String topLevelName) {
    if (Files.isDirectory(dir) && topLevelName != null) {
      try (Stream<Path> s = Files.list(dir)) {
        for (Path p : s.toList()) {
          String name = p.getFileName().toString();
          if (!before.contains(p.getFileName()) && name.startsWith(topLevelName)) {
            deleteTree(p);
          }
        }
      } catch (IOException e) {
        // best effort
      }
    }
    if (!dirExisted) {
      try {
        Files.deleteIfExists(dir); // only succeeds if empty
      } catch (IOException e) {
        // not empty, or gone: leave it
      }
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
              Files.deleteIfExists(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // best effort
    }
  }
}
