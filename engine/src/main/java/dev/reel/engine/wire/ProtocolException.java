package dev.reel.engine.wire;

import java.io.IOException;

/**
 * A peer broke the wire protocol (malformed or over-limit message, bad handshake). The usual reaction is to
 * disconnect that peer. The message says what was wrong.
 */
public final class ProtocolException extends IOException {
  public ProtocolException(String message) {
    super(message);
  }

  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
