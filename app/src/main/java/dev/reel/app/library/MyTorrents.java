package dev.reel.app.library;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reel.app.catalog.mine.MyTorrent;
import dev.reel.app.catalog.mine.MyTorrentsStore;
import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.metainfo.InvalidTorrentException;
import dev.reel.engine.metainfo.Metainfo;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "My torrents" in SQLite: the catalog's {@link MyTorrentsStore} seam, kept across restarts.
 *
 * <p>A torrent's metainfo is stored as its .torrent bytes ({@link Metainfo#toTorrentBytes()}, the info dictionary
 * verbatim, so the info-hash survives) and parsed again when read; at most {@link #MAX_TORRENT_BYTES}. The way it
 * was added ({@code source}: magnet, file or url) is recorded the first time and kept when the entry is replaced.
 * One entry per info-hash: putting a torrent replaces any other entry with the same info-hash. Thread-safe.
 */
public final class MyTorrents implements MyTorrentsStore {
  /** The .torrent size limit of issue 5 (libtorrent's). */
  public static final int MAX_TORRENT_BYTES = 10 * 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(MyTorrents.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final Database db;

  MyTorrents(Database db) {
    this.db = db;
  }

  @Override
  public List<MyTorrent> all() {
    return db.read("list my torrents", c -> Database.query(c, MyTorrents::torrent,
        "SELECT * FROM my_torrent ORDER BY added_at DESC, id"));
  }

  @Override
  public Optional<MyTorrent> find(String id) {
    return db.read("read one of my torrents", c -> Database.queryOne(c, MyTorrents::torrent,
        "SELECT * FROM my_torrent WHERE id = ?", id));
  }

  /** The torrent with this info-hash. */
  public Optional<MyTorrent> find(InfoHash infoHash) {
    return db.read("read one of my torrents", c -> Database.queryOne(c, MyTorrents::torrent,
        "SELECT * FROM my_torrent WHERE info_hash = ?", infoHash.hex()));
  }

  /**
   * Adds a torrent, or replaces the one with the same id; any other entry with the same info-hash goes (a URL entry
   * whose .torrent was fetched becomes the full one).
   *
   * @throws IllegalArgumentException if its .torrent is larger than {@link #MAX_TORRENT_BYTES}
   */
  @Override
  public void put(MyTorrent torrent) {
    byte[] bytes = torrent.metainfo() == null ? null : torrent.metainfo().toTorrentBytes();
    if (bytes != null && bytes.length > MAX_TORRENT_BYTES) {
      throw new IllegalArgumentException("the .torrent has " + bytes.length + " bytes, more than "
          + MAX_TORRENT_BYTES);
    }
    String source = torrent.torrentUrl() != null ? "url" : torrent.metainfo() != null ? "file" : "magnet";
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
            name = excluded.name, info_hash = excluded.info_hash, magnet = excluded.magnet,
            torrent_url = excluded.torrent_url, torrent = excluded.torrent, genres = excluded.genres,
            year = excluded.year, added_at = excluded.added_at""",
          torrent.id(), torrent.name(), torrent.infoHash() == null ? null : torrent.infoHash().hex(), source,
          torrent.magnet(), torrent.torrentUrl() == null ? null : torrent.torrentUrl().toString(), bytes,
          genres(torrent.genres()), torrent.year(), torrent.added().toEpochMilli());
    });
  }

  @Override
  public boolean remove(String id) {
    return db.write("remove one of my torrents",
        c -> Database.update(c, "DELETE FROM my_torrent WHERE id = ?", id)) > 0;
  }

  /** How the torrent with this id was first added: {@code magnet}, {@code file} or {@code url}. */
  public Optional<String> source(String id) {
    return db.read("read how a torrent was added", c -> Database.queryOne(c, row -> row.getString(1),
        "SELECT source FROM my_torrent WHERE id = ?", id));
  }

  private static String genres(List<String> genres) {
    try {
      return JSON.writeValueAsString(genres);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of strings always serialises", e);
    }
  }

  private static MyTorrent torrent(ResultSet row) throws SQLException {
    String id = row.getString("id");
    String hash = row.getString("info_hash");
    String url = row.getString("torrent_url");
    byte[] bytes = row.getBytes("torrent");
    Metainfo metainfo = null;
    if (bytes != null) {
      try {
        metainfo = Metainfo.parse(bytes);
      } catch (InvalidTorrentException e) {
        // Written by us, so only a damaged file gets here; the info-hash and magnet still play it.
        log.warn("my torrent {}: its stored .torrent no longer parses ({}); using its magnet", id, e.getMessage());
      }
    }
    List<String> genres;
    try {
      genres = JSON.readValue(row.getString("genres"), STRINGS);
    } catch (JsonProcessingException e) {
      genres = List.of(); // a hand-edited row; genres are a convenience, the torrent still plays
    }
    return new MyTorrent(id, row.getString("name"), hash == null ? null : InfoHash.fromHex(hash),
        row.getString("magnet"), url == null ? null : URI.create(url), metainfo,
        Instant.ofEpochMilli(row.getLong("added_at")), genres, Database.nullableInt(row, "year"));
  }
}
