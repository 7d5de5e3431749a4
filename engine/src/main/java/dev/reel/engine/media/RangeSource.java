package dev.reel.engine.media;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * Positional, blocking read access to one file of known length — the seam between the container parsers and
 * wherever the bytes live (a torrent being downloaded, a file on disk, an array in a test).
 *
 * <p>Contract: {@link #read} fills {@code dst} completely from {@code position} or throws; it may block until the
 * bytes are available (in production: until the torrent pieces covering them have arrived and verified). A read
 * past {@link #length()} throws {@link EOFException}. Callers never read outside {@code [0, length())}, so an
 * implementation may treat that as a bug. Implementations must be safe for use by one thread at a time.
 */
public interface RangeSource {

  /** The full length of the file in bytes, known before any byte is available. */
  long length();

  /**
   * Fills {@code dst} (from its position to its limit) with the bytes at {@code position}.
   *
   * @throws EOFException if the range ends past {@link #length()}
   * @throws IOException if the bytes cannot be had (cancelled, storage failure)
   */
  void read(long position, ByteBuffer dst) throws IOException;

  /** A source over an in-memory array (not copied; do not modify it while in use). */
  static RangeSource of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return new RangeSource() {
      @Override
      public long length() {
        return bytes.length;
      }

      @Override
      public void read(long position, ByteBuffer dst) throws IOException {
        int n = dst.remaining();
        if (position < 0 || position > bytes.length - (long) n) {
          throw new EOFException("read of " + n + " bytes at " + position + " past end " + bytes.length);
        }
        dst.put(bytes, (int) position, n);
      }
    };
  }

  /** A source over an open file channel; the caller keeps ownership of the channel and closes it. */
  static RangeSource of(FileChannel channel) throws IOException {
    Objects.requireNonNull(channel, "channel");
    long length = channel.size();
    return new RangeSource() {
      @Override
      public long length() {
        return length;
      }

      @Override
      public void read(long position, ByteBuffer dst) throws IOException {
        if (position < 0 || position > length - dst.remaining()) {
          throw new EOFException("read of " + dst.remaining() + " bytes at " + position + " past end " + length);
        }
        long at = position;
        while (dst.hasRemaining()) {
          int n = channel.read(dst, at);
          if (n < 0) {
            throw new EOFException("file shrank: end reached at " + at + " of " + length);
          }
          at += n;
        }
      }
    };
  }
}
