package dev.reel.engine.picker;

import java.util.Set;

/**
 * What {@link PiecePicker#blockReceived(Object, BlockRequest)} found.
 *
 * @param expected true if the block was still needed (its piece is being downloaded, is not complete and this block
 *     was not received before): the session should store it. False for duplicates (end-game losers), unsolicited
 *     blocks, and blocks of pieces we already have: the session should drop the data.
 * @param cancelFrom other peers that had the same block outstanding (end-game); the session sends them a BEP 3
 *     {@code cancel}. Their requests are already released in the picker.
 * @param pieceComplete true if every block of the piece has now been received: hash it, then call
 *     {@link PiecePicker#pieceVerified(int)} or {@link PiecePicker#pieceFailed(int)}.
 */
public record Received<P>(boolean expected, Set<P> cancelFrom, boolean pieceComplete) {
  public Received {
    cancelFrom = Set.copyOf(cancelFrom);
  }
}
