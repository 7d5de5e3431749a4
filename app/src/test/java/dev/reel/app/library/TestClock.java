package dev.reel.app.library;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock the test moves by hand. Thread-safe. */
final class TestClock extends Clock {
  static final Instant START = Instant.parse("2026-01-01T12:00:00Z");
  private final AtomicLong millis = new AtomicLong(START.toEpochMilli());

  Instant advance(Duration by) {
    return Instant.ofEpochMilli(millis.addAndGet(by.toMillis()));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }
}
