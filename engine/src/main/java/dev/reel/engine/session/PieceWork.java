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

/**
 * Pieces between their blocks' arrival and their verdict: counts block writes still in progress, hashes complete
 * pieces on the engine's hashing pool, and applies the verdict. Smart ban: when a piece fails, the SHA-1 of each
 * 16 KiB block and who sent it are kept; when the piece later verifies, a peer whose block differs from the good data
 * is banned. A peer that alone sent a failed piece gets a strike ({@link PeerPool#MAX_STRIKES} strikes = ban).
 * State is guarded by the torrent lock; hashing and disk reads run without it.
 */
final class PieceWork {
  /** Records of bad blocks kept per piece at most (a piece that keeps failing stops growing the list). */
  static final int MAX_SUSPECTS_PER_PIECE = 256;

  private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[0]);

  private static final class InFlight {
    final PeerConnection[] senders;
    int pendingWrites;
    boolean complete;

    InFlight(int blocks) {
      senders = new PeerConnection[blocks];
    }
  }

  /** A block of a failed piece: who sent it and what it hashed to. */
  private record Suspect(int block, InetSocketAddress address, InetSocketAddress listen, byte[] sha1) {}

  private final TorrentSession t;
  private final Map<Integer, InFlight> inFlight = new HashMap<>();
  private final Map<Integer, List<Suspect>> suspects = new HashMap<>();

  PieceWork(TorrentSession t) {
    this.t = t;
  }

  /** A wanted block is about to be written. Lock held. */
  void beginWrite(BlockRequest b, PeerConnection from, boolean pieceComplete) {
    Payload p = t.payload();
    InFlight f = inFlight.computeIfAbsent(b.piece(), k -> new InFlight(p.picker.blockCount(k)));
    f.senders[b.blockIndex()] = from;
    f.pendingWrites++;
    if (pieceComplete) {
      f.complete = true;
    }
  }

  /** A block write finished; hashes the piece when it was the last one. No lock held. */
  void endWrite(int piece) {
    PeerConnection[] senders = null;
    t.lock.lock();
    try {
      InFlight f = inFlight.get(piece);
      if (f == null) {
        return;
      }
      f.pendingWrites--;
      if (f.complete && f.pendingWrites == 0) {
        inFlight.remove(piece);
        senders = f.senders;
      }
    } finally {
      t.lock.unlock();
    }
    if (senders != null) {
      PeerConnection[] s = senders;
      try {
        t.engine.hashPool().execute(() -> hash(piece, s));
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

  /** Hashing pool thread. */
  private void hash(int piece, PeerConnection[] senders) {
    Payload p = t.payload();
    int size = p.meta.pieceSize(piece);
    byte[] buf = BUFFER.get();
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
    MessageDigest md = sha1();
    md.update(buf, 0, size);
    if (Arrays.equals(md.digest(), p.meta.pieceHash(piece))) {
      verified(p, piece, buf, size);
    } else {
      failed(p, piece, buf, size, senders);
    }
  }

  private static byte[] blockHash(byte[] buf, int block, int size) {
    int from = block * PiecePicker.BLOCK_SIZE;
    int len = Math.min(PiecePicker.BLOCK_SIZE, size - from);
    MessageDigest md = sha1();
    md.update(buf, from, len);
    return md.digest();
  }

  private void verified(Payload p, int piece, byte[] buf, int size) {
    long now = System.nanoTime();
    List<Suspect> sus;
    List<Integer> files;
    boolean complete;
    t.lock.lock();
    try {
      sus = suspects.remove(piece);
      p.picker.pieceVerified(piece);
      t.protocol.pieceVerified(piece, now);
      files = p.filesCompletedBy(piece);
      complete = p.picker.isComplete();
      if (t.streams.active()) {
        t.streams.critical.run(now);
      }
    } finally {
      t.lock.unlock();
    }
    t.streams.pieceVerified(piece);
    t.resumeKeeper.markDirty();
    if (sus != null) {
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
    if (complete) {
      t.finishCompletion(true);
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
