package dev.reel.engine;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Per-torrent options when adding.
 *
 * @param downloadDir null = the engine's download folder
 * @param extraTrackers announce URLs added as one more tier
 * @param peers peers to dial directly (they are also kept for reconnection)
 * @param filePriorities by file index; files not listed are NORMAL
 * @param paused add without connecting
 * @param seedMode expect complete data: recheck it all first (fast path of `reel seed`)
 * @param downloadLimit per-torrent limit in bytes/s, 0 = unlimited
 * @param uploadLimit per-torrent limit in bytes/s, 0 = unlimited
 */
public record AddOptions(
    Path downloadDir,
    List<String> extraTrackers,
    List<InetSocketAddress> peers,
    Map<Integer, FilePriority> filePriorities,
    boolean paused,
    boolean seedMode,
    long downloadLimit,
    long uploadLimit) {

  public static final AddOptions DEFAULT = new AddOptions(null, List.of(), List.of(), Map.of(), false, false, 0, 0);

  public AddOptions {
    extraTrackers = List.copyOf(extraTrackers);
    peers = List.copyOf(peers);
    filePriorities = Map.copyOf(filePriorities);
  }

  public AddOptions withDownloadDir(Path dir) {
    return new AddOptions(dir, extraTrackers, peers, filePriorities, paused, seedMode, downloadLimit, uploadLimit);
  }

  public AddOptions withTrackers(List<String> trackers) {
    return new AddOptions(downloadDir, trackers, peers, filePriorities, paused, seedMode, downloadLimit, uploadLimit);
  }

  public AddOptions withPeers(List<InetSocketAddress> p) {
    return new AddOptions(downloadDir, extraTrackers, p, filePriorities, paused, seedMode, downloadLimit, uploadLimit);
  }

  public AddOptions withFilePriorities(Map<Integer, FilePriority> p) {
    return new AddOptions(downloadDir, extraTrackers, peers, p, paused, seedMode, downloadLimit, uploadLimit);
  }

  public AddOptions withPaused(boolean p) {
    return new AddOptions(downloadDir, extraTrackers, peers, filePriorities, p, seedMode, downloadLimit, uploadLimit);
  }

  public AddOptions withSeedMode(boolean s) {
    return new AddOptions(downloadDir, extraTrackers, peers, filePriorities, paused, s, downloadLimit, uploadLimit);
  }

  public AddOptions withRateLimits(long down, long up) {
    return new AddOptions(downloadDir, extraTrackers, peers, filePriorities, paused, seedMode, down, up);
  }
}
