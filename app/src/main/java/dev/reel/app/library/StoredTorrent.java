package dev.reel.app.library;

import dev.reel.engine.metainfo.InfoHash;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A torrent the user added ("My torrents"), as the library keeps it. Field for field the catalog's
 * {@code dev.reel.app.catalog.mine.MyTorrent}, except that the parsed metainfo is kept as the .torrent's raw bytes
 * (the info-hash is over them, so they are kept exactly as received). Immutable: the byte array is copied in and
 * out, and {@code equals} compares it by reference, so compare {@link #torrent()} contents with
 * {@link java.util.Arrays#equals(byte[], byte[])}.
 *
 * @param id the info-hash in hex when known, else an id derived from the URL (the catalog's rule)
 * @param name display name
 * @param infoHash the info-hash, or null when only a .torrent URL is known
 * @param source how the user added it
 * @param magnet the magnet link, or null
 * @param torrentUrl the http(s) URL of the .torrent, or null
 * @param torrent the .torrent's bytes (at most {@link #MAX_TORRENT_BYTES}), or null when not known yet
 * @param added when the user added it
 * @param genres genres the user gave it (may be empty)
 * @param year the year, or null
 */
public record StoredTorrent(String id, String name, InfoHash infoHash, Source source, String magnet, URI torrentUrl,
    byte[] torrent, Instant added, List<String> genres, Integer year) {

  /** The .torrent size limit of issue 5 (libtorrent's). */
  public static final int MAX_TORRENT_BYTES = 10 * 1024 * 1024;

  /** How the user added a torrent. */
  public enum Source {
    MAGNET,
    FILE,
    URL
  }

  public StoredTorrent {
    ItemRef.check("torrent id", id);
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(added, "added");
    genres = genres == null ? List.of() : List.copyOf(genres);
    if (infoHash == null && torrentUrl == null) {
      throw new IllegalArgumentException("a torrent needs an info-hash or a .torrent URL");
    }
    if (torrent != null) {
      if (torrent.length > MAX_TORRENT_BYTES) {
        throw new IllegalArgumentException(
            "the .torrent has " + torrent.length + " bytes, more than " + MAX_TORRENT_BYTES);
      }
      torrent = torrent.clone();
    }
  }

  @Override
  public byte[] torrent() {
    return torrent == null ? null : torrent.clone();
  }
}
