package dev.reel.engine.wire.mse;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Decrypts everything read from the wrapped stream with an {@link Rc4} stream. Blocking as the wrapped stream is; not
 * thread-safe (one reader). Marks are not supported. Closing closes the wrapped stream.
 */
public final class Rc4InputStream extends FilterInputStream {
  private final Rc4 rc4;
  private final byte[] one = new byte[1];

  public Rc4InputStream(InputStream in, Rc4 rc4) {
    super(in);
    this.rc4 = rc4;
  }

  @Override
  public int read() throws IOException {
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      rc4.apply(b, off, n);
    }
    return n;
  }

  /** Skipped bytes are read and decrypted, so the keystream stays in step. */
  @Override
  public long skip(long n) throws IOException {
    byte[] scratch = new byte[(int) Math.min(n, 8192)];
    long skipped = 0;
    while (skipped < n) {
      int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readlimit) {
    // not supported
  }

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark/reset not supported on an RC4 stream");
  }
}
