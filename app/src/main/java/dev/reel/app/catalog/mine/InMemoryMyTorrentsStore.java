package dev.reel.app.catalog.mine;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link MyTorrentsStore} in memory, for tests and for running without a library. Thread-safe. */
public final class InMemoryMyTorrentsStore implements MyTorrentsStore {
  private final ConcurrentHashMap<String, MyTorrent> torrents = new ConcurrentHashMap<>();

  @Override
  public List<MyTorrent> all() {
    return torrents.values().stream()
        .sorted(Comparator.comparing(MyTorrent::added).reversed().thenComparing(MyTorrent::id)).toList();
  }

  @Override
  public Optional<MyTorrent> find(String id) {
    return Optional.ofNullable(torrents.get(id));
  }

  @Override
  public void put(MyTorrent torrent) {
    torrents.put(torrent.id(), torrent);
  }

  @Override
  public boolean remove(String id) {
    return torrents.remove(id) != null;
  }
}
