package dev.reel.engine.webseed;

import java.util.BitSet;

/**
 * {@link PieceClaims} over plain bit sets, for a download by web seeds alone (and tests): every piece is wanted until
 * {@link #setWanted} says otherwise. Thread-safe (synchronized).
 */
public final class BitSetClaims implements PieceClaims {
  private final int pieceCount;
  private final BitSet wanted = new BitSet();
  private final BitSet have = new BitSet();
  private final BitSet claimed = new BitSet();

  public BitSetClaims(int pieceCount) {
    if (pieceCount <= 0) {
      throw new IllegalArgumentException("piece count must be positive: " + pieceCount);
    }
    this.pieceCount = pieceCount;
    wanted.set(0, pieceCount);
  }

  @Override
  public int pieceCount() {
    return pieceCount;
  }

  @Override
  public synchronized boolean tryClaim(int piece) {
    check(piece);
    if (!wanted.get(piece) || have.get(piece) || claimed.get(piece)) {
      return false;
    }
    claimed.set(piece);
    return true;
  }

  @Override
  public synchronized void release(int piece) {
    check(piece);
    claimed.clear(piece);
  }

  /** Records a verified piece: had, and no longer claimed. */
  public synchronized void markHave(int piece) {
    check(piece);
    have.set(piece);
    claimed.clear(piece);
  }

  public synchronized void setWanted(int piece, boolean want) {
    check(piece);
    wanted.set(piece, want);
  }

  public synchronized boolean have(int piece) {
    check(piece);
    return have.get(piece);
  }

  public synchronized boolean claimed(int piece) {
    check(piece);
    return claimed.get(piece);
  }

  /** Whether every wanted piece is had. */
  public synchronized boolean complete() {
    BitSet missing = (BitSet) wanted.clone();
    missing.andNot(have);
    return missing.isEmpty();
  }

  public synchronized int haveCount() {
    return have.cardinality();
  }

  private void check(int piece) {
    if (piece < 0 || piece >= pieceCount) {
      throw new IndexOutOfBoundsException("piece " + piece + " is outside 0.." + (pieceCount - 1));
    }
  }
}
