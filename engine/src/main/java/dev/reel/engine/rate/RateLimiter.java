package dev.reel.engine.rate;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A token bucket limiting bytes per second; 0 means unlimited. The rate can be changed at any time
 * ({@link #setRate}); waiting threads pick up the new rate at once.
 *
 * <p><b>Burst</b>: an idle bucket fills up to {@code max(rate / 4, }{@value #MIN_BURST}{@code )} bytes, i.e. a
 * quarter second of traffic but never less than one 16 KiB block message with headroom, so a block can always pass
 * in one piece.
 *
 * <p><b>Fairness and blocking</b>: {@link #acquire} reserves its bytes immediately (the bucket may go into debt) and
 * then waits until the bucket has produced them, so callers are served in the order they called, and a request
 * larger than the burst simply waits longer. Waiting uses a {@link ReentrantLock} condition (no monitor pinning), so
 * thousands of virtual threads can block on one limiter. An interrupted caller hands its reservation on to the
 * callers behind it.
 *
 * <p><b>Parent</b>: a limiter with a parent (e.g. per-torrent under the global limit) charges every byte to both:
 * first to itself, then to the parent. Lock order is always child then parent.
 *
 * <p>Thread-safe.
 */
public final class RateLimiter {
  /** Smallest burst: a 16 KiB block plus room for message headers. */
  public static final int MIN_BURST = 16 * 1024 + 1024;
  /** Burst as a fraction of the per-second rate. */
  public static final double BURST_SECONDS = 0.25;

  private final RateLimiter parent;
  private final LongSupplier clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private long rate;
  /** Cumulative tokens produced (bytes), capped at {@code reserved + burst}. */
  private double produced;
  /** Cumulative tokens handed out, including those of callers still waiting. */
  private double reserved;
  private long lastNanos;

  /** A limiter without parent on {@link System#nanoTime()}. */
  public RateLimiter(long bytesPerSecond) {
    this(bytesPerSecond, null, System::nanoTime);
  }

  public RateLimiter(long bytesPerSecond, RateLimiter parent) {
    this(bytesPerSecond, parent, System::nanoTime);
  }

  /**
   * @param bytesPerSecond the limit; 0 = unlimited
   * @param parent a limiter every byte is also charged to, or null
   * @param nanoClock monotonic time source (tests pass a fake one)
   */
  public RateLimiter(long bytesPerSecond, RateLimiter parent, LongSupplier nanoClock) {
    checkRate(bytesPerSecond);
    this.parent = parent;
    this.clock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.rate = bytesPerSecond;
    this.lastNanos = clock.getAsLong();
    this.produced = burst();
  }

  /** A limiter that never waits (unless given a parent later; it has none). */
  public static RateLimiter unlimited() {
    return new RateLimiter(0);
  }

  /** The current limit in bytes/s; 0 = unlimited. */
  public long rate() {
    lock.lock();
    try {
      return rate;
    } finally {
      lock.unlock();
    }
  }

  /** Changes the limit (0 = unlimited) and wakes waiters so they recompute their wait. */
  public void setRate(long bytesPerSecond) {
    checkRate(bytesPerSecond);
    lock.lock();
    try {
      refill();
      boolean wasUnlimited = rate == 0;
      rate = bytesPerSecond;
      if (rate == 0) {
        produced = reserved;
      } else if (wasUnlimited) {
        produced = reserved + burst();
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Blocks until {@code bytes} may be transferred under this limiter and its parent.
   *
   * @throws InterruptedException if interrupted while waiting; the bytes are then not charged to this limiter
   */
  public void acquire(int bytes) throws InterruptedException {
    if (bytes < 0) {
      throw new IllegalArgumentException("byte count " + bytes + " is negative");
    }
    if (bytes == 0) {
      return;
    }
    lock.lock();
    try {
      refill();
      if (rate != 0) {
        double target = reserved + bytes;
        reserved = target;
        try {
          while (rate != 0 && produced < target) {
            long waitNanos = (long) Math.ceil((target - produced) * 1e9 / rate);
            changed.awaitNanos(Math.max(waitNanos, TimeUnit.MICROSECONDS.toNanos(100)));
            refill();
          }
        } catch (InterruptedException e) {
          produced += bytes; // hand our place on to the callers behind us
          changed.signalAll();
          throw e;
        }
      }
    } finally {
      lock.unlock();
    }
    if (parent != null) {
      parent.acquire(bytes);
    }
  }

  /**
   * Takes {@code bytes} if this limiter and its parent both have them available now, else takes nothing. Never
   * succeeds for more than the burst while a rate is set.
   */
  public boolean tryAcquire(int bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("byte count " + bytes + " is negative");
    }
    lock.lock();
    try {
      refill();
      if (rate != 0 && produced - reserved < bytes) {
        return false;
      }
      if (parent != null && !parent.tryAcquire(bytes)) {
        return false;
      }
      if (rate != 0) {
        reserved += bytes;
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Bytes that could be taken right now without waiting (ignoring the parent); {@code Long.MAX_VALUE} if unlimited. */
  public long available() {
    lock.lock();
    try {
      refill();
      return rate == 0 ? Long.MAX_VALUE : (long) Math.floor(produced - reserved);
    } finally {
      lock.unlock();
    }
  }

  private double burst() {
    return Math.max(rate * BURST_SECONDS, MIN_BURST);
  }

  /** Adds the tokens produced since the last refill. Caller holds the lock. */
  private void refill() {
    long now = clock.getAsLong();
    long dt = Math.max(0, now - lastNanos);
    lastNanos = now;
    if (rate == 0) {
      produced = reserved;
      return;
    }
    produced = Math.min(produced + dt * (double) rate / 1e9, reserved + burst());
  }

  private static void checkRate(long bytesPerSecond) {
    if (bytesPerSecond < 0) {
      throw new IllegalArgumentException("rate " + bytesPerSecond + " bytes/s is negative (0 = unlimited)");
    }
  }
}
