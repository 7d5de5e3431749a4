package dev.reel.engine.storage;

import java.io.IOException;

/**
 * A read asked for bytes the storage does not hold: the file is missing or shorter, or the bytes were never written.
 * Distinguishes "not downloaded (yet)" from a failing disk, which is reported as a plain {@link IOException}.
 */
public final class MissingDataException extends IOException {
  private static final long serialVersionUID = 1L;

  public MissingDataException(String message) {
    super(message);
  }

  public MissingDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
