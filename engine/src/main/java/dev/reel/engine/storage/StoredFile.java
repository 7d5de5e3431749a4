package dev.reel.engine.storage;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One file of a torrent as laid out in the piece space (BEP 3): the files are concatenated in order, so the file
 * starts {@code offset} bytes into the torrent's data and covers {@code length} bytes.
 *
 * @param relativePath where the file lives below the storage root; relative, normalized, without {@code ..}
 *     elements (the session has sanitized it already; this record checks it again)
 * @param length the file's length in bytes, {@code >= 0}
 * @param offset the byte offset of the file's first byte in the torrent's concatenated data
 * @param padding a BEP 47 padding file: never written to disk, reads as zeros
 */
public record StoredFile(Path relativePath, long length, long offset, boolean padding) {
  public StoredFile {
    Objects.requireNonNull(relativePath, "relativePath");
    if (length < 0) {
      throw new IllegalArgumentException("file " + relativePath + " has a negative length: " + length);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("file " + relativePath + " has a negative offset: " + offset);
    }
    checkRelative(relativePath);
  }

  /** The offset one past the file's last byte in the torrent's data. */
  public long end() {
    return offset + length;
  }

  // Checks that path stays below whatever root it is resolved against.
  private static void checkRelative(Path p) {
    if (p.isAbsolute() || p.getRoot() != null) {
      throw new IllegalArgumentException("file path must be relative: " + p);
    }
    if (p.getNameCount() == 0 || p.toString().isEmpty()) {
      throw new IllegalArgumentException("file path is empty");
    }
    for (Path element : p) {
      String e = element.toString();
      if (e.isEmpty() || e.equals(".") || e.equals("..")) {
        throw new IllegalArgumentException("file path must not contain '" + e + "': " + p);
      }
    }
  }
}
