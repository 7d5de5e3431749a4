package dev.reel.engine.webseed;

/**
 * The scheduler's narrow view of the torrent's pieces: which ones a web seed may fetch, and a claim so that peers and
 * other web seeds do not fetch the same piece meanwhile. The session implements it over its piece picker; {@link
 * BitSetClaims} is a stand-alone implementation.
 *
 * <p>Implementations must be consistent under the caller's locking: a successful {@link #tryClaim} makes the piece
 * unavailable to every other fetcher until {@link #release}d or had.
 */
public interface PieceClaims {
  int pieceCount();

  /**
   * Claims {@code piece} for a web seed if it is wanted (priority above 0), not had, and nobody (no peer, no other
   * web seed) is fetching it.
   *
   * @return whether the piece is now claimed by the caller
   */
  boolean tryClaim(int piece);

  /**
   * Gives up a claim: the fetch failed, or the piece failed its hash check, or it was verified and is now had.
   * Unclaimed and not had, the piece can be picked again by anyone.
   */
  void release(int piece);
}
