package dev.reel.engine.wire;

import java.util.BitSet;

/**
 * Conversions between the bitfield message's bytes (BEP 3: piece 0 is the high bit of the first byte, spare bits at
 * the end are zero) and {@link BitSet}s indexed by piece. Thread-safe (stateless).
 */
public final class Bitfields {
  private Bitfields() {}

  /** Bytes in the bitfield of a torrent with {@code pieceCount} pieces. */
  public static int byteLength(int pieceCount) {
    return (int) ((pieceCount + 7L) / 8);
  }

  /**
   * The pieces a received bitfield marks as present.
   *
   * @throws ProtocolException if the length is not {@link #byteLength(int)} or a spare bit is set
   */
  public static BitSet toBitSet(byte[] bits, int pieceCount) throws ProtocolException {
    int expected = byteLength(pieceCount);
    if (bits.length != expected) {
      throw new ProtocolException(
          "bitfield of " + bits.length + " bytes for " + pieceCount + " pieces, expected " + expected);
    }
    int spare = expected * 8 - pieceCount;
    if (spare > 0 && (bits[expected - 1] & ((1 << spare) - 1)) != 0) {
      throw new ProtocolException("bitfield has spare bits set in its last byte (offset " + (expected - 1) + ")");
    }
    BitSet out = new BitSet(pieceCount);
    for (int i = 0; i < expected; i++) {
      int b = bits[i] & 0xff;
      while (b != 0) {
        int high = Integer.numberOfLeadingZeros(b) - 24; // 0..7 from the most significant bit
        out.set(i * 8 + high);
        b &= ~(0x80 >>> high);
      }
    }
    return out;
  }

  /** The bitfield bytes for the pieces in {@code have}; bits at or past {@code pieceCount} are ignored. */
  public static byte[] fromBitSet(BitSet have, int pieceCount) {
    byte[] out = new byte[byteLength(pieceCount)];
    for (int i = have.nextSetBit(0); i >= 0 && i < pieceCount; i = have.nextSetBit(i + 1)) {
      out[i >>> 3] |= (byte) (0x80 >>> (i & 7));
    }
    return out;
  }
}
