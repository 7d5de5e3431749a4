package dev.reel.engine.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes. Not a timing assertion: the deadline only bounds a hang. */
public final class Poll {
  private static final long INTERVAL_MS = 100;

  private Poll() {}

  /**
   * Waits until {@code condition} is true.
   *
   * @param what what is awaited, for the failure message
   * @param context extra text for the failure message (e.g. a log path), computed only on failure
   * @throws AssertionError on timeout
   */
  public static void until(Duration timeout, String what, Supplier<String> context, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what + "; "
            + context.get());
      }
      try {
        Thread.sleep(INTERVAL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }

  public static void until(Duration timeout, String what, BooleanSupplier condition) {
    until(timeout, what, () -> "", condition);
  }
}
