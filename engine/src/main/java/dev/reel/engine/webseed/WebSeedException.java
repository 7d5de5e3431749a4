package dev.reel.engine.webseed;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** A web seed request that failed; {@link #kind()} says how, for the seed's back-off and the user's status line. */
public final class WebSeedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** How a request failed. */
  public enum Kind {
    /** 404 or 410: the server does not have the file. */
    NOT_FOUND,
    /** 429 or 503: the server is busy; not a reason to discard the URL (BEP 19). See {@link #retryAfter()}. */
    BUSY,
    /** Another 5xx. */
    SERVER_ERROR,
    /** Another status, e.g. 401/403, or a redirect that was not followed (HTTPS to HTTP). */
    REJECTED,
    /** A 200 to a range request for a file too big to take whole ({@link WebSeedConfig#maxWholeFileBytes()}). */
    RANGE_IGNORED,
    /** The response does not fit the request: wrong Content-Range, length, encoding, a short or long body, 416. */
    BAD_RESPONSE,
    /** No response, or not the whole body, in time. */
    TIMEOUT,
    /** The connection could not be made or broke (DNS, refused, reset, TLS). */
    CONNECTION
  }

  private final Kind kind;
  private final int status;
  private final Duration retryAfter;

  public WebSeedException(Kind kind, String message) {
    this(kind, message, 0, null, null);
  }

  public WebSeedException(Kind kind, String message, Throwable cause) {
    this(kind, message, 0, null, cause);
  }

  public WebSeedException(Kind kind, String message, int status, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status, when a response arrived. */
  public OptionalInt status() {
    return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
  }

  /** The server's Retry-After (seconds form), when it sent one with a 429 or 503. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
