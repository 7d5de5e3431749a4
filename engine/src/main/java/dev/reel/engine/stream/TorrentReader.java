package dev.reel.engine.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.time.Duration;
import java.util.Objects;

/**
 * A blocking, seekable reader over one file of a torrent that returns only hash-verified bytes: both an
 * {@link InputStream} and a read-only {@link SeekableByteChannel}. A read blocks until the piece under the position
 * is verified, at most the {@linkplain #setReadTimeout read timeout}, then throws {@link ReadTimeoutException}
 * (the reader stays usable). A read returns at most up to the end of the current piece.
 *
 * <p>While open, the reader's {@linkplain #window() window} — its position plus a {@link Readahead} that grows with
 * contiguous reading and resets on a seek — drives the torrent's piece deadlines; several readers on one file or
 * torrent combine. {@link #close()} releases the window.
 *
 * <p>Thread-safety: reads and seeks are meant for one thread at a time; {@link #window()} and {@link #close()} may
 * be called from any thread (a close wakes no blocked read: the read ends at its timeout or when the piece comes).
 */
public final class TorrentReader extends InputStream implements SeekableByteChannel {
  /** Read timeout unless {@link #setReadTimeout} says otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  /** The consumption rate assumed when neither a container hint nor a measurement is there (~4 Mbit/s). */
  public static final double DEFAULT_BYTES_PER_SECOND = 512 * 1024;
  /** A contiguous run must be this long (and last half a second) before its read rate is trusted. */
  static final long MIN_MEASURED_BYTES = 256 * 1024;

  private final ReaderHost host;
  private final int fileIndex;
  private final long fileOffset;
  private final long length;
  private final int pieceLength;
  private final Object state = new Object();
  private volatile long timeoutNanos = DEFAULT_TIMEOUT.toNanos();

  // guarded by state
  private long position;
  private final Readahead readahead = new Readahead(0);
  private boolean readaheadEnabled = true;
  /** File offset the readahead stops at (exclusive): the end of the byte range the reader was opened for. */
  private long readaheadLimit = Long.MAX_VALUE;
  private boolean closed;
  private int pending;
  private long runStartNanos = System.nanoTime();
  private long runStartPos;
  private long reportedFirst = -1;
  private long reportedLast = -1;

  /**
   * A reader at position 0; the host registers it (and learns its window) after construction.
   *
   * @param fileOffset torrent offset of the file's first byte
   * @param length the file's length
   */
  public TorrentReader(ReaderHost host, int fileIndex, long fileOffset, long length, int pieceLength) {
    this.host = Objects.requireNonNull(host, "host");
    if (fileOffset < 0 || length < 0 || pieceLength <= 0) {
      throw new IllegalArgumentException("bad file geometry: offset " + fileOffset + ", length " + length
          + ", piece length " + pieceLength);
    }
    this.fileIndex = fileIndex;
    this.fileOffset = fileOffset;
    this.length = length;
    this.pieceLength = pieceLength;
  }

  public int fileIndex() {
    return fileIndex;
  }

