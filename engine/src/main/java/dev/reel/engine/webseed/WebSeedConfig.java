package dev.reel.engine.webseed;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timeouts of web seed requests. Immutable.
 *
 * @param connectTimeout bound on opening a connection (TCP + TLS)
 * @param responseTimeout bound on the wait for a response's headers and on any pause in its body; also the fixed
 *     part of a request's overall deadline
 * @param minBytesPerSecond slowest acceptable transfer: a request for {@code n} bytes must complete within
 *     {@code responseTimeout + n / minBytesPerSecond}, else it fails with {@link WebSeedException.Kind#TIMEOUT}
 * @param maxWholeFileBytes a server that ignores Range and answers 200 with the whole file is used only for files up
 *     to this size (the whole file is read, the asked part kept); bigger files fail with {@link
 *     WebSeedException.Kind#RANGE_IGNORED} before their body is read
 * @param userAgent the User-Agent header
 */
public record WebSeedConfig(Duration connectTimeout, Duration responseTimeout, long minBytesPerSecond,
    int maxWholeFileBytes, String userAgent) {
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(20);
  /** 16 KiB/s: slower than this, peers serve the range better. */
  public static final long DEFAULT_MIN_BYTES_PER_SECOND = 16 * 1024;
  /** 1 MiB: subtitles, thumbnails and metadata files of a range-less server still work. */
  public static final int DEFAULT_MAX_WHOLE_FILE_BYTES = 1024 * 1024;
  public static final String DEFAULT_USER_AGENT = "Reel";
  /** Cap on the body's share of a deadline, whatever the size. */
  private static final double MAX_TRANSFER_NANOS = Duration.ofHours(1).toNanos();

  public static final WebSeedConfig DEFAULTS = new WebSeedConfig(DEFAULT_CONNECT_TIMEOUT, DEFAULT_RESPONSE_TIMEOUT,
      DEFAULT_MIN_BYTES_PER_SECOND, DEFAULT_MAX_WHOLE_FILE_BYTES, DEFAULT_USER_AGENT);

  public WebSeedConfig {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(responseTimeout, "responseTimeout");
    Objects.requireNonNull(userAgent, "userAgent");
    if (connectTimeout.isNegative() || connectTimeout.isZero() || responseTimeout.isNegative()
        || responseTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
    if (minBytesPerSecond <= 0 || maxWholeFileBytes < 0) {
      throw new IllegalArgumentException("minBytesPerSecond must be positive and maxWholeFileBytes not negative");
    }
  }

  public WebSeedConfig withResponseTimeout(Duration d) {
    return new WebSeedConfig(connectTimeout, d, minBytesPerSecond, maxWholeFileBytes, userAgent);
  }

  public WebSeedConfig withMaxWholeFileBytes(int bytes) {
    return new WebSeedConfig(connectTimeout, responseTimeout, minBytesPerSecond, bytes, userAgent);
  }

  /** The deadline for a request of {@code bytes} bytes, in nanoseconds. */
  long deadlineNanos(long bytes) {
    double transfer = bytes * 1e9 / minBytesPerSecond;
    return responseTimeout.toNanos() + (long) Math.min(transfer, MAX_TRANSFER_NANOS);
  }
}
