package dev.reel.engine.tracker;

/** Byte counters reported in announces: totals since the torrent was started, and bytes still missing. */
public record TransferStats(long uploaded, long downloaded, long left) {
  public static final TransferStats ZERO = new TransferStats(0, 0, 0);
}
