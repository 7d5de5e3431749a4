package dev.reel.app.play;

import dev.reel.engine.EngineEvent;
import dev.reel.engine.metainfo.InfoHash;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which pieces of each torrent were verified, learnt from the engine's {@link EngineEvent.PieceVerified} events, and
 * the file ranges they cover ({@link #ranges}). Pieces verified before the torrent was added (resume data) are not
 * seen here; a complete file is reported whole by the caller. Thread-safe.
 */
final class PieceMap {
  private final Map<InfoHash, BitSet> pieces = new ConcurrentHashMap<>();

  void verified(InfoHash hash, int piece) {
    BitSet set = pieces.computeIfAbsent(hash, h -> new BitSet());
    synchronized (set) {
      set.set(piece);
    }
  }

  void forget(InfoHash hash) {
    pieces.remove(hash);
  }

  /**
   * The verified ranges of the file {@code [fileOffset, fileOffset + length)} of the torrent, in file coordinates,
   * merged and ordered.
   */
  List<SessionView.Range> ranges(InfoHash hash, long fileOffset, long length, int pieceLength) {
    List<SessionView.Range> out = new ArrayList<>();
    BitSet set = pieces.get(hash);
    if (set == null || length == 0) {
      return out;
    }
    BitSet copy;
    synchronized (set) {
      copy = (BitSet) set.clone();
    }
    int first = (int) (fileOffset / pieceLength);
    int last = (int) ((fileOffset + length - 1) / pieceLength);
    int p = copy.nextSetBit(first);
    while (p >= 0 && p <= last) {
      int end = copy.nextClearBit(p); // exclusive
      long start = Math.max(0, (long) p * pieceLength - fileOffset);
      long stop = Math.min(length, (long) Math.min(end, last + 1) * pieceLength - fileOffset);
      if (stop > start) {
        out.add(new SessionView.Range(start, stop));
      }
      p = copy.nextSetBit(end);
    }
    return out;
  }
}
