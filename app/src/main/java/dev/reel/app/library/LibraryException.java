package dev.reel.app.library;

/**
 * The library's database could not do what was asked (disk full, file locked by another process for longer than
 * the busy timeout, corrupt file, failed migration). The message names the operation and SQLite's reason.
 * Invalid input is reported with {@link IllegalArgumentException} instead.
 */
public final class LibraryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LibraryException(String message, Throwable cause) {
    super(message, cause);
  }
}
