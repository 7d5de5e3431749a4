package dev.reel.engine;

/**
 * One file of a torrent.
 *
 * @param path path inside the torrent, '/'-separated, as the torrent names it (not yet sanitized)
 * @param verifiedBytes bytes of this file covered by verified pieces
 */
public record FileStatus(int index, String path, long length, long verifiedBytes, FilePriority priority, boolean padding) {
  public double progress() {
    return length == 0 ? 1.0 : (double) verifiedBytes / length;
  }
}
