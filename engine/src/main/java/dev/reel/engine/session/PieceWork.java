package dev.reel.engine.session;

import dev.reel.engine.EngineEvent;
import dev.reel.engine.picker.BlockRequest;
import dev.reel.engine.picker.PiecePicker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Pieces between their blocks' arrival and their verdict: counts block writes still in progress, hashes pieces as
 * their blocks arrive, and applies the verdict. Smart ban: when a piece fails, the SHA-1 of each 16 KiB block and who
 * sent it are kept; when the piece later verifies, a peer whose block differs from the good data is banned. A peer
 * that alone sent a failed piece gets a strike ({@link PeerPool#MAX_STRIKES} strikes = ban). State is guarded by the
 * torrent lock; hashing and disk reads run without it.
 *
 * <p>Hashing: each piece in flight keeps a SHA-1 of its leading blocks. A block that continues that prefix is hashed
 * from the received bytes by the reader thread right after it is written (no read back from disk); a block that
 * arrives ahead of the prefix is only written, and is read back from storage once the prefix reaches it. When the
 * last block is written, the hashing pool finishes the digest (reading back whatever the prefix does not cover, e.g.
 * blocks received before a restart) and applies the verdict. A block delivered twice into the same attempt gives up
 * the incremental digest: the whole piece is then read back and hashed, so a verdict always covers the bytes on disk.
 * Only failed pieces (and verified ones with smart-ban suspects) are read back whole, for the per-block hashes.
 */
final class PieceWork {
  /** Records of bad blocks kept per piece at most (a piece that keeps failing stops growing the list). */
  static final int MAX_SUSPECTS_PER_PIECE = 256;

  private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[0]);
  private static final MessageDigest SHA1_PROTOTYPE = sha1();

  /** One attempt at a piece. {@code senders} and {@code pendingWrites} are guarded by the torrent lock. */
  static final class InFlight {
    final PeerConnection[] senders;
    int pendingWrites;
    boolean complete;
    /** Guards the digest fields below; taken without the torrent lock (never the other way round). */
    private final ReentrantLock hashLock = new ReentrantLock();
    /** SHA-1 of blocks [0, hashedBlocks); null once the incremental digest was given up. */
    private MessageDigest digest = newSha1();
    private int hashedBlocks;
    private final boolean[] written;

    InFlight(int blocks) {
      senders = new PeerConnection[blocks];
      written = new boolean[blocks];
    }
  }

  /** A block of a failed piece: who sent it and what it hashed to. */
  private record Suspect(int block, InetSocketAddress address, InetSocketAddress listen, byte[] sha1) {}

  private final TorrentSession t;
  private final Map<Integer, InFlight> inFlight = new HashMap<>();
  private final Map<Integer, List<Suspect>> suspects = new HashMap<>();
  /**
   * Verified pieces whose events are still being delivered (hashing runs on several threads). Completion is declared
   * only by the verdict that brings this to zero, so every PieceVerified/FileCompleted event precedes it.
   */
  private int verdictsDelivering;

  PieceWork(TorrentSession t) {
    this.t = t;
  }

  /**
   * A wanted block is about to be written. Lock held. Returns the piece's attempt, to pass to {@link #blockWritten}
   * once the block is stored.
   */
  InFlight beginWrite(BlockRequest b, PeerConnection from, boolean pieceComplete) {
    Payload p = t.payload();
    InFlight f = inFlight.computeIfAbsent(b.piece(), k -> new InFlight(p.picker.blockCount(k)));
    f.senders[b.blockIndex()] = from;
    f.pendingWrites++;
    if (pieceComplete) {
      f.complete = true;
    }
    return f;
  }

  /**
   * Block {@code b} of attempt {@code f} is stored; {@code data} holds the same bytes (its position is not moved).
   * Extends the piece's digest when the block continues its hashed prefix, then hashes (from storage) the blocks
   * written ahead of it that now continue the prefix. Reader thread, no torrent lock held; call before {@link
   * #endWrite}.
   */
  void blockWritten(InFlight f, BlockRequest b, ByteBuffer data) {
    int block = b.blockIndex();
    f.hashLock.lock();
    try {
      if (f.digest == null) {
        return;
      }
      if (f.written[block]) {
        f.digest = null; // delivered twice into one attempt: the final verdict reads the piece back whole
        return;
      }
      f.written[block] = true;
      if (block != f.hashedBlocks) {
        return;
      }
      f.digest.update(data.duplicate());
      f.hashedBlocks++;
      if (f.hashedBlocks < f.written.length && f.written[f.hashedBlocks]) {
        catchUp(f, b.piece(), false);
      }
    } catch (IOException e) {
      f.digest = null; // the final verdict reads again and reports the storage failure
    } finally {
      f.hashLock.unlock();
    }
  }

  /**
   * Extends {@code f}'s digest from storage: over the written blocks that continue the prefix, or over every
   * remaining block when {@code all}. Hash lock held.
   */
  private void catchUp(InFlight f, int piece, boolean all) throws IOException {
    Payload p = t.payload();
    int size = p.meta.pieceSize(piece);
    ByteBuffer scratch = null;
    while (f.hashedBlocks < f.written.length && (all || f.written[f.hashedBlocks])) {
      int from = f.hashedBlocks * PiecePicker.BLOCK_SIZE;
      int len = Math.min(PiecePicker.BLOCK_SIZE, size - from);
      if (scratch == null) {
        scratch = ByteBuffer.allocate(PiecePicker.BLOCK_SIZE);
      }
      scratch.clear().limit(len);
      p.storage.read(piece, from, scratch);
      scratch.flip();
      f.digest.update(scratch);
      f.hashedBlocks++;
    }
  }

  /** A block write finished; hands the piece to the hashing pool when it was the last one. No lock held. */
  void endWrite(int piece) {
    InFlight done = null;
    t.lock.lock();
    try {
      InFlight f = inFlight.get(piece);
      if (f == null) {
        return;
      }
      f.pendingWrites--;
      if (f.complete && f.pendingWrites == 0) {
        inFlight.remove(piece);
        done = f;
      }
    } finally {
      t.lock.unlock();
    }
    if (done != null) {
      InFlight f = done;
      try {
        t.engine.hashPool().execute(() -> hash(piece, f));
      } catch (RejectedExecutionException e) {
        // Engine closing: the piece stays unverified and is fetched again next time.
      }
    }
  }

  /** Forgets pieces in flight (the torrent stopped). Lock held. */
  void clear() {
    inFlight.clear();
  }

  private static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static MessageDigest newSha1() {
    try {
      return (MessageDigest) SHA1_PROTOTYPE.clone();
    } catch (CloneNotSupportedException e) {
      return sha1();
    }
  }

  /** Hashing pool thread: finishes the piece's digest and applies the verdict. */
  private void hash(int piece, InFlight f) {
    Payload p = t.payload();
    int size = p.meta.pieceSize(piece);
    byte[] sha1;
    try {
      f.hashLock.lock();
      try {
        if (f.digest == null) {
          f.digest = newSha1();
          f.hashedBlocks = 0;
        }
        catchUp(f, piece, true);
        sha1 = f.digest.digest();
      } finally {
        f.hashLock.unlock();
      }
    } catch (IOException e) {
      t.storageFailed(e);
      return;
    }
    boolean good = Arrays.equals(sha1, p.meta.pieceHash(piece));
    boolean suspected;
    t.lock.lock();
    try {
      suspected = suspects.containsKey(piece);
    } finally {
      t.lock.unlock();
    }
    byte[] buf = null;
    if (!good || suspected) {
      // Smart ban needs the SHA-1 of each block: read the piece back (rare: failures and their retries).
      buf = BUFFER.get();
      if (buf.length < size) {
        buf = new byte[Math.max(size, p.meta.pieceLength())];
        BUFFER.set(buf);
      }
      try {
        p.storage.read(piece, 0, ByteBuffer.wrap(buf, 0, size));
      } catch (IOException e) {
        t.storageFailed(e);
        return;
      }
    }
    if (good) {
      verified(p, piece, buf, size);
    } else {
      failed(p, piece, buf, size, f.senders);
    }
  }

  private static byte[] blockHash(byte[] buf, int block, int size) {
    int from = block * PiecePicker.BLOCK_SIZE;
    int len = Math.min(PiecePicker.BLOCK_SIZE, size - from);
    MessageDigest md = newSha1();
    md.update(buf, from, len);
    return md.digest();
  }

  /**
   * A piece fetched whole by another source (a web seed) matched its hash and is written: the same verdict as a
   * peer's piece (have, events, completion), and peers that sent bad blocks of it before are found out (smart ban).
   * No lock held.
   */
  void verifiedWhole(int piece, ByteBuffer data) {
    Payload p = t.payload();
    int size = data.remaining();
    boolean suspected;
    t.lock.lock();
    try {
      suspected = suspects.containsKey(piece);
    } finally {
      t.lock.unlock();
    }
    byte[] buf = null;
    if (suspected) {
      buf = new byte[size];
      data.duplicate().get(buf);
    }
    verified(p, piece, buf, size);
  }

  private void verified(Payload p, int piece, byte[] buf, int size) {
    long now = System.nanoTime();
    List<Suspect> sus;
    List<Integer> files;
    t.lock.lock();
    try {
      sus = suspects.remove(piece);
      p.picker.pieceVerified(piece);
      t.protocol.pieceVerified(piece, now);
      files = p.filesCompletedBy(piece);
      verdictsDelivering++;
      if (t.streams.active()) {
        t.streams.critical.run(now);
      }
    } finally {
      t.lock.unlock();
    }
    try {
      deliverVerified(piece, files, sus, buf, size);
    } finally {
      // Readers wake only after the piece's events went out, so whoever reads the bytes also sees the event.
      t.streams.pieceVerified(piece);
      boolean complete;
      t.lock.lock();
      try {
        complete = --verdictsDelivering == 0 && p.picker.isComplete();
      } finally {
        t.lock.unlock();
      }
      if (complete) {
        t.finishCompletion(true);
      }
    }
  }

  private void deliverVerified(int piece, List<Integer> files, List<Suspect> sus, byte[] buf, int size) {
    t.resumeKeeper.markDirty();
    if (sus != null && buf != null) {
      Set<InetSocketAddress> liars = new LinkedHashSet<>();
      for (Suspect s : sus) {
        if (!Arrays.equals(s.sha1(), blockHash(buf, s.block(), size))) {
          liars.add(s.address());
          if (s.listen() != null) {
            liars.add(s.listen());
          }
        }
      }
      for (InetSocketAddress a : liars) {
        ban(a, "sent corrupt data (piece " + piece + ")");
      }
    }
    t.engine.emit(new EngineEvent.PieceVerified(t.infoHash, piece));
    for (int f : files) {
      t.engine.emit(new EngineEvent.FileCompleted(t.infoHash, f));
    }
  }

  private void failed(Payload p, int piece, byte[] buf, int size, PeerConnection[] senders) {
    List<Suspect> records = new ArrayList<>();
    Set<PeerConnection> contributors = new LinkedHashSet<>();
    for (int i = 0; i < senders.length; i++) {
      PeerConnection c = senders[i];
      if (c == null) {
        continue;
      }
      contributors.add(c);
      InetSocketAddress listen = c.outgoing || c.listenPort <= 0 ? null
          : new InetSocketAddress(c.address.getAddress(), c.listenPort);
      records.add(new Suspect(i, c.address, listen, blockHash(buf, i, size)));
    }
    t.lock.lock();
    try {
      p.picker.pieceFailed(piece);
      List<Suspect> list = suspects.computeIfAbsent(piece, k -> new ArrayList<>());
      if (list.size() + records.size() <= MAX_SUSPECTS_PER_PIECE) {
        list.addAll(records);
      }
      // Peers that no longer have anything to give us still re-request the piece via fillRequests on the ticker.
    } finally {
      t.lock.unlock();
    }
    List<InetSocketAddress> addresses = new ArrayList<>();
    for (PeerConnection c : contributors) {
      addresses.add(c.address);
    }
    t.engine.emit(new EngineEvent.PieceFailed(t.infoHash, piece, addresses));
    if (contributors.size() == 1) {
      PeerConnection only = contributors.iterator().next();
      if (t.swarm.pool.strike(only.address)) {
        ban(only.address, "sent " + PeerPool.MAX_STRIKES + " corrupt pieces");
      }
    }
  }

  private void ban(InetSocketAddress a, String reason) {
    if (t.swarm.pool.isBanned(a)) {
      t.swarm.closeBanned(a, reason);
      return;
    }
    t.swarm.pool.ban(a);
    t.swarm.closeBanned(a, reason);
    t.engine.emit(new EngineEvent.PeerBanned(t.infoHash, a, reason));
  }
}
