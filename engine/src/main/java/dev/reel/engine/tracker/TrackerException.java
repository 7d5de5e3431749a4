package dev.reel.engine.tracker;

/**
 * A tracker request failed: the tracker said so ({@code failure reason}, UDP error), it could not be reached, or its
 * answer was malformed or over a limit. The message says which, in words a user can act on.
 */
public final class TrackerException extends Exception {
  public TrackerException(String message) {
    super(message);
  }

  public TrackerException(String message, Throwable cause) {
    super(message, cause);
  }
}
