package dev.reel.engine.rate;

/**
 * Bytes per second over a sliding window of {@value #BUCKETS} one-second buckets (5 s). The rate is the bytes in
 * the window divided by the time the window covers, so it reacts within a second to a stall and is not understated
 * during the first seconds after the first sample (the span counts from the first sample, at least 1 s).
 *
 * <p>Thread-safe (all methods synchronize on the instance; each is O({@value #BUCKETS})). Time is passed in; callers
 * must use one monotonic clock such as {@link System#nanoTime()}.
 */
public final class RateEstimator {
  public static final int BUCKETS = 5;
  public static final long BUCKET_NANOS = 1_000_000_000L;

  private final long[] bytes = new long[BUCKETS];
  /** The bucket index (time / BUCKET_NANOS) each slot currently holds. */
  private final long[] slotOf = new long[BUCKETS];
  private long firstNanos;
  private boolean started;
  private long total;

  public RateEstimator() {
    java.util.Arrays.fill(slotOf, Long.MIN_VALUE);
  }

  /** Records {@code n} bytes transferred at {@code nowNanos}. */
  public synchronized void add(long n, long nowNanos) {
    if (n < 0) {
      throw new IllegalArgumentException("byte count " + n + " is negative");
    }
    if (!started) {
      started = true;
      firstNanos = nowNanos;
    }
    long bucket = Math.floorDiv(nowNanos, BUCKET_NANOS);
    int slot = (int) Math.floorMod(bucket, BUCKETS);
    if (slotOf[slot] != bucket) {
      slotOf[slot] = bucket;
      bytes[slot] = 0;
    }
    bytes[slot] += n;
    total += n;
  }

  /** Bytes per second over the last {@value #BUCKETS} seconds as of {@code nowNanos}; 0 before any sample. */
  public synchronized double rate(long nowNanos) {
    if (!started) {
      return 0;
    }
    long current = Math.floorDiv(nowNanos, BUCKET_NANOS);
    long sum = 0;
    for (int i = 0; i < BUCKETS; i++) {
      if (slotOf[i] <= current && slotOf[i] > current - BUCKETS) {
        sum += bytes[i];
      }
    }
    long windowStart = (current - BUCKETS + 1) * BUCKET_NANOS;
    long span = nowNanos - Math.max(windowStart, firstNanos);
    return sum * 1e9 / Math.max(span, BUCKET_NANOS);
  }

  /** All bytes ever recorded. */
  public synchronized long total() {
    return total;
  }
}
