package dev.reel.app.play;

import dev.reel.engine.TorrentSource;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * What to play: a torrent (with its metainfo when known, so no metadata fetch is needed), extra peers and trackers,
 * and which file: {@code fileIdx}, else the file named {@code fileName}, else the best video. {@code item} is the
 * library video being played (opaque here, shown back in the session), or null. Immutable.
 */
public record PlayTarget(TorrentSource source, List<InetSocketAddress> peers, List<String> trackers, Integer fileIdx,
    String fileName, Object item) {
  public PlayTarget {
    peers = List.copyOf(peers);
    trackers = List.copyOf(trackers);
  }
}
