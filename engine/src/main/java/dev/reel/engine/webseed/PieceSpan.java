package dev.reel.engine.webseed;

import dev.reel.engine.metainfo.FileEntry;
import dev.reel.engine.metainfo.Metainfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps a byte range of a torrent's piece space (BEP 3: the files concatenated in order, cut into pieces) onto the
 * files that hold it, for HTTP range requests. Padding files (BEP 47) and zero-length files are skipped: padding is
 * all zeros, made locally and never requested. Immutable and thread-safe.
 */
public final class PieceSpan {
  private final int pieceLength;
  private final long totalLength;
  private final long[] offsets;
  private final long[] lengths;
  private final boolean[] padding;

  public PieceSpan(List<FileEntry> files, int pieceLength) {
    if (pieceLength <= 0) {
      throw new IllegalArgumentException("piece length must be positive: " + pieceLength);
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("a torrent has at least one file");
    }
    this.pieceLength = pieceLength;
    int n = files.size();
    offsets = new long[n];
    lengths = new long[n];
    padding = new boolean[n];
    long expected = 0;
    for (int i = 0; i < n; i++) {
      FileEntry f = files.get(i);
      if (f.offset() != expected) {
        throw new IllegalArgumentException("file " + i + " starts at " + f.offset() + ", expected " + expected);
      }
      offsets[i] = f.offset();
      lengths[i] = f.length();
      padding[i] = f.padding();
      expected = f.end();
    }
    this.totalLength = expected;
  }

  public static PieceSpan of(Metainfo meta) {
    return new PieceSpan(meta.files(), meta.pieceLength());
  }

  public int pieceLength() {
    return pieceLength;
  }

  public long totalLength() {
    return totalLength;
  }

  /** Byte offset in the torrent of {@code offset} within {@code piece}. */
  public long byteOffset(int piece, int offset) {
    if (piece < 0 || offset < 0) {
      throw new IndexOutOfBoundsException("piece " + piece + " offset " + offset);
    }
    return (long) piece * pieceLength + offset;
  }

  /**
   * The file segments holding {@code length} bytes from {@code offset} in {@code piece}. The range may run on into
   * the following pieces (a run of pieces is one range).
   *
   * @throws IndexOutOfBoundsException if the range does not lie within the torrent
   */
  public List<FileSegment> segments(int piece, int offset, int length) {
    return segments(byteOffset(piece, offset), length);
  }

  /**
   * The file segments holding {@code length} bytes from byte {@code start} of the torrent, in order; padding and
   * empty files are left out, so {@code bufferOffset}s may leave gaps (zeros). O(log files + segments).
   *
   * @throws IndexOutOfBoundsException if the range does not lie within the torrent
   */
  public List<FileSegment> segments(long start, int length) {
    if (start < 0 || length < 0 || start + length > totalLength) {
      throw new IndexOutOfBoundsException(
          "range of " + length + " bytes at " + start + " is outside the torrent's " + totalLength + " bytes");
    }
    List<FileSegment> out = new ArrayList<>(2);
    long end = start + length;
    for (int i = fileAt(start); i < offsets.length && offsets[i] < end && length > 0; i++) {
      long from = Math.max(start, offsets[i]);
      long to = Math.min(end, offsets[i] + lengths[i]);
      if (to > from && !padding[i]) {
        out.add(new FileSegment(i, from - offsets[i], (int) (to - from), (int) (from - start)));
      }
    }
    return List.copyOf(out);
  }

  /** The first piece holding a byte of file {@code fileIndex}. */
  public int firstPiece(int fileIndex) {
    return (int) (offsets[fileIndex] / pieceLength);
  }

  /** One past the last piece holding a byte of file {@code fileIndex}; equal to {@link #firstPiece} if it is empty. */
  public int endPiece(int fileIndex) {
    if (lengths[fileIndex] == 0) {
      return firstPiece(fileIndex);
    }
    return (int) ((offsets[fileIndex] + lengths[fileIndex] - 1) / pieceLength) + 1;
  }

  /** Whether every byte of the range is padding (nothing to fetch). */
  public boolean allPadding(long start, int length) {
    return segments(start, length).isEmpty();
  }

  // The last file starting at or before offset (binary search over the start offsets).
  private int fileAt(long offset) {
    int lo = 0;
    int hi = offsets.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (offsets[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }
}
