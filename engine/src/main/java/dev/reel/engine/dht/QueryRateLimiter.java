package dev.reel.engine.dht;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-sender token buckets for incoming queries: each sender (normally an IP address; {@link DhtNode} keys loopback
 * senders by address and port) may send {@code burst} queries at once and then {@code perSecond} a second. The map
 * keeps at most {@code maxTracked} senders, evicting the least recently seen (an evicted sender starts again with a
 * full bucket, which bounds memory rather than precision).
 *
 * <p>Pure and not thread-safe: the caller holds a lock and passes {@code nowNanos}.
 */
public final class QueryRateLimiter {
  public static final int DEFAULT_MAX_TRACKED = 4096;

  private static final class Bucket {
    double tokens;
    long updated;
  }

  private final double perSecond;
  private final int burst;
  private final Map<Object, Bucket> buckets;

  public QueryRateLimiter(double perSecond, int burst, int maxTracked) {
    if (perSecond <= 0 || burst < 1 || maxTracked < 1) {
      throw new IllegalArgumentException("rate, burst and table size must be positive");
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Object, Bucket> eldest) {
        return size() > maxTracked;
      }
    };
  }

  /**
   * Takes one token for {@code sender} (an {@link java.net.InetAddress}, or any key with value equality); false means
   * the query should be dropped.
   */
  public boolean tryAcquire(Object sender, long nowNanos) {
    Bucket b = buckets.get(sender);
    if (b == null) {
      b = new Bucket();
      b.tokens = burst;
      b.updated = nowNanos;
      buckets.put(sender, b);
    } else {
      double elapsed = Math.max(0, nowNanos - b.updated) / 1e9;
      b.tokens = Math.min(burst, b.tokens + elapsed * perSecond);
      b.updated = nowNanos;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return true;
    }
    return false;
  }

  public int trackedIps() {
    return buckets.size();
  }
}
