package dev.reel.engine.wire.mse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

/**
 * One direction of an in-memory connection for handshake tests: bytes written to {@link #sink} are read from
 * {@link #source}. With a {@code cutAfter} limit the "connection" ends after that many bytes (the rest is dropped and
 * the reader sees end of stream), to test truncated streams. Closing either end ends the stream. A read waits at most
 * 20 s (a test guard, never reached by a passing test). Thread-safe.
 */
final class MemoryPipe {
  private final long cutAfter;
  private final byte[] buf = new byte[1 << 20];
  private int head;
  private int tail;
  private long written;
  private boolean closed;
  /** Every byte that went through (up to the cut), to inspect what was on the wire. */
  private final java.io.ByteArrayOutputStream wire = new java.io.ByteArrayOutputStream();

  MemoryPipe() {
    this(Long.MAX_VALUE);
  }

  MemoryPipe(long cutAfter) {
    this.cutAfter = cutAfter;
  }

  synchronized byte[] wire() {
    return wire.toByteArray();
  }

  synchronized void close() {
    closed = true;
    notifyAll();
  }

  final InputStream source = new InputStream() {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      synchronized (MemoryPipe.this) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (head == tail && !closed) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new IOException("test pipe: nothing to read for 20 s");
          }
          try {
            MemoryPipe.this.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
          }
        }
        if (head == tail) {
          return -1;
        }
        int n = Math.min(len, tail - head);
        System.arraycopy(buf, head, b, off, n);
        head += n;
        return n;
      }
    }

    @Override
    public void close() {
      MemoryPipe.this.close();
    }
  };

  final OutputStream sink = new OutputStream() {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      synchronized (MemoryPipe.this) {
        if (closed) {
          throw new IOException("test pipe closed");
        }
        long room = cutAfter - written;
        int n = (int) Math.min(len, room);
        if (tail + n > buf.length) {
          throw new IOException("test pipe full");
        }
        System.arraycopy(b, off, buf, tail, n);
        wire.write(b, off, n);
        tail += n;
        written += n;
        if (written >= cutAfter) {
          closed = true;
        }
        MemoryPipe.this.notifyAll();
      }
    }

    @Override
    public void close() {
      MemoryPipe.this.close();
    }
  };
}
