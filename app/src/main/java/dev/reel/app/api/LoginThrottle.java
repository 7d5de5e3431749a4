package dev.reel.app.api;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Slows down guessing the LAN password: an address gets {@link #FREE_FAILURES} wrong passwords (login form or HTTP
 * Basic auth), then must wait {@link #LOCKOUT_NANOS} before each further try; a right password forgets its failures.
 * So a machine on the network gets about 60 guesses an hour instead of thousands a second. Time is passed in
 * ({@code System.nanoTime()} values). Thread-safe.
 */
final class LoginThrottle {
  /** Wrong passwords an address may send before it has to wait. */
  static final int FREE_FAILURES = 10;
  /** The wait after each wrong password beyond {@link #FREE_FAILURES}. */
  static final long LOCKOUT_NANOS = TimeUnit.MINUTES.toNanos(1);
  /** Most addresses remembered; beyond, the record is reset (an attacker cycling addresses gains nothing over that). */
  static final int MAX_TRACKED = 10_000;

  private record State(int failures, long lockedUntil) {}

  private final ConcurrentHashMap<String, State> byAddress = new ConcurrentHashMap<>();

  /** How long {@code address} must wait before its password is checked again; 0 when it may try now. */
  long waitNanos(String address, long nowNanos) {
    State s = byAddress.get(address);
    if (s == null || s.failures() < FREE_FAILURES) {
      return 0;
    }
    return Math.max(0, s.lockedUntil() - nowNanos);
  }

  /** Records a wrong password from {@code address}. */
  void failed(String address, long nowNanos) {
    if (byAddress.size() >= MAX_TRACKED && !byAddress.containsKey(address)) {
      byAddress.clear();
    }
    byAddress.merge(address, new State(1, nowNanos),
        (old, one) -> new State(old.failures() + 1,
            old.failures() + 1 >= FREE_FAILURES ? nowNanos + LOCKOUT_NANOS : nowNanos));
  }

  /** Records a right password: the address starts afresh. */
  void succeeded(String address) {
    byAddress.remove(address);
  }
}
