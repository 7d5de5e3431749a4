package dev.reel.engine.picker;

/**
 * How deep a peer's request pipeline is while a file streams (pure; rates and times are passed in). Two queues share
 * the pipeline: <em>critical</em> requests (pieces with a deadline) and <em>background</em> requests (rarest-first
 * over the rest). A peer serves requests in the order they came (and a BEP 3 {@code cancel} cannot recall what is
 * already in its send buffer), so every background block queued at a peer delays a critical block that comes later,
 * such as the first blocks after a seek. Hence, see docs/STREAMING.md:
 *
 * <ul>
 *   <li>a peer's whole pipeline holds about {@value #QUEUE_SECONDS} s of its measured rate (at least
 *       {@value #MIN_DEPTH} blocks); a peer whose rate is not measured yet gets {@value #FRESH_PEER_DEPTH} blocks,
 *       so the first requests after an unchoke already cover what a seed sends in its first burst;</li>
 *   <li>while the torrent has a piece with a deadline or a reader (someone may seek at any time), the background part
 *       is capped at {@value
 *       #BACKGROUND_SECONDS} s of the peer's rate (at least {@value #MIN_BACKGROUND} blocks);</li>
 *   <li>a critical block due within {@value #URGENT_SECONDS} s (a seek, the start) that goes to a peer first
 *       cancels the background requests queued there ahead of any critical one
 *       ({@link PiecePicker#cancelNonCritical}).</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class StreamingPipeline {
  /** Seconds of a peer's rate its whole pipeline holds while streaming (the time-critical pass may add more). */
  public static final double QUEUE_SECONDS = 1.0;
  /** Fewest requests queued at a measured peer while streaming. */
  public static final int MIN_DEPTH = 8;
  /** Requests queued at a peer whose rate is not measured yet (two 256 KiB pieces' worth of blocks). */
  public static final int FRESH_PEER_DEPTH = 32;
  /** A rate below this (bytes/s) counts as not measured. */
  public static final double MIN_MEASURED_RATE = 1024;
  /**
   * Seconds of a peer's rate that background requests may fill while a piece has a deadline. Not shorter: with only
   * background requests outstanding, a cap of c seconds keeps a peer's rate only while its round trip is under c.
   */
  public static final double BACKGROUND_SECONDS = 0.5;
  /** Fewest background requests a peer may hold while a piece has a deadline (keeps it from idling). */
  public static final int MIN_BACKGROUND = 8;
  /** A critical block due within this many seconds cancels the background requests queued before it. */
  public static final double URGENT_SECONDS = 3.0;

  private StreamingPipeline() {}

  /**
   * Requests a peer may have outstanding while a file streams: {@code rate × QUEUE_SECONDS / 16 KiB}, at least
   * {@value #MIN_DEPTH}; {@value #FRESH_PEER_DEPTH} while the rate is not measured.
   *
   * @param rate our measured download rate from the peer, bytes/s (NaN or below {@value #MIN_MEASURED_RATE}: none)
   */
  public static int depth(double rate) {
    if (!(rate >= MIN_MEASURED_RATE)) {
      return FRESH_PEER_DEPTH;
    }
    return (int) Math.max(MIN_DEPTH, Math.min(RequestQueue.MAX_DEPTH,
        Math.ceil(rate * QUEUE_SECONDS / PiecePicker.BLOCK_SIZE)));
  }

  /**
   * Background (non-critical) requests a peer may have outstanding while a piece has a deadline: {@code rate ×
   * BACKGROUND_SECONDS / 16 KiB}, at least {@value #MIN_BACKGROUND}; {@value #MIN_BACKGROUND} while the rate is not
   * measured.
   */
  public static int backgroundLimit(double rate) {
    if (!(rate >= MIN_MEASURED_RATE)) {
      return MIN_BACKGROUND;
    }
    return (int) Math.max(MIN_BACKGROUND, Math.min(RequestQueue.MAX_DEPTH,
        Math.ceil(rate * BACKGROUND_SECONDS / PiecePicker.BLOCK_SIZE)));
  }

  /**
   * How many new background requests may go to a peer now.
   *
   * @param rate the peer's measured rate (bytes/s)
   * @param outstandingBackground background requests already outstanding from it
   * @param watched a piece has a deadline or a reader is open (or just closed): false means no cap beyond the
   *     pipeline depth
   */
  public static int backgroundRoom(double rate, int outstandingBackground, boolean watched) {
    if (!watched) {
      return Integer.MAX_VALUE;
    }
    return Math.max(0, backgroundLimit(rate) - outstandingBackground);
  }

  /**
   * True if a critical block due at {@code deadlineNanos} is urgent enough that the background requests queued at
   * the peer it goes to should be cancelled first (it would otherwise wait for them).
   */
  public static boolean urgent(long deadlineNanos, long nowNanos) {
    return deadlineNanos - nowNanos <= (long) (URGENT_SECONDS * 1e9);
  }
}
