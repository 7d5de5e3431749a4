package dev.reel.engine.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What a file looked like on disk when resume data was saved: its size and last-modified time. A file whose stamp
 * changed since may have been altered, so its pieces are no longer trusted.
 *
 * @param length size in bytes, or -1 when the file did not exist
 * @param lastModifiedMillis last-modified time in milliseconds since the epoch (0 when missing)
 */
public record FileStamp(long length, long lastModifiedMillis) {
  /** The stamp of a file that does not exist (or is not a regular file). */
  public static final FileStamp MISSING = new FileStamp(-1, 0);

  /** The stamp of {@code path} now; {@link #MISSING} if it does not exist or is not a regular file. */
  public static FileStamp of(Path path) throws IOException {
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      if (!a.isRegularFile()) {
        return MISSING;
      }
      return new FileStamp(a.size(), a.lastModifiedTime().toMillis());
    } catch (NoSuchFileException e) {
      return MISSING;
    }
  }

  public boolean missing() {
    return length < 0;
  }
}
