package dev.reel.app.library;

import dev.reel.engine.metainfo.InfoHash;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * One torrent's data in the streaming cache: where it is, how many bytes it takes on disk, when it was last watched,
 * whether the film was watched to the end ({@code finished}), and whether the user chose to keep it (a kept entry
 * has been moved to the download folder: it no longer counts against the cache limit and is never evicted).
 * Immutable.
 */
public record CacheEntry(
    InfoHash infoHash, Path path, long sizeBytes, Instant lastWatchedAt, boolean finished, boolean kept) {

  public CacheEntry {
    Objects.requireNonNull(infoHash, "infoHash");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(lastWatchedAt, "lastWatchedAt");
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("a size cannot be negative: " + sizeBytes);
    }
  }
}
