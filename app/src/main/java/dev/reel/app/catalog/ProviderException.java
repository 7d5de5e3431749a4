package dev.reel.app.catalog;

/**
 * A provider could not answer: unreachable, timed out, malformed or oversized response, unknown id. The message says
 * what went wrong in words a user can act on (which host, which status, which limit).
 */
public final class ProviderException extends Exception {
  private static final long serialVersionUID = 1L;

  public ProviderException(String message) {
    super(message);
  }

  public ProviderException(String message, Throwable cause) {
    super(message, cause);
  }
}