  /** How long a read waits for its data before {@link ReadTimeoutException}. */
  public TorrentReader setReadTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("read timeout must be positive: " + timeout);
    }
    this.timeoutNanos = timeout.toNanos();
    return this;
  }

  public Duration readTimeout() {
    return Duration.ofNanos(timeoutNanos);
  }

  /**
   * Stops the readahead at {@code end} (a file offset, exclusive): a reader serving the byte range {@code
   * [position, end)} of a request does not ask for bytes past it (an HTTP request {@code bytes=a-b} will not read
   * beyond {@code b}; the player's next request opens its own reader). A read past the limit still works; its piece
   * is then wanted alone. {@link Long#MAX_VALUE} (the default) means no limit.
   *
   * @throws IllegalArgumentException if {@code end} is negative
   */
  public TorrentReader setReadaheadLimit(long end) {
    if (end < 0) {
      throw new IllegalArgumentException("negative readahead limit " + end);
    }
    synchronized (state) {
      readaheadLimit = end;
    }
    notifyIfMoved();
    return this;
  }

  /**
   * With readahead off, the window is only what a read is waiting for (e.g. a container probe that reads a few
   * headers); on by default.
   */
  public TorrentReader setReadaheadEnabled(boolean enabled) {
    synchronized (state) {
      readaheadEnabled = enabled;
    }
    notifyIfMoved();
    return this;
  }

  /**
   * The span this reader wants soon (torrent offsets), or null if it wants nothing (closed, at the end, or readahead
   * off and not reading).
   */
  public ReaderWindow window() {
    synchronized (state) {
      return windowLocked();
    }
  }

  private ReaderWindow windowLocked() {
    if (closed || position >= length) {
      return null;
    }
    double rate = rateLocked();
    long ahead = readaheadEnabled ? Math.min(readahead.bytes(rate), Math.max(0, readaheadLimit - position)) : 0;
    long want = Math.max(ahead, pending);
    if (want <= 0) {
      return null;
    }
    long end = Math.min(length, position + want);
    return new ReaderWindow(fileOffset + position, fileOffset + end, rate);
  }

  /** The rate deadlines are paced at: the container's hint, else the measured read rate, else the default. */
  public double bytesPerSecond() {
    synchronized (state) {
      return rateLocked();
    }
  }

  private double rateLocked() {
    double hint = host.bitrateHint(fileIndex);
    if (hint > 0) {
      return hint;
    }
    long run = position - runStartPos;
    long elapsed = System.nanoTime() - runStartNanos;
    if (run >= MIN_MEASURED_BYTES && elapsed >= 500_000_000L) {
      return Math.max(1, run * 1e9 / elapsed);
    }
    return DEFAULT_BYTES_PER_SECOND;
  }

  // ---- SeekableByteChannel ----

  @Override
  public int read(ByteBuffer dst) throws IOException {
    long pos;
    synchronized (state) {
      ensureOpen();
      pos = position;
      if (pos >= length) {
        return -1;
      }
      if (!dst.hasRemaining()) {
        return 0;
      }
    }
    long abs = fileOffset + pos;
    int piece = (int) (abs / pieceLength);
    long pieceEnd = (long) (piece + 1) * pieceLength;
    int n = (int) Math.min(dst.remaining(), Math.min(length - pos, pieceEnd - abs));
    synchronized (state) {
      pending = n;
    }
    notifyIfMoved();
    try {
      boolean ok;
      try {
        ok = host.awaitVerified(piece, timeoutNanos);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for byte " + pos + " of file " + fileIndex);
      }
      if (!ok) {
        throw new ReadTimeoutException("byte " + pos + " of file " + fileIndex + " (piece " + piece
            + ") was not downloaded and verified within " + readTimeout().toMillis() + " ms", pos);
      }
      synchronized (state) {
        if (closed) {
          throw new AsynchronousCloseException();
        }
      }
      int limit = dst.limit();
      dst.limit(dst.position() + n);
      try {
        host.read(piece, (int) (abs - (long) piece * pieceLength), dst);
      } finally {
        dst.limit(limit);
      }
      synchronized (state) {
        if (position == pos) {
          position = pos + n;
        }
        readahead.onRead(pos, n);
      }
      return n;
    } finally {
      synchronized (state) {
        pending = 0;
      }
      notifyIfMoved();
    }
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public long position() throws IOException {
    synchronized (state) {
      ensureOpen();
      return position;
    }
  }

  /** Moves the reader (a seek): the readahead restarts there and the old window is released. */
  @Override
  public TorrentReader position(long newPosition) throws IOException {
    if (newPosition < 0) {
      throw new IllegalArgumentException("negative position " + newPosition);
    }
    synchronized (state) {
      ensureOpen();
      if (newPosition == position) {
        return this;
      }
      position = newPosition;
      readahead.onSeek(newPosition);
      runStartPos = newPosition;
      runStartNanos = System.nanoTime();
    }
    notifyIfMoved();
    return this;
  }

  @Override
  public long size() throws IOException {
    synchronized (state) {
      ensureOpen();
    }
    return length;
  }

  @Override
  public SeekableByteChannel truncate(long size) {
    throw new NonWritableChannelException();
  }

  @Override
  public boolean isOpen() {
    synchronized (state) {
      return !closed;
    }
  }

  /** Releases the window; idempotent. */
  @Override
  public void close() {
    synchronized (state) {
      if (closed) {
        return;
      }
      closed = true;
    }
    host.closed(this);
  }

  // ---- InputStream ----

  @Override
  public int read() throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    int n;
    do {
      n = read(one);
    } while (n == 0);
    return n < 0 ? -1 : one.get(0) & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    return read(ByteBuffer.wrap(b, off, len));
  }

  /** Skips by seeking (no data is waited for). */
  @Override
  public long skip(long n) throws IOException {
    if (n <= 0) {
      return 0;
    }
    long pos = position();
    long to = Math.min(length, pos + n);
    position(to);
    return to - pos;
  }

  @Override
  public int available() {
    return 0;
  }

  // ---- internals ----

  private void ensureOpen() throws ClosedChannelException {
    if (closed) {
      throw new ClosedChannelException();
    }
  }

  /** Tells the host when the window covers other pieces than last reported. */
  private void notifyIfMoved() {
    boolean moved;
    synchronized (state) {
      ReaderWindow w = windowLocked();
      long first = w == null ? -1 : w.start() / pieceLength;
      long last = w == null ? -1 : (w.end() - 1) / pieceLength;
      moved = first != reportedFirst || last != reportedLast;
      reportedFirst = first;
      reportedLast = last;
    }
    if (moved) {
      host.windowChanged(this);
    }
  }

  /** Called by the host once registered, to report the initial window (always reported, even if already computed). */
  public void opened() {
    synchronized (state) {
      reportedFirst = -2;
      reportedLast = -2;
    }
    notifyIfMoved();
  }

  @Override
  public String toString() {
    return "TorrentReader[file " + fileIndex + " at " + position + "/" + length + "]";
  }
}
