package dev.reel.engine.utp;

import java.util.ArrayDeque;

/** A FIFO of bytes kept as the chunks they arrived in (no copy on add). Not thread-safe. */
final class ByteQueue {
  private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
  private int headOffset;
  private long size;

  long size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Appends {@code chunk}, which the queue now owns. */
  void add(byte[] chunk) {
    if (chunk.length > 0) {
      chunks.addLast(chunk);
      size += chunk.length;
    }
  }

  /** Moves up to {@code len} bytes into {@code dst}; returns how many. */
  int read(byte[] dst, int off, int len) {
    int done = 0;
    while (done < len && !chunks.isEmpty()) {
      byte[] head = chunks.peekFirst();
      int n = Math.min(len - done, head.length - headOffset);
      System.arraycopy(head, headOffset, dst, off + done, n);
      done += n;
      headOffset += n;
      if (headOffset == head.length) {
        chunks.removeFirst();
        headOffset = 0;
      }
    }
    size -= done;
    return done;
  }

  /** Removes and returns the next {@code min(n, size())} bytes. */
  byte[] take(int n) {
    byte[] out = new byte[(int) Math.min(n, size)];
    read(out, 0, out.length);
    return out;
  }
}
