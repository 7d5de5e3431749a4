package dev.reel.app.play;

import dev.reel.app.stream.ReadTimeoutException;
import dev.reel.app.stream.StreamSource;
import dev.reel.engine.stream.TorrentReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.time.Duration;

/**
 * One file of a playing torrent, served by the stream route through the engine's {@link TorrentReader} (verified
 * bytes only; reads block until the data is there, the reader's position drives the piece deadlines). Counts its open
 * readers in the session so an active player keeps the session alive. Thread-safe.
 */
final class EngineSource implements StreamSource {
  private final PlaySession session;
  private final String fileName;
  private final long length;
  private final int fileIndex;
  private final Duration readTimeout;

  EngineSource(PlaySession session, String fileName, long length, int fileIndex, Duration readTimeout) {
    this.session = session;
    this.fileName = fileName;
    this.length = length;
    this.fileIndex = fileIndex;
    this.readTimeout = readTimeout;
  }

  @Override
  public String fileName() {
    return fileName;
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public SeekableByteChannel open() throws IOException {
    return open(0);
  }

  /** The reader starts at the position, so its first readahead window is there (see Torrent#openReader(int, long)). */
  @Override
  public SeekableByteChannel open(long position) throws IOException {
    return open(position, Long.MAX_VALUE);
  }

  /** As {@link #open(long)}, reading ahead no further than {@code end} (the request's range end). */
  @Override
  public SeekableByteChannel open(long position, long end) throws IOException {
    TorrentReader reader;
    try {
      reader = session.torrent.openReader(fileIndex, position, end);
    } catch (IllegalStateException | IndexOutOfBoundsException e) {
      throw new IOException("cannot read " + fileName + ": " + e.getMessage(), e);
    }
    reader.setReadTimeout(readTimeout);
    session.readers.incrementAndGet();
    session.touch();
    return new Channel(reader);
  }

  /** Adapts the engine reader: its read timeout becomes the stream layer's {@link ReadTimeoutException}. */
  private final class Channel implements SeekableByteChannel {
    private final TorrentReader reader;
    private boolean closed;

    Channel(TorrentReader reader) {
      this.reader = reader;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      try {
        int n = reader.read(dst);
        session.touch();
        return n;
      } catch (dev.reel.engine.stream.ReadTimeoutException e) {
        throw new ReadTimeoutException(e.getMessage());
      }
    }

    @Override
    public int write(ByteBuffer src) {
      throw new NonWritableChannelException();
    }

    @Override
    public long position() throws IOException {
      return reader.position();
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
      reader.position(newPosition);
      return this;
    }

    @Override
    public long size() {
      return length;
    }

    @Override
    public SeekableByteChannel truncate(long size) {
      throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
      return reader.isOpen();
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        reader.close();
        session.readers.decrementAndGet();
        session.touch();
      }
    }
  }
}
