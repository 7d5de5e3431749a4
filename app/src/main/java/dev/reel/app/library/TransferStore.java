package dev.reel.app.library;

import dev.reel.engine.FilePriority;
import dev.reel.engine.metainfo.InfoHash;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The transfer list (torrents downloaded to keep), so they come back after a restart. It records; it starts and
 * stops nothing (the app's {@code Transfers} does). One row per info-hash. Thread-safe.
 */
public final class TransferStore {
  /** A stored .torrent is at most this large (the API's upload limit). */
  public static final int MAX_TORRENT_BYTES = MyTorrents.MAX_TORRENT_BYTES;

  private final Database db;
  private final Clock clock;

  TransferStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Adds the transfer, or replaces the one with its info-hash (keeping its added time). Returns what is stored. */
  public TransferRecord put(TransferRecord t) {
    if (t.torrent() != null && t.torrent().length > MAX_TORRENT_BYTES) {
      throw new IllegalArgumentException("a .torrent is at most " + MAX_TORRENT_BYTES + " bytes");
    }
    db.write("record a transfer", c -> Database.update(c, """
        INSERT INTO transfer (info_hash, name, torrent, magnet, save_path, file_priorities, paused, added_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (info_hash) DO UPDATE SET name = excluded.name, torrent = excluded.torrent,
          magnet = excluded.magnet, save_path = excluded.save_path, file_priorities = excluded.file_priorities,
          paused = excluded.paused""",
        t.infoHash().hex(), t.name(), t.torrent(), t.magnet(), t.savePath().toString(),
        encode(t.priorities()), t.paused() ? 1 : 0, t.added() == null ? clock.millis() : t.added().toEpochMilli()));
    return find(t.infoHash()).orElseThrow();
  }

  /** Sets whether the transfer is paused; false if there is none. */
  public boolean setPaused(InfoHash infoHash, boolean paused) {
    return db.write("pause a transfer", c -> Database.update(c,
        "UPDATE transfer SET paused = ? WHERE info_hash = ?", paused ? 1 : 0, infoHash.hex())) > 0;
  }

  /** Replaces the file priorities; false if there is no such transfer. */
  public boolean setPriorities(InfoHash infoHash, Map<Integer, FilePriority> priorities) {
    return db.write("set a transfer's file priorities", c -> Database.update(c,
        "UPDATE transfer SET file_priorities = ? WHERE info_hash = ?", encode(priorities), infoHash.hex())) > 0;
  }

  /** Forgets the transfer; false if there was none. */
  public boolean remove(InfoHash infoHash) {
    return db.write("remove a transfer", c -> Database.update(c,
        "DELETE FROM transfer WHERE info_hash = ?", infoHash.hex())) > 0;
  }

  public Optional<TransferRecord> find(InfoHash infoHash) {
    return db.read("read a transfer", c -> Database.queryOne(c, TransferStore::record,
        "SELECT * FROM transfer WHERE info_hash = ?", infoHash.hex()));
  }

  /** Every transfer, oldest first. */
  public List<TransferRecord> list() {
    return db.read("list the transfers", c -> Database.query(c, TransferStore::record,
        "SELECT * FROM transfer ORDER BY added_at, info_hash"));
  }

  /** The current time of the library's clock, for a new record's {@code added}. */
  public Instant now() {
    return clock.instant();
  }

  static String encode(Map<Integer, FilePriority> priorities) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<Integer, FilePriority> e : new TreeMap<>(priorities).entrySet()) {
      if (e.getValue() == FilePriority.NORMAL) {
        continue;
      }
      if (b.length() > 0) {
        b.append(',');
      }
      b.append(e.getKey()).append('=').append(e.getValue().name().toLowerCase(Locale.ROOT));
    }
    return b.toString();
  }

  /** The inverse of {@link #encode}; unreadable parts are dropped (their files download normally). */
  static Map<Integer, FilePriority> decode(String text) {
    Map<Integer, FilePriority> out = new TreeMap<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String part : text.split(",")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      try {
        out.put(Integer.parseInt(part.substring(0, eq).strip()),
            FilePriority.valueOf(part.substring(eq + 1).strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        // dropped: NORMAL
      }
    }
    return out;
  }

  private static TransferRecord record(ResultSet row) throws SQLException {
    return new TransferRecord(InfoHash.fromHex(row.getString("info_hash")), row.getString("name"),
        row.getBytes("torrent"), row.getString("magnet"), Path.of(row.getString("save_path")),
        decode(row.getString("file_priorities")), row.getInt("paused") == 1,
        Instant.ofEpochMilli(row.getLong("added_at")));
  }
}
