package dev.reel.engine.wire.mse;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Encrypts everything written with an {@link Rc4} stream before passing it on. The caller's arrays are never modified
 * (bytes are encrypted in a private buffer of {@link #CHUNK} bytes). Blocking as the wrapped stream is; not thread-safe
 * (one writer). Does not buffer: put a {@link java.io.BufferedOutputStream} on top for small writes.
 */
public final class Rc4OutputStream extends FilterOutputStream {
  /** Bytes encrypted and written per wrapped write. */
  public static final int CHUNK = 16 * 1024;

  private final Rc4 rc4;
  private final byte[] buffer = new byte[CHUNK];

  public Rc4OutputStream(OutputStream out, Rc4 rc4) {
    super(out);
    this.rc4 = rc4;
  }

  @Override
  public void write(int b) throws IOException {
    buffer[0] = (byte) b;
    rc4.apply(buffer, 0, 1);
    out.write(buffer, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      int n = Math.min(len, CHUNK);
      System.arraycopy(b, off, buffer, 0, n);
      rc4.apply(buffer, 0, n);
      out.write(buffer, 0, n);
      off += n;
      len -= n;
    }
  }
}
