package dev.reel.app.play;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** File operations of the streaming cache: delete a torrent's folder, move a kept film, pick a free name. */
final class CacheFiles {
  private static final Logger LOG = LoggerFactory.getLogger(CacheFiles.class);

  private CacheFiles() {}


  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      LOG.warn("cannot delete {}: {}", root, e.toString());
    }
  }

  static void moveTree(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // another file system: copy, then delete
      try (var walk = Files.walk(from)) {
        for (Path p : walk.toList()) {
          Path dest = to.resolve(from.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(dest);
          } else {
            Files.copy(p, dest, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES); // keeps the mtime: resume
          }
        }
      }
      deleteTree(from);
    }
  }

  static Path freeName(Path p) {
    if (!Files.exists(p)) {
      return p;
    }
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String base = dot > 0 ? name.substring(0, dot) : name;
    String ext = dot > 0 ? name.substring(dot) : "";
    for (int i = 2; ; i++) {
      Path c = p.resolveSibling(base + " (" + i + ")" + ext);
      if (!Files.exists(c)) {
        return c;
      }
    }
  }
}
