package dev.reel.engine.stream;

/**
 * How far ahead of its position a reader wants data, growing while it reads contiguously and reset by a seek (the
 * idea of anacrolix/torrent's reader: the readahead is the length of the current contiguous run, within bounds).
 * The bounds scale with the stream's byte rate: at least {@value #MIN_SECONDS} s and {@value #MIN_BYTES} bytes, at
 * most {@value #MAX_SECONDS} s (and {@value #MAX_BYTES} bytes). Not thread-safe (one per reader, under its lock).
 */
public final class Readahead {
  /** Smallest readahead in bytes. */
  public static final long MIN_BYTES = 1024 * 1024;
  /** Smallest readahead in seconds of playback. */
  public static final double MIN_SECONDS = 8;
  /** Largest readahead in seconds of playback. */
  public static final double MAX_SECONDS = 60;
  /** Largest readahead in bytes, whatever the rate. */
  public static final long MAX_BYTES = 256L * 1024 * 1024;

  private long runStart;
  private long next;

  /** A readahead for a reader at {@code position} that has not read yet. */
  public Readahead(long position) {
    runStart = position;
    next = position;
  }

  /** Records a read of {@code n} bytes at {@code position}; a read elsewhere than the run's end starts a new run. */
  public void onRead(long position, long n) {
    if (position != next) {
      runStart = position;
    }
    next = position + n;
  }

  /** The reader moved to {@code position} without reading (a seek): the run restarts there. */
  public void onSeek(long position) {
    if (position != next) {
      runStart = position;
      next = position;
    }
  }

  /** Bytes read in the current contiguous run. */
  public long run() {
    return next - runStart;
  }

  /** The readahead in bytes for a stream consumed at {@code bytesPerSecond}. */
  public long bytes(double bytesPerSecond) {
    double rate = bytesPerSecond > 0 ? bytesPerSecond : 0;
    long min = Math.min(MAX_BYTES, Math.max(MIN_BYTES, (long) (rate * MIN_SECONDS)));
    long max = Math.max(min, Math.min(MAX_BYTES, (long) (rate * MAX_SECONDS)));
    return Math.max(min, Math.min(max, run()));
  }
}
