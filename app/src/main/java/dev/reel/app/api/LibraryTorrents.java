package dev.reel.app.api;

import dev.reel.app.catalog.mine.MyTorrent;
import dev.reel.app.catalog.mine.MyTorrentsStore;
import dev.reel.app.library.MyTorrents;
import dev.reel.app.library.StoredTorrent;
import dev.reel.engine.metainfo.InvalidTorrentException;
import dev.reel.engine.metainfo.Metainfo;
import java.util.List;
import java.util.Optional;

/** The catalog's "My torrents" seam over the SQLite library. Thread-safe. */
public final class LibraryTorrents implements MyTorrentsStore {
  private final MyTorrents store;

  public LibraryTorrents(MyTorrents store) {
    this.store = store;
  }

  @Override
  public List<MyTorrent> all() {
    return store.all().stream().map(LibraryTorrents::toCatalog).toList();
  }

  @Override
  public Optional<MyTorrent> find(String id) {
    return store.find(id).map(LibraryTorrents::toCatalog);
  }

  @Override
  public void put(MyTorrent t) {
    StoredTorrent.Source source = t.torrentUrl() != null ? StoredTorrent.Source.URL
        : t.metainfo() != null ? StoredTorrent.Source.FILE : StoredTorrent.Source.MAGNET;
    store.put(new StoredTorrent(t.id(), t.name(), t.infoHash(), source, t.magnet(), t.torrentUrl(),
        t.metainfo() == null ? null : t.metainfo().toTorrentBytes(), t.added(), t.genres(), t.year()));
  }

  @Override
  public boolean remove(String id) {
    return store.remove(id);
  }

  static MyTorrent toCatalog(StoredTorrent s) {
    Metainfo m = null;
    if (s.torrent() != null) {
      try {
        m = Metainfo.parse(s.torrent());
      } catch (InvalidTorrentException e) {
        m = null; // a damaged row still lists; it plays by magnet
      }
    }
    return new MyTorrent(s.id(), s.name(), s.infoHash(), s.magnet(), s.torrentUrl(), m, s.added(), s.genres(),
        s.year());
  }
}
