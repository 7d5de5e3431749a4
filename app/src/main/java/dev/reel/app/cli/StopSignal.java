package dev.reel.app.cli;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * "Stop now, cleanly": set by Ctrl-C / SIGTERM (through {@link Main}'s shutdown hook) or by a test, read by the
 * long-running commands (download, seed, info of a magnet), which then close the engine (announcing "stopped") and
 * return their exit code. One-shot; thread-safe.
 */
public final class StopSignal {
  private final CountDownLatch latch = new CountDownLatch(1);
  private final CompletableFuture<Void> requested = new CompletableFuture<>();

  public void request() {
    latch.countDown();
    requested.complete(null);
  }

  /** Completes (normally) when a stop is requested; for waiting on "stop or something else" at once. */
  public CompletableFuture<Void> asFuture() {
    return requested.copy();
  }

  public boolean requested() {
    return latch.getCount() == 0;
  }

  /** Waits up to {@code timeout}; returns true if a stop was requested (before or during the wait). */
  public boolean await(Duration timeout) throws InterruptedException {
    return latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }
}
