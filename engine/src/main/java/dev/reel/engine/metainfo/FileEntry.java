package dev.reel.engine.metainfo;

import java.util.List;
import java.util.Objects;

/**
 * One file of a torrent, in torrent order. Immutable.
 *
 * @param index position in {@link Metainfo#files()}
 * @param path the raw path elements from the torrent, unsanitized: for a single-file torrent {@code [name]}; for a
 *     multi-file torrent the elements of {@code path} (or {@code path.utf-8}), <em>without</em> the torrent name, which
 *     is the top folder. Pass them through {@link PathSanitizer} before touching the disk (see {@link
 *     Metainfo#resolveFile}).
 * @param length size in bytes
 * @param offset byte offset of the file in the torrent's concatenated data
 * @param padding a BEP 47 padding file: zeros that are never written to disk or shown to the user
 */
public record FileEntry(int index, List<String> path, long length, long offset, boolean padding) {
  public FileEntry {
    path = List.copyOf(Objects.requireNonNull(path, "path"));
    if (path.isEmpty()) {
      throw new IllegalArgumentException("a file needs at least one path element");
    }
    if (length < 0 || offset < 0) {
      throw new IllegalArgumentException("negative length or offset");
    }
  }

  /** The raw path joined with '/', e.g. "Season 1/episode.mkv". For display only, never for the file system. */
  public String displayPath() {
    return String.join("/", path);
  }

  /** Offset one past the file's last byte in the torrent's data. */
  public long end() {
    return offset + length;
  }
}
