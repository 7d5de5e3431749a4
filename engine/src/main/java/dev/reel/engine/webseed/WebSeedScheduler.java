package dev.reel.engine.webseed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Decides which run of pieces each idle web seed fetches next. Pure: no I/O, time passed in, not thread-safe (the
 * session calls it under its torrent lock).
 *
 * <p>HTTP likes long sequential ranges (BEP 19: one request per piece looks like an attack in the server's logs), so
 * a seed gets a run of contiguous claimable pieces sized to about {@link #TARGET_RUN} of its measured throughput
 * (between one piece and {@link #MAX_RUN_BYTES}; {@link #INITIAL_RUN_BYTES} before it is measured; both
 * configurable). Seeds are served
 * fastest first, each on its own run, so several seeds work in parallel on different ranges.
 *
 * <p>Streaming: the caller passes the pieces a reader needs soon ({@code urgent}, in deadline order). A seed at least
 * as fast as the fastest peer ({@code fastestPeerThroughput}; 0 when there are no peers) takes the first claimable
 * urgent piece and the urgent pieces right after it, no more, since a run is delivered whole. Otherwise, and when no
 * urgent piece is claimable, a seed takes the first claimable run from the torrent's start (sequential: the front is
 * what a player needs first).
 *
 * <p>Pieces a seed {@link WebSeedState#lacks lacks} (its copy of their file is missing or different) are never given
 * to it.
 *
 * <p>Cost: O(pieces) claim attempts per assignment in the worst case (a scan for the first claimable piece).
 */
public final class WebSeedScheduler {
  /** Run size for a seed whose throughput is not measured yet. */
  public static final int INITIAL_RUN_BYTES = 1024 * 1024;
  /** Largest run: bounds the buffer and how much a failure wastes. */
  public static final int MAX_RUN_BYTES = 16 * 1024 * 1024;
  /** A run should take about this long at the seed's throughput. */
  public static final Duration TARGET_RUN = Duration.ofSeconds(4);

  private final int pieceCount;
  private final int pieceLength;
  private final int initialRunBytes;
  private final int maxRunBytes;

  /** A run of pieces for one web seed; the seed was marked started and the pieces claimed. */
  public record Assignment(WebSeedState seed, int firstPiece, int pieceCount, boolean urgent) {
    /** One past the run's last piece. */
    public int endPiece() {
      return firstPiece + pieceCount;
    }
  }

  /** A scheduler with the default run sizes ({@link #INITIAL_RUN_BYTES}, {@link #MAX_RUN_BYTES}). */
  public WebSeedScheduler(int pieceCount, int pieceLength) {
    this(pieceCount, pieceLength, INITIAL_RUN_BYTES, MAX_RUN_BYTES);
  }

  /**
   * @param initialRunBytes run size for an unmeasured seed
   * @param maxRunBytes largest run (a run is at least one piece whatever these say)
   */
  public WebSeedScheduler(int pieceCount, int pieceLength, int initialRunBytes, int maxRunBytes) {
    if (pieceCount <= 0 || pieceLength <= 0 || initialRunBytes <= 0 || maxRunBytes <= 0) {
      throw new IllegalArgumentException("piece count, piece length and run sizes must be positive");
    }
    this.pieceCount = pieceCount;
    this.pieceLength = pieceLength;
    this.initialRunBytes = initialRunBytes;
    this.maxRunBytes = maxRunBytes;
  }

  /**
   * Assigns a run to every seed that is {@link WebSeedState#ready ready} at {@code nowNanos}, while claimable pieces
   * remain. For each assignment the seed is marked {@link WebSeedState#started() started} and its pieces are claimed
   * through {@code claims}; the caller must fetch the run, then for each piece either hand it on (verified) or
   * {@link PieceClaims#release release} it, and report the outcome to the seed.
   *
   * @param urgent pieces a stream needs soon, most urgent first (may be empty)
   * @param fastestPeerThroughput the best download rate of any peer in bytes/s, or 0 when there is none
   */
  public List<Assignment> assign(List<WebSeedState> seeds, PieceClaims claims, int[] urgent,
      double fastestPeerThroughput, long nowNanos) {
    Objects.requireNonNull(claims, "claims");
    if (claims.pieceCount() != pieceCount) {
      throw new IllegalArgumentException("claims cover " + claims.pieceCount() + " pieces, not " + pieceCount);
    }
    List<WebSeedState> ready = new ArrayList<>();
    for (WebSeedState s : seeds) {
      if (s.ready(nowNanos)) {
        ready.add(s);
      }
    }
    ready.sort(Comparator.comparingDouble(WebSeedState::throughput).reversed());
    List<Assignment> out = new ArrayList<>();
    for (WebSeedState seed : ready) {
      int maxPieces = runPieces(seed.throughput());
      Assignment a = null;
      if (urgent.length > 0 && seed.throughput() >= fastestPeerThroughput) {
        a = urgentRun(seed, claims, urgent, maxPieces);
      }
      if (a == null) {
        int first = firstClaimable(seed, claims);
        if (first < 0) {
          continue; // nothing this seed can serve is claimable; another seed may still take urgent pieces
        }
        a = new Assignment(seed, first, extend(seed, claims, first, maxPieces), false);
      }
      seed.started();
      out.add(a);
    }
    return out;
  }

  /** Pieces in a run for a seed of the given throughput (bytes/s; 0 = unknown). */
  int runPieces(double throughput) {
    double bytes = throughput <= 0 ? initialRunBytes : throughput * TARGET_RUN.toNanos() / 1e9;
    bytes = Math.min(bytes, maxRunBytes);
    return (int) Math.max(1, Math.min(pieceCount, (long) (bytes / pieceLength)));
  }

  private Assignment urgentRun(WebSeedState seed, PieceClaims claims, int[] urgent, int maxPieces) {
    for (int i = 0; i < urgent.length; i++) {
      int p = urgent[i];
      if (p < 0 || p >= pieceCount || seed.lacks(p) || !claims.tryClaim(p)) {
        continue;
      }
      int count = 1;
      // Take the urgent pieces that directly follow, as long as they are claimable.
      for (int j = i + 1; j < urgent.length && count < maxPieces && urgent[j] == p + count; j++) {
        if (seed.lacks(urgent[j]) || !claims.tryClaim(urgent[j])) {
          break;
        }
        count++;
      }
      return new Assignment(seed, p, count, true);
    }
    return null;
  }

  private int firstClaimable(WebSeedState seed, PieceClaims claims) {
    for (int p = 0; p < pieceCount; p++) {
      if (!seed.lacks(p) && claims.tryClaim(p)) {
        return p;
      }
    }
    return -1;
  }

  // Claims the pieces after the already claimed first one, up to maxPieces in all; returns the run's length.
  private int extend(WebSeedState seed, PieceClaims claims, int first, int maxPieces) {
    int count = 1;
    while (count < maxPieces && first + count < pieceCount && !seed.lacks(first + count)
        && claims.tryClaim(first + count)) {
      count++;
    }
    return count;
  }
}
