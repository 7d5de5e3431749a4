package dev.reel.app.catalog.mine;

import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.metainfo.Magnet;
import dev.reel.engine.metainfo.Metainfo;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One torrent the user added. Immutable.
 *
 * <p>What is known depends on how it was added: a .torrent gives everything ({@code metainfo}); a magnet gives the
 * info-hash, maybe a name, trackers and web seeds; a URL gives only where to fetch the .torrent until it is fetched
 * (then the store may replace the entry with one made by {@link #of(Metainfo, Instant)}).
 *
 * @param id stable id within the store: the info-hash in hex when known, else {@code url-} and a hash of the URL
 * @param name display name
 * @param infoHash the info-hash, or null when only a URL is known
 * @param magnet the magnet link, or null
 * @param torrentUrl the http(s) URL of the .torrent, or null
 * @param metainfo the parsed .torrent, or null when not (yet) known
 * @param added when the user added it
 * @param genres user-assigned genres (may be empty)
 * @param year the year, when the user or the torrent says so, or null
 */
public record MyTorrent(String id, String name, InfoHash infoHash, String magnet, URI torrentUrl, Metainfo metainfo,
    Instant added, List<String> genres, Integer year) {

  public MyTorrent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(added, "added");
    genres = genres == null ? List.of() : List.copyOf(genres);
    if (infoHash == null && torrentUrl == null) {
      throw new IllegalArgumentException("a torrent needs an info-hash or a .torrent URL");
    }
  }

  /** Added from a .torrent file. */
  public static MyTorrent of(Metainfo m, Instant added) {
    return new MyTorrent(m.infoHash().hex(), m.name(), m.infoHash(), Magnet.of(m).toUri(), null, m, added, List.of(),
        null);
  }

  /** Added from a magnet link. */
  public static MyTorrent of(Magnet m, Instant added) {
    String name = m.displayName().filter(n -> !n.isBlank()).orElse(m.infoHash().hex());
    return new MyTorrent(m.infoHash().hex(), name, m.infoHash(), m.toUri(), null, null, added, List.of(), null);
  }

  /** Added from the URL of a .torrent not fetched yet. */
  public static MyTorrent ofUrl(URI url, Instant added) {
    String path = url.getPath() == null ? "" : url.getPath();
    String last = path.substring(path.lastIndexOf('/') + 1);
    String name = last.isBlank() ? url.getHost() : last;
    return new MyTorrent("url-" + sha256(url.toString()).substring(0, 16), name, null, null, url, null, added,
        List.of(), null);
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }

  public MyTorrent withGenres(List<String> g) {
    return new MyTorrent(id, name, infoHash, magnet, torrentUrl, metainfo, added, g, year);
  }

  public MyTorrent withYear(Integer y) {
    return new MyTorrent(id, name, infoHash, magnet, torrentUrl, metainfo, added, genres, y);
  }
}
