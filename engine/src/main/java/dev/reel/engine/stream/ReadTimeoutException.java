package dev.reel.engine.stream;

import java.io.InterruptedIOException;

/**
 * A {@link TorrentReader} read waited longer than its timeout for the data at its position to be downloaded and
 * hash-verified. The reader stays usable: the caller may retry, seek elsewhere or close it.
 */
public final class ReadTimeoutException extends InterruptedIOException {
  private static final long serialVersionUID = 1L;

  private final long position;

  public ReadTimeoutException(String message, long position) {
    super(message);
    this.position = position;
  }

  /** The file offset the read was waiting for. */
  public long position() {
    return position;
  }
}
