package dev.reel.app.api;

import dev.reel.app.catalog.mine.MyTorrent;
import dev.reel.app.catalog.mine.MyTorrentsStore;
import dev.reel.app.library.MyTorrents;
import java.util.List;
import java.util.Optional;

/** The catalog's "My torrents" seam over the SQLite library (which implements it directly). Thread-safe. */
public final class LibraryTorrents implements MyTorrentsStore {
  private final MyTorrents store;

  public LibraryTorrents(MyTorrents store) {
    this.store = store;
  }

  @Override
  public List<MyTorrent> all() {
    return store.all();
  }

  @Override
  public Optional<MyTorrent> find(String id) {
    return store.find(id);
  }

  @Override
  public void put(MyTorrent t) {
    store.put(t);
  }

  @Override
  public boolean remove(String id) {
    return store.remove(id);
  }
}
