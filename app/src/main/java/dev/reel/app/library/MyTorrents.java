package dev.reel.app.library;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reel.engine.metainfo.InfoHash;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * "My torrents": what the user added by magnet, .torrent or URL, kept across restarts. Its four methods are the
 * catalog's {@code MyTorrentsStore} seam (all / find / put / remove), so an adapter to that interface is one line a
 * method. Thread-safe.
 */
public final class MyTorrents {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final Database db;

  MyTorrents(Database db) {
    this.db = db;
  }

  /** Every torrent, most recently added first. */
  public List<StoredTorrent> all() {
    return db.read("list my torrents", c -> Database.query(c, MyTorrents::torrent,
        "SELECT * FROM my_torrent ORDER BY added_at DESC, id"));
  }

  /** The torrent with this id. */
  public Optional<StoredTorrent> find(String id) {
    return db.read("read one of my torrents", c -> Database.queryOne(c, MyTorrents::torrent,
        "SELECT * FROM my_torrent WHERE id = ?", id));
  }

  /** The torrent with this info-hash. */
  public Optional<StoredTorrent> find(InfoHash infoHash) {
    return db.read("read one of my torrents", c -> Database.queryOne(c, MyTorrents::torrent,
        "SELECT * FROM my_torrent WHERE info_hash = ?", infoHash.hex()));
  }

  /**
   * Adds a torrent, or replaces the one with the same id (a URL entry becomes a full one once its .torrent is
   * fetched: put the new one, then remove the URL id). A different entry with the same info-hash is replaced too.
   */
  public void put(StoredTorrent torrent) {
    db.write("save one of my torrents", c -> {
      if (torrent.infoHash() != null) {
        Database.update(c, "DELETE FROM my_torrent WHERE info_hash = ? AND id <> ?",
            torrent.infoHash().hex(), torrent.id());
      }
      return Database.update(c, """
          INSERT INTO my_torrent
            (id, name, info_hash, source, magnet, torrent_url, torrent, genres, year, added_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (id) DO UPDATE SET
            name = excluded.name, info_hash = excluded.info_hash, source = excluded.source,
            magnet = excluded.magnet, torrent_url = excluded.torrent_url, torrent = excluded.torrent,
            genres = excluded.genres, year = excluded.year, added_at = excluded.added_at""",
          torrent.id(), torrent.name(), torrent.infoHash() == null ? null : torrent.infoHash().hex(),
          torrent.source().name().toLowerCase(Locale.ROOT), torrent.magnet(),
          torrent.torrentUrl() == null ? null : torrent.torrentUrl().toString(), torrent.torrent(),
          genres(torrent.genres()), torrent.year(), torrent.added().toEpochMilli());
    });
  }

  /** Removes a torrent; false when there was none with that id. */
  public boolean remove(String id) {
    return db.write("remove one of my torrents",
        c -> Database.update(c, "DELETE FROM my_torrent WHERE id = ?", id)) > 0;
  }

  private static String genres(List<String> genres) {
    try {
      return JSON.writeValueAsString(genres);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of strings always serialises", e);
    }
  }

  private static StoredTorrent torrent(ResultSet row) throws SQLException {
    String hash = row.getString("info_hash");
    String url = row.getString("torrent_url");
    List<String> genres;
    try {
      genres = JSON.readValue(row.getString("genres"), STRINGS);
    } catch (JsonProcessingException e) {
      genres = List.of(); // a hand-edited row; the genres are a convenience, the torrent still plays
    }
    return new StoredTorrent(row.getString("id"), row.getString("name"),
        hash == null ? null : InfoHash.fromHex(hash),
        StoredTorrent.Source.valueOf(row.getString("source").toUpperCase(Locale.ROOT)), row.getString("magnet"),
        url == null ? null : URI.create(url), row.getBytes("torrent"),
        Instant.ofEpochMilli(row.getLong("added_at")), genres, Database.nullableInt(row, "year"));
  }
}
