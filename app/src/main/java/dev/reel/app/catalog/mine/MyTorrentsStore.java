package dev.reel.app.catalog.mine;

import java.util.List;
import java.util.Optional;

/**
 * Where the user's torrents are kept: the seam between the "My torrents" provider and the library (SQLite) that
 * implements it. Implementations are thread-safe.
 */
public interface MyTorrentsStore {
  /** Every torrent, most recently added first. */
  List<MyTorrent> all();

  /** The torrent with this {@link MyTorrent#id()}. */
  Optional<MyTorrent> find(String id);

  /** Adds or replaces (same id) a torrent. */
  void put(MyTorrent torrent);

  /** Removes a torrent; false when there was none with that id. */
  boolean remove(String id);
}
