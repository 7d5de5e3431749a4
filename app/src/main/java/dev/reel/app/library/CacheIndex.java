package dev.reel.app.library;

import dev.reel.engine.metainfo.InfoHash;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The bookkeeping of the streaming cache: which torrents it holds, their size and when each was last watched. It
 * records; it moves and deletes no files (the streamer does that, guided by {@link CachePolicy}). Thread-safe.
 */
public final class CacheIndex {
  private final Database db;
  private final Clock clock;

  CacheIndex(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * Records that the torrent is being watched now: creates its entry, or updates its path and size and sets its last
   * watched time to now.
   */
  public CacheEntry touch(InfoHash infoHash, Path path, long sizeBytes) {
    Objects.requireNonNull(infoHash, "infoHash");
    Objects.requireNonNull(path, "path");
    checkSize(sizeBytes);
    long now = clock.millis();
    db.write("record a cache entry", c -> Database.update(c, """
        INSERT INTO cache_entry (info_hash, path, size_bytes, last_watched_at, finished, kept)
        VALUES (?, ?, ?, ?, 0, 0)
        ON CONFLICT (info_hash) DO UPDATE SET
          path = excluded.path, size_bytes = excluded.size_bytes, last_watched_at = excluded.last_watched_at""",
        infoHash.hex(), path.toString(), sizeBytes, now));
    return find(infoHash).orElseThrow();
  }

  /** Updates how many bytes the entry takes, without counting as watching; false if there is no entry. */
  public boolean updateSize(InfoHash infoHash, long sizeBytes) {
    checkSize(sizeBytes);
    return db.write("update a cache entry's size", c -> Database.update(c,
        "UPDATE cache_entry SET size_bytes = ? WHERE info_hash = ?", sizeBytes, infoHash.hex())) > 0;
  }

  /** Marks whether the film was watched to the end; false if there is no entry. */
  public boolean setFinished(InfoHash infoHash, boolean finished) {
    return db.write("mark a cache entry finished", c -> Database.update(c,
        "UPDATE cache_entry SET finished = ? WHERE info_hash = ?", finished ? 1 : 0, infoHash.hex())) > 0;
  }

  /**
   * Records that the user kept the torrent and its data now lives at {@code newPath} (in the download folder): it
   * leaves the cache's accounting. False if there is no entry.
   */
  public boolean keep(InfoHash infoHash, Path newPath) {
    Objects.requireNonNull(newPath, "newPath");
    return db.write("keep a cache entry", c -> Database.update(c,
        "UPDATE cache_entry SET kept = 1, path = ? WHERE info_hash = ?", newPath.toString(), infoHash.hex())) > 0;
  }

  /** Forgets the entry (after its files were deleted); false if there was none. */
  public boolean remove(InfoHash infoHash) {
    return db.write("remove a cache entry", c -> Database.update(c,
        "DELETE FROM cache_entry WHERE info_hash = ?", infoHash.hex())) > 0;
  }

  /** The entry for a torrent. */
  public Optional<CacheEntry> find(InfoHash infoHash) {
    return db.read("read a cache entry", c -> Database.queryOne(c, CacheIndex::entry,
        "SELECT * FROM cache_entry WHERE info_hash = ?", infoHash.hex()));
  }

  /** Every entry, least recently watched first (the input {@link CachePolicy} expects). */
  public List<CacheEntry> list() {
    return db.read("list the cache", c -> Database.query(c, CacheIndex::entry,
        "SELECT * FROM cache_entry ORDER BY last_watched_at, info_hash"));
  }

  /** Bytes the cache holds, kept entries excluded. */
  public long usedBytes() {
    return db.read("sum the cache", c -> Database.queryLong(c,
        "SELECT coalesce(sum(size_bytes), 0) FROM cache_entry WHERE kept = 0"));
  }

  private static void checkSize(long sizeBytes) {
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("a size cannot be negative: " + sizeBytes);
    }
  }

  private static CacheEntry entry(ResultSet row) throws SQLException {
    return new CacheEntry(InfoHash.fromHex(row.getString("info_hash")), Path.of(row.getString("path")),
        row.getLong("size_bytes"), Instant.ofEpochMilli(row.getLong("last_watched_at")),
        row.getInt("finished") != 0, row.getInt("kept") != 0);
  }
}
