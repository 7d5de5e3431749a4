package dev.reel.engine.picker;

/**
 * Sizes a peer's request pipeline from its measured download rate: enough outstanding requests to cover
 * {@link #QUEUE_SECONDS} seconds of transfer at the peer's current rate, so a fast peer is never idle waiting for
 * our next request and a slow peer does not hoard blocks other peers could deliver sooner (the libtorrent
 * "request_queue_time" rule). Stateless and thread-safe.
 */
public final class RequestQueue {
  /** Seconds of data that should be in flight to one peer. */
  public static final double QUEUE_SECONDS = 3.0;
  /** Never fewer outstanding requests than this, even for a peer whose rate is not yet known. */
  public static final int MIN_DEPTH = 4;
  /** Never more outstanding requests than this (libtorrent's max_out_request_queue default). */
  public static final int MAX_DEPTH = 500;

  private RequestQueue() {}

  /**
   * {@code rate * 3 s / 16 KiB}, clamped to [{@value #MIN_DEPTH}, {@value #MAX_DEPTH}].
   *
   * @param peerDownloadBytesPerSec our measured download rate from this peer (bytes/s); NaN or negative counts as 0
   */
  public static int targetDepth(double peerDownloadBytesPerSec) {
    double rate = peerDownloadBytesPerSec > 0 ? peerDownloadBytesPerSec : 0;
    double blocks = Math.ceil(rate * QUEUE_SECONDS / PiecePicker.BLOCK_SIZE);
    return (int) Math.max(MIN_DEPTH, Math.min(MAX_DEPTH, blocks));
  }

  /**
   * Like {@link #targetDepth(double)} but also capped at the peer's advertised BEP 10 {@code reqq} (the number of
   * outstanding requests it accepts). A {@code reqq} of 0 or less means "not advertised" and is ignored; a reqq
   * below {@link #MIN_DEPTH} wins over the minimum, since the peer would reject the excess.
   */
  public static int targetDepth(double peerDownloadBytesPerSec, int reqq) {
    int depth = targetDepth(peerDownloadBytesPerSec);
    return reqq > 0 ? Math.min(depth, reqq) : depth;
  }
}
