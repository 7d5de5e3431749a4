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
    /**
     * The server's file is not the torrent's: its size differs (a 416 for a range inside the torrent's file, a
     * Content-Range or 200 length naming another size). The Internet Archive warns that an item's files may change.
     */
    WRONG_FILE,
    /** The response does not fit the request: wrong Content-Range, length, encoding, a short or long body. */
    BAD_RESPONSE,
    /** No response, or not the whole body, in time. */
    TIMEOUT,
    /** The connection could not be made or broke (DNS, refused, reset, TLS). */
    CONNECTION
  }

  private final Kind kind;
  private final int status;
  private final Duration retryAfter;
  private final int fileIndex;
  private final int firstPiece;
  private final int endPiece;

  public WebSeedException(Kind kind, String message) {
    this(kind, message, 0, null, null);
  }

  public WebSeedException(Kind kind, String message, Throwable cause) {
    this(kind, message, 0, null, cause);
  }

  public WebSeedException(Kind kind, String message, int status, Duration retryAfter, Throwable cause) {
    this(kind, message, status, retryAfter, cause, -1, 0, 0);
  }

  private WebSeedException(Kind kind, String message, int status, Duration retryAfter, Throwable cause, int fileIndex,
      int firstPiece, int endPiece) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
    this.fileIndex = fileIndex;
    this.firstPiece = firstPiece;
    this.endPiece = endPiece;
  }

  /** This failure, attributed to the request for file {@code fileIndex}, which holds pieces [first, end). */
  WebSeedException forFile(int fileIndex, int first, int end) {
    WebSeedException e = new WebSeedException(kind, getMessage(), status, retryAfter, getCause(), fileIndex, first,
        end);
    e.setStackTrace(getStackTrace());
    return e;
  }

  /** The file whose request failed (an index into the torrent's files), when one did. */
  public OptionalInt fileIndex() {
    return fileIndex < 0 ? OptionalInt.empty() : OptionalInt.of(fileIndex);
  }

  /**
   * Whether the failure says this seed cannot serve that file at all ({@link Kind#NOT_FOUND}, {@link
   * Kind#WRONG_FILE}), rather than that the seed is unwell: the seed's other files are still good.
   */
  public boolean fileUnavailable() {
    return fileIndex >= 0 && (kind == Kind.NOT_FOUND || kind == Kind.WRONG_FILE);
  }

  /** First piece holding a byte of {@link #fileIndex()}; meaningful when that is present. */
  public int filePiecesFrom() {
    return firstPiece;
  }

  /** One past the last piece holding a byte of {@link #fileIndex()}; meaningful when that is present. */
  public int filePiecesTo() {
    return endPiece;
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
