package dev.reel.engine.storage;

import dev.reel.engine.metainfo.InfoHash;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * What a torrent had verified when it last saved, and how its files looked then. Immutable: the bit set is copied on
 * the way in and out.
 *
 * @param infoHash the torrent
 * @param pieceCount pieces in the torrent; bits at or past it are dropped
 * @param have pieces that had passed their hash check
 * @param files one stamp per file of the layout, in layout order (see {@link ResumeFile#stamps})
 */
public record ResumeState(InfoHash infoHash, int pieceCount, BitSet have, List<FileStamp> files) {
  public ResumeState {
    Objects.requireNonNull(infoHash, "infoHash");
    if (pieceCount < 0 || pieceCount > StorageLayout.MAX_PIECES) {
      throw new IllegalArgumentException("piece count out of range: " + pieceCount);
    }
    have = have.get(0, pieceCount);
    files = List.copyOf(files);
  }

  @Override
  public BitSet have() {
    return (BitSet) have.clone();
  }
}
