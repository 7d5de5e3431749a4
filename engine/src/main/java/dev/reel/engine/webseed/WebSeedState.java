package dev.reel.engine.webseed;

import dev.reel.engine.rate.RateEstimator;
import java.time.Duration;
import java.util.BitSet;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health of one web seed, for the {@link WebSeedScheduler}: requests in flight, throughput, and back-off after
 * failures. Consecutive failures wait {@link #INITIAL_BACKOFF} doubling up to {@link #MAX_BACKOFF}, each shortened by
 * a random fraction of up to {@link #JITTER} so that many clients do not retry in step; a server's Retry-After
 * lengthens the wait. A seed that served a piece failing its hash check is dropped for good (BEP 19: "that URL should
 * be discarded"), as is one dropped by the session for another reason. A file the seed does not have (404) or has in
 * another version (another size) makes that file's pieces {@link #lacks lacking} on this seed only; its other files
 * are still fetched from it, without a back-off unless the previous request failed too.
 *
 * <p>Time is passed in ({@code nowNanos}, one monotonic clock such as {@link System#nanoTime()}). Thread-safe: all
 * methods synchronize on the instance, so fetch threads may report while the scheduler reads.
 */
public final class WebSeedState {
  private static final Logger log = LoggerFactory.getLogger(WebSeedState.class);
  public static final Duration INITIAL_BACKOFF = Duration.ofSeconds(5);
  public static final Duration MAX_BACKOFF = Duration.ofMinutes(10);
  /** Each back-off is shortened by a uniformly random fraction in [0, JITTER). */
  public static final double JITTER = 0.25;
  /** Default number of concurrent requests per seed: one run at a time is what BEP 19 servers expect. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 1;
  /** Weight of the newest request in the throughput estimate (exponential moving average). */
  static final double THROUGHPUT_WEIGHT = 0.3;

  /** Where a seed stands, for status displays. */
  public enum Status { READY, BUSY, BACKING_OFF, DROPPED }

  /** A consistent copy of the state, for status displays. */
  public record Snapshot(String url, Status status, int inFlight, int consecutiveFailures, double throughput,
      double rate, long downloaded, int piecesLacking, Optional<String> lastError, Optional<Duration> retryIn) {}

  private final String url;
  private final RandomGenerator random;
  private final int maxInFlight;
  private final RateEstimator rate = new RateEstimator();
  private final BitSet lacking = new BitSet();
  private int inFlight;
  private int consecutiveFailures;
  private long retryAtNanos;
  private boolean backingOff;
  private boolean dropped;
  private double throughput;
  private String lastError;

  public WebSeedState(String url, RandomGenerator random) {
    this(url, random, DEFAULT_MAX_IN_FLIGHT);
  }

  /** @param random source of the back-off jitter; pass a seeded one in tests */
  public WebSeedState(String url, RandomGenerator random, int maxInFlight) {
    this.url = Objects.requireNonNull(url, "url");
    this.random = Objects.requireNonNull(random, "random");
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
    }
    this.maxInFlight = maxInFlight;
  }

  public String url() {
    return url;
  }

  /** Whether a new request may start now: not dropped, not backing off, fewer than the maximum in flight. */
  public synchronized boolean ready(long nowNanos) {
    return !dropped && inFlight < maxInFlight && !waiting(nowNanos);
  }

  /** Records that a request started (the scheduler calls it for each assignment). */
  public synchronized void started() {
    inFlight++;
  }

  /**
   * Records a successful request: clears the failure count and updates the throughput estimate.
   *
   * @param networkBytes bytes that came over the network ({@link WebSeedClient.Fetched#networkBytes()})
   * @param elapsedNanos how long the request took
   */
  public synchronized void succeeded(long networkBytes, long elapsedNanos, long nowNanos) {
    finishOne();
    consecutiveFailures = 0;
    backingOff = false;
    rate.add(networkBytes, nowNanos);
    if (networkBytes > 0 && elapsedNanos > 0) {
      double sample = networkBytes * 1e9 / elapsedNanos;
      throughput = throughput == 0 ? sample : throughput + THROUGHPUT_WEIGHT * (sample - throughput);
    }
  }

  /**
   * Records a failed request and backs off: the {@code n}th consecutive failure waits about {@code
   * INITIAL_BACKOFF * 2^(n-1)}, at most {@link #MAX_BACKOFF}, at least the server's Retry-After (capped likewise).
   */
  public synchronized void failed(String reason, Optional<Duration> retryAfter, long nowNanos) {
    finishOne();
    lastError = reason;
    consecutiveFailures++;
    long delay = backoffNanos(consecutiveFailures, random.nextDouble());
    if (retryAfter.isPresent()) {
      delay = Math.max(delay, Math.min(retryAfter.get().toNanos(), MAX_BACKOFF.toNanos()));
    }
    retryAtNanos = nowNanos + delay;
    backingOff = true;
  }

  /**
   * As {@link #failed(String, Optional, long)} for a client exception (its message and Retry-After). When the
   * exception says the seed cannot serve a file ({@link WebSeedException#fileUnavailable()}), that file's pieces are
   * also marked {@link #lacks lacking} on this seed.
   */
  public synchronized void failed(WebSeedException e, long nowNanos) {
    if (e.fileUnavailable()) {
      lacking.set(e.filePiecesFrom(), e.filePiecesTo());
      if (consecutiveFailures == 0) {
        // The server answered sensibly about one file: no back-off, unless it keeps failing (a wrong base URL).
        finishOne();
        consecutiveFailures = 1;
        lastError = e.getMessage();
        return;
      }
    }
    failed(e.getMessage(), e.retryAfter(), nowNanos);
  }

  /** Whether this seed cannot serve {@code piece} (a file of it is missing or different on the server). */
  public synchronized boolean lacks(int piece) {
    return lacking.get(piece);
  }

  /**
   * Drops the seed for good because a piece it served failed its hash check (BEP 19). Requests in flight may still
   * finish (and their pieces are hash-checked as usual) but no new one starts.
   */
  public synchronized void hashFailed(int piece) {
    drop("piece " + piece + " from this web seed failed its hash check");
  }

  /** Drops the seed for good with a reason shown to the user (e.g. the server's file has the wrong size). */
  public synchronized void drop(String reason) {
    if (!dropped) {
      log.info("web seed {} dropped: {}", url, reason);
    }
    dropped = true;
    lastError = reason;
  }

  public synchronized boolean dropped() {
    return dropped;
  }

  public synchronized int inFlight() {
    return inFlight;
  }

  public synchronized int consecutiveFailures() {
    return consecutiveFailures;
  }

  /** When the seed may be asked again after a failure; meaningful while {@link #status} is BACKING_OFF. */
  public synchronized long retryAtNanos() {
    return retryAtNanos;
  }

  /** Bytes per second while a request is running (moving average over requests); 0 until one succeeded. */
  public synchronized double throughput() {
    return throughput;
  }

  /** Bytes per second received over the last seconds (for display; drops to 0 when idle). */
  public double rate(long nowNanos) {
    return rate.rate(nowNanos);
  }

  /** All bytes received from this seed. */
  public long downloaded() {
    return rate.total();
  }

  public synchronized Optional<String> lastError() {
    return Optional.ofNullable(lastError);
  }

  public synchronized Status status(long nowNanos) {
    if (dropped) {
      return Status.DROPPED;
    }
    if (waiting(nowNanos)) {
      return Status.BACKING_OFF;
    }
    return inFlight >= maxInFlight ? Status.BUSY : Status.READY;
  }

  public synchronized Snapshot snapshot(long nowNanos) {
    Optional<Duration> retryIn = !dropped && waiting(nowNanos)
        ? Optional.of(Duration.ofNanos(retryAtNanos - nowNanos)) : Optional.empty();
    return new Snapshot(url, status(nowNanos), inFlight, consecutiveFailures, throughput, rate.rate(nowNanos),
        rate.total(), lacking.cardinality(), Optional.ofNullable(lastError), retryIn);
  }

  /** The back-off before retry number {@code failures} with jitter draw {@code u} in [0, 1). */
  static long backoffNanos(int failures, double u) {
    int doublings = Math.min(failures - 1, 20);
    long base = Math.min(MAX_BACKOFF.toNanos(), INITIAL_BACKOFF.toNanos() << doublings);
    return (long) (base * (1 - JITTER * u));
  }

  private boolean waiting(long nowNanos) {
    return backingOff && nowNanos - retryAtNanos < 0;
  }

  private void finishOne() {
    if (inFlight == 0) {
      throw new IllegalStateException("no request in flight for " + url);
    }
    inFlight--;
  }

  @Override
  public synchronized String toString() {
    return "WebSeedState[" + url + (dropped ? ", dropped" : "") + ", failures " + consecutiveFailures + "]";
  }
}
