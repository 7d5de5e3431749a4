package dev.reel.engine.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a torrent's data in memory: a sparse map from piece index to that piece's bytes, allocated on its first
 * write, with a record of which bytes were written so that a read of unwritten bytes fails like a read past the end
 * of a file does. Padding files (BEP 47) are skipped on write and read as zeros. For tests, and for holding data
 * before a torrent's files are known.
 *
 * <p>Thread-safety: safe for concurrent use; each piece is guarded by its own lock. Memory grows with the pieces
 * written; nothing is evicted until {@link #close()}.
 */
public final class MemoryStorage implements Storage {
  private final StorageLayout layout;
  private final List<StoredFile> files;
  private final ConcurrentHashMap<Integer, Piece> pieces = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** One piece's bytes and which of them were written. Guarded by its own monitor. */
  private static final class Piece {
    final byte[] data;
    final BitSet written;

    Piece(int size) {
      data = new byte[size];
      written = new BitSet(size);
    }
  }

  public MemoryStorage(StorageLayout layout) {
    this.layout = layout;
    this.files = layout.files();
  }

  public StorageLayout layout() {
    return layout;
  }

  /** Whether any byte of {@code piece} was written. */
  public boolean hasPiece(int piece) {
    return pieces.containsKey(piece);
  }

  @Override
  public void write(int piece, int offset, ByteBuffer src) throws IOException {
    int length = src.remaining();
    layout.checkBlock(piece, offset, length);
    checkOpen();
    if (length == 0) {
      return;
    }
    Piece p = pieces.computeIfAbsent(piece, i -> new Piece(layout.pieceSize(i)));
    long pieceStart = layout.pieceOffset(piece);
    long pos = pieceStart + offset;
    long end = pos + length;
    synchronized (p) {
      for (int f = layout.fileAt(pos); ; f++) {
        StoredFile file = files.get(f);
        if (file.length() == 0) {
          continue;
        }
        int n = (int) (Math.min(end, file.end()) - pos);
        int at = (int) (pos - pieceStart);
        if (file.padding()) {
          src.position(src.position() + n);
        } else {
          src.get(p.data, at, n);
          p.written.set(at, at + n);
        }
        pos += n;
        if (pos >= end) {
          return;
        }
      }
    }
  }

  @Override
  public void read(int piece, int offset, ByteBuffer dst) throws IOException {
    int length = dst.remaining();
    layout.checkBlock(piece, offset, length);
    checkOpen();
    if (length == 0) {
      return;
    }
    Piece p = pieces.get(piece);
    long pieceStart = layout.pieceOffset(piece);
    long pos = pieceStart + offset;
    long end = pos + length;
    Object guard = p != null ? p : this;
    synchronized (guard) {
      for (int f = layout.fileAt(pos); ; f++) {
        StoredFile file = files.get(f);
        if (file.length() == 0) {
          continue;
        }
        int n = (int) (Math.min(end, file.end()) - pos);
        int at = (int) (pos - pieceStart);
        if (file.padding()) {
          for (int i = 0; i < n; i++) {
            dst.put((byte) 0);
          }
        } else {
          int gap = p == null ? at : p.written.nextClearBit(at);
          if (gap < at + n) {
            throw new MissingDataException("piece " + piece + " offset " + offset + ": byte " + gap
                + " of the piece (in file " + file.relativePath() + ") was never written");
          }
          dst.put(p.data, at, n);
        }
        pos += n;
        if (pos >= end) {
          return;
        }
      }
    }
  }

  /** Nothing to force: the data lives in memory. */
  @Override
  public void flush() throws IOException {
    checkOpen();
  }

  /** Drops all data. Idempotent. */
  @Override
  public void close() {
    closed = true;
    pieces.clear();
  }

  private void checkOpen() throws IOException {
    if (closed) {
      throw new IOException("storage is closed");
    }
  }

  @Override
  public String toString() {
    return "MemoryStorage[" + pieces.size() + " of " + layout.pieceCount() + " pieces]";
  }
}
