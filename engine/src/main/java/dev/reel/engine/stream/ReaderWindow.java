package dev.reel.engine.stream;

/**
 * The span of the torrent one reader wants soon, in torrent-wide byte offsets: {@code [start, end)} with
 * {@code start} the reader's position. Pieces under it get deadlines: the one at {@code start} is needed now,
 * the others when a reader consuming {@code bytesPerSecond} would reach them.
 *
 * @param start torrent offset of the reader's position
 * @param end torrent offset one past the readahead (at most the end of the file)
 * @param bytesPerSecond the rate the reader consumes at (bitrate hint, measured, or a default), > 0
 */
public record ReaderWindow(long start, long end, double bytesPerSecond) {
  public ReaderWindow {
    if (start < 0 || end < start || !(bytesPerSecond > 0)) {
      throw new IllegalArgumentException("bad window [" + start + ", " + end + ") at " + bytesPerSecond + " B/s");
    }
  }
}
