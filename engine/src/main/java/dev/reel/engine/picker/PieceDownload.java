package dev.reel.engine.picker;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Block states of one piece that has blocks requested or received. Not thread-safe. */
final class PieceDownload<P> {
  static final byte MISSING = 0;
  static final byte REQUESTED = 1;
  static final byte RECEIVED = 2;

  final int piece;
  final byte[] state;
  /** Peers each block is outstanding from (at most {@link PiecePicker#MAX_REQUESTS_PER_BLOCK}); null = none. */
  private final List<List<P>> requesters;
  final Set<P> contributors = new LinkedHashSet<>();
  int missing;
  int received;

  PieceDownload(int piece, int blockCount) {
    this.piece = piece;
    this.state = new byte[blockCount];
    this.requesters = new ArrayList<>(blockCount);
    for (int i = 0; i < blockCount; i++) {
      requesters.add(null);
    }
    this.missing = blockCount;
  }

  int blockCount() {
    return state.length;
  }

  boolean complete() {
    return received == state.length;
  }

  /** True if no block is requested or received (the piece can be forgotten). */
  boolean untouched() {
    return missing == state.length;
  }

  List<P> requesters(int block) {
    List<P> r = requesters.get(block);
    return r == null ? List.of() : r;
  }

  void request(int block, P peer) {
    List<P> r = requesters.get(block);
    if (r == null) {
      r = new ArrayList<>(2);
      requesters.set(block, r);
    }
    r.add(peer);
    if (state[block] == MISSING) {
      state[block] = REQUESTED;
      missing--;
    }
  }

  /** Drops one peer's request for the block; the block goes back to missing when nobody else has it outstanding. */
  void release(int block, P peer) {
    List<P> r = requesters.get(block);
    if (r == null || !r.remove(peer)) {
      return;
    }
    if (r.isEmpty()) {
      requesters.set(block, null);
      if (state[block] == REQUESTED) {
        state[block] = MISSING;
        missing++;
      }
    }
  }

  /** Marks the block received from the peer; returns the other peers that had it outstanding. */
  List<P> receive(int block, P peer) {
    List<P> others = new ArrayList<>(requesters(block));
    others.remove(peer);
    requesters.set(block, null);
    if (state[block] == MISSING) {
      missing--;
    }
    state[block] = RECEIVED;
    received++;
    contributors.add(peer);
    return others;
  }
}
