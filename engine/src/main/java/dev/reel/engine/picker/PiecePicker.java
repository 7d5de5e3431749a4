package dev.reel.engine.picker;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides which blocks to request from which peer, and tracks every block from request to verified piece.
 *
 * <p>Pick order (see {@link #pick(Object, BitSet, BitSet, int, long)}): pieces with a deadline (earliest first), then
 * by priority (7 down to 1; 0 = skip); within a priority, pieces already started (those this peer contributed to or
 * has requests in first, then the nearest to completion), then untouched pieces rarest-first (BEP 3) with a random
 * tie-break. A block is requested from one peer at a time, except in end-game: once every missing block of every
 * wanted piece is outstanding, a block may be requested from up to {@value #MAX_REQUESTS_PER_BLOCK} peers, and
 * {@link #blockReceived} names the losers to cancel. Blocks of a piece whose deadline has passed may likewise be
 * requested from a second peer at any time.
 *
 * <p>Complexity: availability changes ({@code peerHave}, {@code peerGone}, priority changes) are O(1) per piece;
 * a bitfield is O(pieces it sets). Untouched pieces live in {@link PieceBuckets} keyed by (priority, availability),
 * so a pick walks pieces in rarest-first order without sorting and stops as soon as {@code maxNew} blocks are found:
 * O(maxNew + D log D + S) where D is the number of started pieces plus deadlines (small: a few per peer) and S the
 * number of rarer pieces the peer does not have that are skipped (0 for seeds; at worst O(pieces) for a peer that has
 * almost nothing we want). End-game checks are O(D). {@link #timedOut} is O(expired requests + peers).
 *
 * <p>Peers with the whole torrent (BEP 6 {@code have_all}, or a full bitfield sent via {@link #peerHasAll}) are
 * counted once, not per piece, since they raise every piece's availability equally.
 *
 * <p>Not thread-safe: the session calls it while holding the torrent's lock. {@code P} is the peer identity and is
 * used as a hash key (equals/hashCode must be stable).
 *
 * @param <P> peer identity
 */
public final class PiecePicker<P> {
  /** Block size: 16 KiB, the largest request every client accepts (BEP 3). */
  public static final int BLOCK_SIZE = 16 * 1024;
  /** Highest piece priority; 1 is normal and 0 means "do not download". */
  public static final int MAX_PRIORITY = 7;
  public static final int NORMAL_PRIORITY = 1;
  /** At most this many peers have the same block outstanding (only in end-game). */
  public static final int MAX_REQUESTS_PER_BLOCK = 2;
  /** Upper bound on the piece count (libtorrent's limit). */
  public static final int MAX_PIECES = 2_097_152;
  /**
   * Cancelled requests remembered per peer, so that a block the peer had already sent (a BEP 3 {@code cancel}
   * cannot recall what is in its send buffer) is still kept when it arrives.
   */
  public static final int MAX_CANCELLED_REMEMBERED = 512;

  private final int pieceCount;
  private final int pieceLength;
  private final long totalLength;
  private final Random random;

  private final BitSet have = new BitSet();
  private int haveCount;
  private final int[] priority;
  /** Pieces with priority > 0 that we do not have. */
  private int wantedMissing;
  /** The same pieces as a set, for cheap interest checks. */
  private final BitSet needed = new BitSet();
  /** Per-piece count of peers that announced it by bitfield/have (have-all peers excluded). */
  private final int[] availability;
  private int haveAllPeers;
  private final PieceBuckets buckets;
  private final Map<P, PeerState> peers = new HashMap<>();
  private final Map<Integer, PieceDownload<P>> downloading = new LinkedHashMap<>();
  private final Map<Integer, Deadline> deadlineOf = new HashMap<>();
  /** Pieces claimed whole by a source other than a peer (a web seed): no peer is asked for them meanwhile. */
  private final BitSet claimed = new BitSet();
  private final TreeSet<Deadline> deadlines = new TreeSet<>();

  private record Deadline(long atNanos, int piece) implements Comparable<Deadline> {
    @Override
    public int compareTo(Deadline o) {
      int c = Long.compare(atNanos, o.atNanos);
      return c != 0 ? c : Integer.compare(piece, o.piece);
    }
  }

  private static final class PeerState {
    BitSet has = new BitSet();
    boolean hasAll;
    /** Outstanding requests in the order they were sent, with the time each was sent. */
    final LinkedHashMap<BlockRequest, Long> outstanding = new LinkedHashMap<>();
    /** Requests we cancelled, oldest first (at most {@link #MAX_CANCELLED_REMEMBERED}). */
    final LinkedHashSet<BlockRequest> cancelled = new LinkedHashSet<>();

    void rememberCancelled(BlockRequest r) {
      cancelled.add(r);
      if (cancelled.size() > MAX_CANCELLED_REMEMBERED) {
        cancelled.remove(cancelled.iterator().next());
      }
    }
  }

  /** A picker whose random tie-break is unseeded. */
  public PiecePicker(int pieceCount, int pieceLength, long totalLength) {
    this(pieceCount, pieceLength, totalLength, new Random());
  }

  /**
   * @param random source of the rarest-first tie-break; pass a seeded one in tests
   * @throws IllegalArgumentException if the sizes are inconsistent (the last piece must hold 1..pieceLength bytes)
   */
  public PiecePicker(int pieceCount, int pieceLength, long totalLength, Random random) {
    if (pieceCount <= 0 || pieceCount > MAX_PIECES) {
      throw new IllegalArgumentException("piece count " + pieceCount + " outside 1.." + MAX_PIECES);
    }
    if (pieceLength <= 0) {
      throw new IllegalArgumentException("piece length " + pieceLength + " must be positive");
    }
    if (totalLength <= (long) (pieceCount - 1) * pieceLength || totalLength > (long) pieceCount * pieceLength) {
      throw new IllegalArgumentException("total length " + totalLength + " does not fit " + pieceCount
          + " pieces of " + pieceLength + " bytes");
    }
    this.pieceCount = pieceCount;
    this.pieceLength = pieceLength;
    this.totalLength = totalLength;
    this.random = Objects.requireNonNull(random, "random");
    this.priority = new int[pieceCount];
    this.availability = new int[pieceCount];
    this.buckets = new PieceBuckets(pieceCount);
    for (int i = 0; i < pieceCount; i++) {
      priority[i] = NORMAL_PRIORITY;
      buckets.place(i, NORMAL_PRIORITY, 0);
    }
    this.wantedMissing = pieceCount;
    needed.set(0, pieceCount);
  }

  // ---- geometry ----

  public int pieceCount() {
    return pieceCount;
  }

  /** Size of a piece in bytes (the last one may be shorter). */
  public int pieceSize(int piece) {
    checkPiece(piece);
    return piece == pieceCount - 1 ? (int) (totalLength - (long) piece * pieceLength) : pieceLength;
  }

  public int blockCount(int piece) {
    return (pieceSize(piece) + BLOCK_SIZE - 1) / BLOCK_SIZE;
  }

  /** The block with the given index inside the piece. */
  public BlockRequest block(int piece, int blockIndex) {
    int offset = blockIndex * BLOCK_SIZE;
    return new BlockRequest(piece, offset, Math.min(BLOCK_SIZE, pieceSize(piece) - offset));
  }

  // ---- have set ----

  /** Records a piece we have (from resume data or after verification). Releases any requests for it. */
  public void markHave(int piece) {
    checkPiece(piece);
    if (have.get(piece)) {
      return;
    }
    have.set(piece);
    haveCount++;
    needed.clear(piece);
    if (priority[piece] > 0) {
      wantedMissing--;
    }
    buckets.remove(piece);
    claimed.clear(piece);
    forget(piece);
    Deadline d = deadlineOf.remove(piece);
    if (d != null) {
      deadlines.remove(d);
    }
  }

  public boolean have(int piece) {
    checkPiece(piece);
    return have.get(piece);
  }

  public int haveCount() {
    return haveCount;
  }

  /** A copy of the pieces we have. */
  public BitSet haveSet() {
    return (BitSet) have.clone();
  }

  /** True when every wanted piece (priority > 0) is had. */
  public boolean isComplete() {
    return wantedMissing == 0;
  }

  // ---- availability ----

  /** The peer has every piece (BEP 6 have_all, or a complete bitfield). Replaces what was known about it. */
  public void peerHasAll(P peer) {
    PeerState ps = peerState(peer);
    if (ps.hasAll) {
      return;
    }
    subtractAvailability(ps);
    ps.hasAll = true;
    ps.has = null;
    haveAllPeers++;
  }

  /**
   * The peer's bitfield (or BEP 6 have_none as an empty set). Replaces what was known about it. Bit {@code i} is
   * piece {@code i}: convert from the wire's high-bit-first byte order first. Bits at or beyond the piece count are
   * ignored; a bitfield with every piece counts as have-all.
   */
  public void peerBitfield(P peer, BitSet pieces) {
    PeerState ps = peerState(peer);
    if (pieces.length() >= pieceCount && pieces.nextClearBit(0) >= pieceCount) {
      peerHasAll(peer);
      return;
    }
    subtractAvailability(ps);
    if (ps.hasAll) {
      ps.hasAll = false;
      haveAllPeers--;
    }
    ps.has = pieces.get(0, pieceCount);
    for (int i = ps.has.nextSetBit(0); i >= 0; i = ps.has.nextSetBit(i + 1)) {
      changeAvailability(i, +1);
    }
  }

  /** The peer announced one more piece (BEP 3 have). */
  public void peerHave(P peer, int piece) {
    checkPiece(piece);
    PeerState ps = peerState(peer);
    if (ps.hasAll || ps.has.get(piece)) {
      return;
    }
    ps.has.set(piece);
    changeAvailability(piece, +1);
  }

  /** The peer disconnected: its availability and outstanding requests are released. */
  public void peerGone(P peer) {
    PeerState ps = peers.remove(peer);
    if (ps == null) {
      return;
    }
    for (BlockRequest r : ps.outstanding.keySet()) {
      releaseBlock(peer, r);
    }
    subtractAvailability(ps);
    if (ps.hasAll) {
      haveAllPeers--;
    }
  }

  /**
   * True if the peer has a wanted piece we do not have (BEP 3 "interested"), per what was recorded about it.
   * O(pieces / 64).
   */
  public boolean isInteresting(P peer) {
    PeerState ps = peers.get(peer);
    if (ps == null || wantedMissing == 0) {
      return false;
    }
    return ps.hasAll || ps.has.intersects(needed);
  }

  /** Number of connected peers known to have the piece. */
  public int availability(int piece) {
    checkPiece(piece);
    return availability[piece] + haveAllPeers;
  }

  // ---- priorities and deadlines ----

  /** Sets a piece's priority: 0 = skip, 1 = normal, up to {@value #MAX_PRIORITY} = highest. */
  public void setPiecePriority(int piece, int prio) {
    checkPiece(piece);
    if (prio < 0 || prio > MAX_PRIORITY) {
      throw new IllegalArgumentException("priority " + prio + " outside 0.." + MAX_PRIORITY);
    }
    int old = priority[piece];
    priority[piece] = prio;
    if (have.get(piece) || old == prio) {
      return;
    }
    needed.set(piece, prio > 0);
    if (old == 0) {
      wantedMissing++;
    } else if (prio == 0) {
      wantedMissing--;
    }
    buckets.place(piece, prio, availability[piece]);
  }

  public int piecePriority(int piece) {
    checkPiece(piece);
    return priority[piece];
  }

  /**
   * Sets every piece's priority from file priorities: a piece takes the highest priority among the files it
   * overlaps; pieces no file with a length overlaps get priority 0.
   *
   * @param fileOffsets byte offset of each file in the torrent's data
   * @param fileLengths length of each file
   * @param prios priority of each file (0..7)
   */
  public void setFilePriorities(long[] fileOffsets, long[] fileLengths, int[] prios) {
    if (fileOffsets.length != fileLengths.length || fileOffsets.length != prios.length) {
      throw new IllegalArgumentException("file arrays differ in length: " + fileOffsets.length + ", "
          + fileLengths.length + ", " + prios.length);
    }
    int[] next = new int[pieceCount];
    for (int f = 0; f < fileOffsets.length; f++) {
      if (prios[f] < 0 || prios[f] > MAX_PRIORITY) {
        throw new IllegalArgumentException("file " + f + " priority " + prios[f] + " outside 0.." + MAX_PRIORITY);
      }
      if (fileLengths[f] <= 0) {
        continue;
      }
      long end = fileOffsets[f] + fileLengths[f];
      if (fileOffsets[f] < 0 || end > totalLength) {
        throw new IllegalArgumentException("file " + f + " [" + fileOffsets[f] + ", " + end
            + ") is outside the torrent's " + totalLength + " bytes");
      }
      int first = (int) (fileOffsets[f] / pieceLength);
      int last = (int) ((end - 1) / pieceLength);
      for (int p = first; p <= last; p++) {
        next[p] = Math.max(next[p], prios[f]);
      }
    }
    for (int p = 0; p < pieceCount; p++) {
      setPiecePriority(p, next[p]);
    }
  }

  /** True if the piece has priority > 0. */
  public boolean wanted(int piece) {
    checkPiece(piece);
    return priority[piece] > 0;
  }

  /**
   * Asks for the piece before any other piece without an earlier deadline (streaming). Once {@code nowNanos} passes
   * the deadline, the piece's outstanding blocks may also be requested from a second peer, as in end-game. A deadline
   * does not override priority 0. Setting it again moves it; it is cleared when the piece is had.
   */
  public void setDeadline(int piece, long deadlineNanos) {
    checkPiece(piece);
    if (have.get(piece)) {
      return;
    }
    clearDeadline(piece);
    Deadline d = new Deadline(deadlineNanos, piece);
    deadlineOf.put(piece, d);
    deadlines.add(d);
  }

  public void clearDeadline(int piece) {
    Deadline d = deadlineOf.remove(piece);
    if (d != null) {
      deadlines.remove(d);
    }
  }

  /** Removes every deadline (e.g. the reader seeked elsewhere). */
  public void clearDeadlines() {
    deadlineOf.clear();
    deadlines.clear();
  }

  /** Pieces with a deadline, earliest deadline first (the stream's critical pieces, for other sources). */
  public int[] deadlinePieces() {
    int[] out = new int[deadlines.size()];
    int i = 0;
    for (Deadline d : deadlines) {
      out[i++] = d.piece;
    }
    return out;
  }

  /** The piece's deadline as set by {@link #setDeadline}, or {@link Long#MAX_VALUE} if it has none. */
  public long deadline(int piece) {
    Deadline d = deadlineOf.get(piece);
    return d == null ? Long.MAX_VALUE : d.atNanos;
  }

  /** Number of pieces with a deadline. */
  public int deadlineCount() {
    return deadlines.size();
  }

  /**
   * Up to {@code max} pieces with a deadline, earliest deadline first, as {@code {piece, deadlineNanos}} pairs
   * (streaming: the time-critical request pass walks them).
   */
  public List<long[]> deadlines(int max) {
    List<long[]> out = new ArrayList<>(Math.min(max, deadlines.size()));
    for (Deadline d : deadlines) {
      if (out.size() >= max) {
        break;
      }
      out.add(new long[] {d.piece, d.atNanos});
    }
    return out;
  }

  // ---- claims by other sources ----

  /**
   * Claims a whole piece for a source that is not a peer (a web seed, BEP 19): succeeds only if the piece is wanted,
   * not had, not claimed, and no block of it is requested from or received by a peer. While claimed, {@link #pick}
   * never returns it (not even in end-game). The claim ends with {@link #releaseClaim} or when the piece is had.
   */
  public boolean tryClaim(int piece) {
    checkPiece(piece);
    if (have.get(piece) || priority[piece] == 0 || claimed.get(piece) || downloading.containsKey(piece)) {
      return false;
    }
    claimed.set(piece);
    return true;
  }

  /** Ends a claim (the other source failed or its data did not verify): peers may be asked for the piece again. */
  public void releaseClaim(int piece) {
    checkPiece(piece);
    claimed.clear(piece);
  }

  public boolean isClaimed(int piece) {
    checkPiece(piece);
    return claimed.get(piece);
  }

  // ---- explicit requests (streaming) ----

  /** Block state: not requested from anyone. */
  public static final int BLOCK_MISSING = PieceDownload.MISSING;
  /** Block state: outstanding from at least one peer. */
  public static final int BLOCK_REQUESTED = PieceDownload.REQUESTED;
  /** Block state: received (or the whole piece is had). */
  public static final int BLOCK_RECEIVED = PieceDownload.RECEIVED;

  /** {@link #BLOCK_MISSING}, {@link #BLOCK_REQUESTED} or {@link #BLOCK_RECEIVED}. */
  public int blockState(int piece, int blockIndex) {
    checkPiece(piece);
    if (have.get(piece)) {
      return BLOCK_RECEIVED;
    }
    PieceDownload<P> d = downloading.get(piece);
    return d == null ? BLOCK_MISSING : d.state[blockIndex];
  }

  /** The peers the block is outstanding from (at most {@value #MAX_REQUESTS_PER_BLOCK}), first requester first. */
  public List<P> requesters(int piece, int blockIndex) {
    checkPiece(piece);
    PieceDownload<P> d = downloading.get(piece);
    return d == null ? List.of() : List.copyOf(d.requesters(blockIndex));
  }

  /** True if what was recorded about the peer says it has the piece. */
  public boolean peerHas(P peer, int piece) {
    PeerState ps = peers.get(peer);
    return ps != null && (ps.hasAll || ps.has.get(piece));
  }

  /**
   * Records an explicit request of one block from one peer (the streaming pass chooses the peer itself, see
   * docs/STREAMING.md). Refused (false) if the piece is had, has priority 0, is claimed by a web seed, the block is
   * received, already outstanding from this peer, or from {@value #MAX_REQUESTS_PER_BLOCK} peers. The caller sends
   * the request when this returns true.
   */
  public boolean request(P peer, BlockRequest block, long nowNanos) {
    Objects.requireNonNull(peer, "peer");
    if (!isBlock(block) || have.get(block.piece()) || priority[block.piece()] == 0 || claimed.get(block.piece())) {
      return false;
    }
    PieceDownload<P> d = downloading.computeIfAbsent(block.piece(), p -> new PieceDownload<>(p, blockCount(p)));
    int b = block.blockIndex();
    List<P> from = d.requesters(b);
    if (d.state[b] == PieceDownload.RECEIVED || from.contains(peer) || from.size() >= MAX_REQUESTS_PER_BLOCK) {
      if (d.untouched()) {
        downloading.remove(block.piece());
      }
      return false;
    }
    d.request(b, peer);
    peerState(peer).outstanding.put(block, nowNanos);
    return true;
  }

  /**
   * Withdraws a request (a seek made it useless, or a faster peer takes it over): the block goes back to missing
   * unless another peer also has it outstanding. Returns true if it was outstanding from the peer; the caller then
   * sends a BEP 3 {@code cancel}.
   */
  public boolean cancel(P peer, BlockRequest block) {
    PeerState ps = peers.get(peer);
    if (ps == null || ps.outstanding.remove(block) == null) {
      return false;
    }
    releaseBlock(peer, block);
    ps.rememberCancelled(block);
    return true;
  }

  /**
   * Withdraws the peer's background requests (pieces without a deadline) that are queued ahead of its first request
   * for a piece with a deadline, or all of them if it has none (streaming: a seek made new critical pieces, and they
   * must not wait behind background blocks the peer serves first; background requests queued behind critical ones
   * stay, so repeated calls do not churn). Their blocks go back to missing; a block the peer already sent is still
   * kept when it arrives. The caller sends a BEP 3 {@code cancel} for each returned request.
   *
   * @return the withdrawn requests, oldest first
   */
  public List<BlockRequest> cancelNonCritical(P peer) {
    PeerState ps = peers.get(peer);
    if (ps == null) {
      return List.of();
    }
    List<BlockRequest> out = new ArrayList<>();
    for (BlockRequest r : ps.outstanding.keySet()) {
      if (deadlineOf.containsKey(r.piece())) {
        break;
      }
      out.add(r);
    }
    for (BlockRequest r : out) {
      ps.outstanding.remove(r);
      releaseBlock(peer, r);
      ps.rememberCancelled(r);
    }
    return out;
  }

  /** Requests outstanding from the peer for pieces without a deadline (its background, non-critical requests). */
  public int outstandingNonCritical(P peer) {
    PeerState ps = peers.get(peer);
    if (ps == null) {
      return 0;
    }
    int n = 0;
    for (BlockRequest r : ps.outstanding.keySet()) {
      if (!deadlineOf.containsKey(r.piece())) {
        n++;
      }
    }
    return n;
  }

  /** Bytes requested from the peer and not received yet. */
  public long outstandingBytes(P peer) {
    PeerState ps = peers.get(peer);
    if (ps == null) {
      return 0;
    }
    long n = 0;
    for (BlockRequest r : ps.outstanding.keySet()) {
      n += r.length();
    }
    return n;
  }

  /**
   * Bytes requested from the peer before {@code block} and not received yet (what the peer sends first, as
   * requests are served in order), or -1 if the block is not outstanding from it.
   */
  public long bytesAhead(P peer, BlockRequest block) {
    PeerState ps = peers.get(peer);
    if (ps == null || !ps.outstanding.containsKey(block)) {
      return -1;
    }
    long n = 0;
    for (BlockRequest r : ps.outstanding.keySet()) {
      if (r.equals(block)) {
        return n;
      }
      n += r.length();
    }
    return -1;
  }

  // ---- picking ----

  /** Picks using what {@link #peerBitfield}/{@link #peerHave}/{@link #peerHasAll} recorded about the peer. */
  public List<BlockRequest> pick(P peer, int maxNew, long nowNanos) {
    return pick(peer, null, null, maxNew, nowNanos);
  }

  /** Picks from the pieces in {@code peerHas} (instead of what was recorded about the peer). */
  public List<BlockRequest> pick(P peer, BitSet peerHas, int maxNew, long nowNanos) {
    return pick(peer, Objects.requireNonNull(peerHas, "peerHas"), null, maxNew, nowNanos);
  }

  /**
   * Chooses up to {@code maxNew} new blocks to request from the peer and records them as outstanding from it at
   * {@code nowNanos} (the caller must send them).
   *
   * @param peerHas pieces the peer has, or null to use what was recorded about the peer
   * @param allowedOnly if not null, only these pieces may be picked: the BEP 6 allowed-fast set while the peer
   *     chokes us
   * @return the blocks to request, possibly empty; never a piece we have, one being hashed, or priority 0, and never
   *     a block already outstanding except in end-game
   */
  public List<BlockRequest> pick(P peer, BitSet peerHas, BitSet allowedOnly, int maxNew, long nowNanos) {
    return pick(peer, peerHas, allowedOnly, maxNew, nowNanos, false);
  }

  /**
   * As {@link #pick(Object, BitSet, BitSet, int, long)}; with {@code deadlinesOnly}, only pieces with a deadline are
   * picked (streaming start: every byte goes to what the player needs first).
   */
  public List<BlockRequest> pick(P peer, BitSet peerHas, BitSet allowedOnly, int maxNew, long nowNanos,
      boolean deadlinesOnly) {
    return pick(peer, peerHas, allowedOnly, maxNew, deadlinesOnly ? 0 : Integer.MAX_VALUE, nowNanos);
  }

  /**
   * As {@link #pick(Object, BitSet, BitSet, int, long)}, with at most {@code maxBackground} of the new blocks from
   * pieces without a deadline (streaming: a short background pipeline, see {@link StreamingPipeline}); 0 picks
   * deadline pieces only.
   */
  public List<BlockRequest> pick(P peer, BitSet peerHas, BitSet allowedOnly, int maxNew, int maxBackground,
      long nowNanos) {
    Objects.requireNonNull(peer, "peer");
    List<BlockRequest> out = new ArrayList<>(Math.max(0, Math.min(maxNew, 64)));
    if (maxNew <= 0) {
      return out;
    }
    PeerState ps = peerState(peer);
    BitSet has = peerHas != null ? peerHas : ps.hasAll ? null : ps.has;
    Pick pick = new Pick(peer, ps, has, allowedOnly, maxNew, nowNanos, out);

    for (Deadline d : deadlines) {
      if (pick.usable(d.piece)) {
        if (pick.take(d.piece)) {
          return out;
        }
        // Overdue: a second peer may race the first for the still-missing blocks (libtorrent's "busy requests").
        if (d.atNanos <= nowNanos && pick.duplicate(downloading.get(d.piece))) {
          return out;
        }
      }
    }
    if (maxBackground <= 0) {
      return out;
    }
    pick.maxNew = (int) Math.min(maxNew, (long) out.size() + maxBackground);
    if (out.size() >= pick.maxNew) {
      return out;
    }
    Set<Integer> mine = new HashSet<>();
    for (BlockRequest r : ps.outstanding.keySet()) {
      mine.add(r.piece());
    }
    List<PieceDownload<P>> started = new ArrayList<>(downloading.values());
    started.sort(Comparator.<PieceDownload<P>>comparingInt(d -> -priority[d.piece])
        .thenComparingInt(d -> mine.contains(d.piece) || d.contributors.contains(peer) ? 0 : 1)
        .thenComparingInt(d -> d.missing)
        .thenComparingInt(d -> availability[d.piece]));
    int s = 0;
    for (int prio = MAX_PRIORITY; prio >= 1; prio--) {
      for (; s < started.size() && priority[started.get(s).piece] >= prio; s++) {
        PieceDownload<P> d = started.get(s);
        if (d.missing > 0 && pick.usable(d.piece) && pick.take(d.piece)) {
          return out;
        }
      }
      for (int avail = 0; avail < buckets.availLevels(prio); avail++) {
        int n = buckets.size(prio, avail);
        if (n == 0) {
          continue;
        }
        int start = random.nextInt(n);
        for (int i = 0; i < n; i++) {
          int piece = buckets.get(prio, avail, (start + i) % n);
          if (!downloading.containsKey(piece) && pick.usable(piece) && pick.take(piece)) {
            return out;
          }
        }
      }
    }
    if (isEndgame()) {
      for (PieceDownload<P> d : started) {
        if (pick.usable(d.piece) && pick.duplicate(d)) {
          return out;
        }
      }
    }
    return out;
  }

  /** State of one pick call. */
  private final class Pick {
    final P peer;
    final PeerState ps;
    final BitSet has;
    final BitSet allowed;
    int maxNew;
    final long now;
    final List<BlockRequest> out;

    Pick(P peer, PeerState ps, BitSet has, BitSet allowed, int maxNew, long now, List<BlockRequest> out) {
      this.peer = peer;
      this.ps = ps;
      this.has = has;
      this.allowed = allowed;
      this.maxNew = maxNew;
      this.now = now;
      this.out = out;
    }

    boolean usable(int piece) {
      if (have.get(piece) || priority[piece] == 0 || claimed.get(piece) || (has != null && !has.get(piece))) {
        return false;
      }
      if (allowed != null && !allowed.get(piece)) {
        return false;
      }
      PieceDownload<P> d = downloading.get(piece);
      return d == null || !d.complete();
    }

    /** Requests the piece's missing blocks; true when {@code maxNew} is reached. */
    boolean take(int piece) {
      PieceDownload<P> d = downloading.computeIfAbsent(piece, p -> new PieceDownload<>(p, blockCount(p)));
      for (int b = 0; b < d.blockCount() && d.missing > 0; b++) {
        if (d.state[b] == PieceDownload.MISSING && send(d, b)) {
          return true;
        }
      }
      return out.size() >= maxNew;
    }

    /** End-game: requests blocks outstanding from fewer than the maximum number of other peers. */
    boolean duplicate(PieceDownload<P> d) {
      for (int b = 0; b < d.blockCount(); b++) {
        if (d.state[b] == PieceDownload.REQUESTED) {
          List<P> from = d.requesters(b);
          if (from.size() < MAX_REQUESTS_PER_BLOCK && !from.contains(peer) && send(d, b)) {
            return true;
          }
        }
      }
      return out.size() >= maxNew;
    }

    private boolean send(PieceDownload<P> d, int b) {
      BlockRequest r = block(d.piece, b);
      d.request(b, peer);
      ps.outstanding.put(r, now);
      out.add(r);
      return out.size() >= maxNew;
    }
  }

  /**
   * True when every missing block of every wanted piece is outstanding (or received): from then on
   * {@link #pick} may request a block from a second peer.
   */
  public boolean isEndgame() {
    if (wantedMissing == 0) {
      return false;
    }
    int wantedStarted = 0;
    for (PieceDownload<P> d : downloading.values()) {
      if (priority[d.piece] > 0) {
        if (d.missing > 0) {
          return false;
        }
        wantedStarted++;
      }
    }
    // Pieces claimed by another source are in flight too (never duplicated by peers).
    for (int p = claimed.nextSetBit(0); p >= 0; p = claimed.nextSetBit(p + 1)) {
      if (priority[p] > 0) {
        wantedStarted++;
      }
    }
    return wantedStarted == wantedMissing;
  }

  // ---- block lifecycle ----

  /** Number of requests outstanding from the peer. */
  public int outstanding(P peer) {
    PeerState ps = peers.get(peer);
    return ps == null ? 0 : ps.outstanding.size();
  }

  /** Requests outstanding from the peer, oldest first. */
  public List<BlockRequest> outstandingRequests(P peer) {
    PeerState ps = peers.get(peer);
    return ps == null ? List.of() : List.copyOf(ps.outstanding.keySet());
  }

  /**
   * A block arrived from the peer. See {@link Received} for what to do with it. A block that arrives after its
   * request timed out is still accepted if nobody delivered it meanwhile.
   */
  public Received<P> blockReceived(P peer, BlockRequest block) {
    PeerState ps = peers.get(peer);
    boolean wasCancelled = false;
    if (ps != null) {
      ps.outstanding.remove(block);
      wasCancelled = ps.cancelled.remove(block);
    }
    if (!isBlock(block)) {
      return new Received<>(false, Set.of(), false);
    }
    PieceDownload<P> d = downloading.get(block.piece());
    int b = block.blockIndex();
    if (d == null && wasCancelled && !have.get(block.piece())
        && priority[block.piece()] > 0 && !claimed.get(block.piece())) {
      // We cancelled it, but the peer had already sent it: keep it rather than fetch it again.
      d = new PieceDownload<>(block.piece(), blockCount(block.piece()));
      downloading.put(block.piece(), d);
    }
    if (d == null || have.get(block.piece()) || d.state[b] == PieceDownload.RECEIVED) {
      if (d != null) {
        d.release(b, peer);
      }
      return new Received<>(false, Set.of(), false);
    }
    List<P> others = d.receive(b, peer);
    for (P o : others) {
      PeerState ops = peers.get(o);
      if (ops != null) {
        ops.outstanding.remove(block);
      }
    }
    return new Received<>(true, new LinkedHashSet<>(others), d.complete());
  }

  /** The piece's hash matched: it becomes had. */
  public void pieceVerified(int piece) {
    markHave(piece);
  }

  /**
   * The piece's hash did not match: every block goes back to missing.
   *
   * @return the peers that delivered blocks of it (candidates for a strike or a ban)
   */
  public Set<P> pieceFailed(int piece) {
    checkPiece(piece);
    PieceDownload<P> d = downloading.get(piece);
    if (d == null) {
      return Set.of();
    }
    Set<P> contributors = new LinkedHashSet<>(d.contributors);
    forget(piece);
    return contributors;
  }

  /** The peer rejected a request (BEP 6 reject_request): the block goes back to missing. */
  public void requestRejected(P peer, BlockRequest block) {
    PeerState ps = peers.get(peer);
    if (ps != null) {
      ps.cancelled.remove(block); // a cancelled request the peer confirms it will not serve (BEP 6)
    }
    if (ps != null && ps.outstanding.remove(block) != null) {
      releaseBlock(peer, block);
    }
  }

  /**
   * Expires requests older than {@code timeoutNanos}: they are no longer outstanding and their blocks go back to
   * missing (unless another peer also has them outstanding). The session may re-request them and treat the peers as
   * snubbed.
   *
   * @return the expired requests, grouped by peer, oldest first within each peer
   */
  public List<PeerRequest<P>> timedOut(long nowNanos, long timeoutNanos) {
    List<PeerRequest<P>> expired = new ArrayList<>();
    for (Map.Entry<P, PeerState> e : peers.entrySet()) {
      Iterator<Map.Entry<BlockRequest, Long>> it = e.getValue().outstanding.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<BlockRequest, Long> r = it.next();
        if (nowNanos - r.getValue() < timeoutNanos) {
          break; // insertion order is request order
        }
        it.remove();
        releaseBlock(e.getKey(), r.getKey());
        expired.add(new PeerRequest<>(e.getKey(), r.getKey()));
      }
    }
    return expired;
  }

  // ---- internals ----

  private PeerState peerState(P peer) {
    return peers.computeIfAbsent(Objects.requireNonNull(peer, "peer"), p -> new PeerState());
  }

  private void subtractAvailability(PeerState ps) {
    if (ps.has == null) {
      return;
    }
    for (int i = ps.has.nextSetBit(0); i >= 0; i = ps.has.nextSetBit(i + 1)) {
      changeAvailability(i, -1);
    }
    ps.has.clear();
  }

  private void changeAvailability(int piece, int delta) {
    availability[piece] += delta;
    if (buckets.contains(piece)) {
      buckets.place(piece, priority[piece], availability[piece]);
    }
  }

  /** Releases one peer's request of a block (the peer's own bookkeeping is the caller's job). */
  private void releaseBlock(P peer, BlockRequest r) {
    PieceDownload<P> d = downloading.get(r.piece());
    if (d == null) {
      return;
    }
    d.release(r.blockIndex(), peer);
    if (d.untouched()) {
      downloading.remove(r.piece());
    }
  }

  /** Drops all block state of a piece, including every peer's outstanding requests for it. */
  private void forget(int piece) {
    PieceDownload<P> d = downloading.remove(piece);
    if (d == null) {
      return;
    }
    for (int b = 0; b < d.blockCount(); b++) {
      for (P p : d.requesters(b)) {
        PeerState ps = peers.get(p);
        if (ps != null) {
          ps.outstanding.remove(block(piece, b));
        }
      }
    }
  }

  /** True if the request names exactly one of our blocks (right offset alignment and length). */
  private boolean isBlock(BlockRequest r) {
    return r.piece() < pieceCount && r.offset() % BLOCK_SIZE == 0 && r.blockIndex() < blockCount(r.piece())
        && r.equals(block(r.piece(), r.blockIndex()));
  }

  private void checkPiece(int piece) {
    if (piece < 0 || piece >= pieceCount) {
      throw new IndexOutOfBoundsException("piece " + piece + " outside 0.." + (pieceCount - 1));
    }
  }
}
