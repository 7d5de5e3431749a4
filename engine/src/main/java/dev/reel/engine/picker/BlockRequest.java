package dev.reel.engine.picker;

/**
 * One block of a piece: what a BEP 3 {@code request} / {@code piece} / {@code cancel} message names. Blocks are
 * {@link PiecePicker#BLOCK_SIZE} bytes except the last block of the last piece, which may be shorter.
 *
 * @param piece zero-based piece index
 * @param offset byte offset of the block inside the piece (a multiple of the block size)
 * @param length block length in bytes (1..16 KiB)
 */
public record BlockRequest(int piece, int offset, int length) {
  public BlockRequest {
    if (piece < 0 || offset < 0 || length <= 0) {
      throw new IllegalArgumentException(
          "bad block request: piece " + piece + " offset " + offset + " length " + length);
    }
  }

  /** Index of this block inside its piece. */
  public int blockIndex() {
    return offset / PiecePicker.BLOCK_SIZE;
  }
}
