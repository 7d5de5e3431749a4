package dev.reel.engine.media;

import java.io.IOException;

/** The container's structure is broken or hostile at a given offset. Caught by {@link ContainerProbe}. */
final class MalformedMediaException extends IOException {

  private static final long serialVersionUID = 1L;

  MalformedMediaException(String format, long offset, String message) {
    super(format + ": " + message + " at offset " + offset);
  }
}
