package dev.reel.app.play;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** Maps a torrent's verified pieces ({@code Torrent.verifiedPieces()}) to the byte ranges of one file. Pure. */
final class PieceMap {
  private PieceMap() {}

  /**
   * The verified ranges of the file {@code [fileOffset, fileOffset + length)} of the torrent, in file coordinates,
   * merged and ordered.
   */
  static List<SessionView.Range> ranges(BitSet verified, long fileOffset, long length, int pieceLength) {
    List<SessionView.Range> out = new ArrayList<>();
    if (length == 0) {
      return out;
    }
    int first = (int) (fileOffset / pieceLength);
    int last = (int) ((fileOffset + length - 1) / pieceLength);
    int p = verified.nextSetBit(first);
    while (p >= 0 && p <= last) {
      int end = verified.nextClearBit(p); // exclusive
      long start = Math.max(0, (long) p * pieceLength - fileOffset);
      long stop = Math.min(length, (long) Math.min(end, last + 1) * pieceLength - fileOffset);
      if (stop > start) {
        out.add(new SessionView.Range(start, stop));
      }
      p = verified.nextSetBit(end);
    }
    return out;
  }
}
