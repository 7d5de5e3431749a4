package dev.reel.engine.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a torrent's files map onto its piece space (BEP 3): pieces of {@code pieceLength} bytes (the last one shorter)
 * cut the concatenation of {@code files} in order. Padding files (BEP 47) take part in the piece space but are
 * never stored. Immutable.
 *
 * <p>The constructor checks that the files are contiguous from offset 0, that their lengths add up to {@code
 * totalLength}, that no two non-padding files share a path, and that the piece count is within {@link #MAX_PIECES}.
 *
 * @param pieceLength bytes per piece, {@code > 0}
 * @param totalLength bytes in the torrent, {@code >= 0}
 * @param files the files in torrent order (copied)
 */
public record StorageLayout(int pieceLength, long totalLength, List<StoredFile> files) {
  /** Most pieces a torrent may have (libtorrent's limit). */
  public static final int MAX_PIECES = 2_097_152;

  public StorageLayout {
    if (pieceLength <= 0) {
      throw new IllegalArgumentException("piece length must be positive: " + pieceLength);
    }
    if (totalLength < 0) {
      throw new IllegalArgumentException("total length must not be negative: " + totalLength);
    }
    files = List.copyOf(files);
    long expected = 0;
    Set<Path> paths = new HashSet<>();
    for (int i = 0; i < files.size(); i++) {
      StoredFile f = files.get(i);
      if (f.offset() != expected) {
        throw new IllegalArgumentException(
            "file " + i + " (" + f.relativePath() + ") starts at " + f.offset() + ", expected " + expected);
      }
      if (!f.padding() && !paths.add(f.relativePath())) {
        throw new IllegalArgumentException("two files share the path " + f.relativePath());
      }
      expected = Math.addExact(expected, f.length());
    }
    if (expected != totalLength) {
      throw new IllegalArgumentException("files add up to " + expected + " bytes, not " + totalLength);
    }
    long pieces = (totalLength + pieceLength - 1) / pieceLength;
    if (pieces > MAX_PIECES) {
      throw new IllegalArgumentException("too many pieces: " + pieces + " > " + MAX_PIECES);
    }
  }

  /** A layout holding one file. */
  public static StorageLayout singleFile(Path relativePath, long length, int pieceLength) {
    return builder(pieceLength).file(relativePath, length).build();
  }

  public static Builder builder(int pieceLength) {
    return new Builder(pieceLength);
  }

  /** Number of pieces; 0 for an empty torrent. */
  public int pieceCount() {
    return (int) ((totalLength + pieceLength - 1) / pieceLength);
  }

  /** Bytes in {@code piece}: {@link #pieceLength()} except for a shorter last piece. */
  public int pieceSize(int piece) {
    checkPiece(piece);
    return (int) Math.min(pieceLength, totalLength - pieceOffset(piece));
  }

  /** Byte offset of {@code piece}'s first byte in the torrent's data. */
  public long pieceOffset(int piece) {
    checkPiece(piece);
    return (long) piece * pieceLength;
  }

  /**
   * Index of the file holding the byte at {@code offset} (a non-empty file: zero-length files hold no byte).
   * Binary search: O(log files).
   */
  public int fileAt(long offset) {
    if (offset < 0 || offset >= totalLength) {
      throw new IndexOutOfBoundsException("offset " + offset + " is outside the torrent's " + totalLength + " bytes");
    }
    // The last file starting at or before offset is non-empty and holds it, since offsets are contiguous.
    int lo = 0;
    int hi = files.size() - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (files.get(mid).offset() <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** The first piece holding a byte of file {@code file}; -1 for a zero-length file. */
  public int firstPiece(int file) {
    StoredFile f = files.get(file);
    return f.length() == 0 ? -1 : (int) (f.offset() / pieceLength);
  }

  /** The last piece holding a byte of file {@code file}; -1 for a zero-length file. */
  public int lastPiece(int file) {
    StoredFile f = files.get(file);
    return f.length() == 0 ? -1 : (int) ((f.end() - 1) / pieceLength);
  }

  /** Checks a block request against the piece's bounds. */
  void checkBlock(int piece, int offset, int length) {
    int size = pieceSize(piece);
    if (offset < 0 || length < 0 || (long) offset + length > size) {
      throw new IndexOutOfBoundsException(
          "block at offset " + offset + " of " + length + " bytes is outside piece " + piece + " of " + size + " bytes");
    }
  }

  private void checkPiece(int piece) {
    if (piece < 0 || piece >= pieceCount()) {
      throw new IndexOutOfBoundsException("piece " + piece + " is outside 0.." + (pieceCount() - 1));
    }
  }

  /** Builds a layout from files in order, computing offsets. Not thread-safe. */
  public static final class Builder {
    private final int pieceLength;
    private final List<StoredFile> files = new ArrayList<>();
    private long offset;

    private Builder(int pieceLength) {
      this.pieceLength = pieceLength;
    }

    public Builder file(Path relativePath, long length) {
      return add(relativePath, length, false);
    }

    public Builder file(String relativePath, long length) {
      return file(Path.of(relativePath), length);
    }

    /** A BEP 47 padding file at the recommended path {@code .pad/<length>}. */
    public Builder padding(long length) {
      return add(Path.of(".pad", Long.toString(length)), length, true);
    }

    public Builder add(Path relativePath, long length, boolean padding) {
      Objects.requireNonNull(relativePath, "relativePath");
      files.add(new StoredFile(relativePath, length, offset, padding));
      offset = Math.addExact(offset, length);
      return this;
    }

    public StorageLayout build() {
      return new StorageLayout(pieceLength, offset, files);
    }
  }
}
