package dev.reel.engine.session;

import dev.reel.engine.PeerInfo;
import dev.reel.engine.rate.RateEstimator;
import dev.reel.engine.rate.RateLimiter;
import dev.reel.engine.wire.Message;
import dev.reel.engine.wire.MessageCodec;
import dev.reel.engine.wire.PeerIds;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One established peer connection (after the handshake). Owns the socket and two virtual threads: the reader, which
 * decodes messages and hands them to {@link PeerProtocol}, and the writer, which drains {@link #send} / {@link #serve}
 * items so the reader never waits on a slow socket write. Blocks requested by the peer are read from storage by the
 * writer, outside every lock, after the upload rate limit allowed them.
 *
 * <p>Fields marked "torrent lock" are read and written only while holding {@link TorrentSession#lock}; the I/O
 * counters are atomic or volatile. Equality is identity: the connection is the picker's and choker's peer key.
 */
final class PeerConnection {
  private static final Logger log = LoggerFactory.getLogger(PeerConnection.class);
  static final int READ_BUFFER = 64 * 1024;
  static final int WRITE_BUFFER = 64 * 1024;
  /** Most requests a peer may have queued with us (libtorrent's max_allowed_in_request_queue). */
  static final int MAX_INCOMING_REQUESTS = 2000;

  /** A block the peer asked for, served by the writer thread. */
  record Serve(int piece, int offset, int length) {}

  /** How often a writer waiting for upload tokens re-checks (and sends queued protocol messages). */
  static final long LIMIT_POLL_NANOS = 10_000_000L;

  final TorrentSession torrent;
  final Socket socket;
  final InetSocketAddress address;
  final boolean outgoing;
  final String source;
  final byte[] peerId;
  final boolean fastExtension;
  final boolean extensionProtocol;
  /** The peer's handshake has the DHT bit (BEP 5): it takes a port message. */
  final boolean dhtSupport;
  final long connectedAtNanos;
  private final InputStream rawIn;
  /** The socket's output, or an RC4 stream over it (MSE). */
  private final OutputStream rawOut;
  private final Outbox outbox = new Outbox();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final byte[] serveBuffer = new byte[MessageCodec.MAX_REQUEST];
  /** Received blocks land here (reader thread only); each is written and hashed before the next is read. */
  private final byte[] blockBuffer = new byte[MessageCodec.MAX_REQUEST];

  // ---- torrent lock ----
  /** Written under the torrent lock; read without it by the writer. */
  volatile boolean amChoking = true;
  boolean amInterested;
  boolean peerChoking = true;
  boolean peerInterested;
  final BitSet peerHas = new BitSet();
  boolean peerHasAll;
  boolean snubbed;
  /** Pieces the peer lets us request while it chokes us (BEP 6). */
  final BitSet allowedFast = new BitSet();
  /** Pieces we told the peer it may request while choked (BEP 6). */
  final BitSet allowedFastGiven = new BitSet();
  /** The peer's extension ids by name (BEP 10 "m"). */
  Map<String, Integer> extensions = Map.of();
  int reqq;
  int metadataSize;
  int listenPort;
  String client;
  long lastPieceNanos;
  long optimisticSinceNanos;
  final PexState.Sent pexSent = new PexState.Sent();
  /** A bitfield received before the metainfo was known. */
  byte[] pendingBitfield;

  // ---- any thread ----
  final RateEstimator downRate = new RateEstimator();
  final RateEstimator upRate = new RateEstimator();
  volatile long downloaded;
  volatile long uploaded;
  volatile long lastReceivedNanos;
  volatile long lastSentNanos;
  volatile String closeReason = "closed";
  /** How long the pool waits before dialing this peer again once it is gone. */
  volatile long redialDelayNanos = PeerPool.RECONNECT_NANOS;

  PeerConnection(TorrentSession torrent, Socket socket, InputStream in, OutputStream out, boolean outgoing,
      String source, byte[] peerId, byte[] reserved) {
    this.torrent = torrent;
    this.socket = socket;
    this.rawIn = in;
    this.rawOut = out;
    this.address = (InetSocketAddress) socket.getRemoteSocketAddress();
    this.outgoing = outgoing;
    this.source = source;
    this.peerId = peerId;
    this.fastExtension = (reserved[7] & 0x04) != 0;
    this.extensionProtocol = (reserved[5] & 0x10) != 0;
    this.dhtSupport = (reserved[7] & 0x01) != 0;
    this.client = PeerIds.client(peerId);
    long now = System.nanoTime();
    this.connectedAtNanos = now;
    this.pexSent.nextNanos = now;
    this.lastReceivedNanos = now;
    this.lastSentNanos = now;
  }

  /** Starts the reader and writer threads. */
  void start() {
    Thread.ofVirtual().name("reel-peer-w-" + address).start(this::writeLoop);
    Thread.ofVirtual().name("reel-peer-r-" + address).start(this::readLoop);
  }

  /** Queues a message for the writer. Never blocks; safe under the torrent lock. */
  void send(Message m) {
    outbox.add(m);
  }

  /** Queues a block the peer requested. Returns false if its queue is over the limit (caller disconnects). */
  boolean serve(Serve s) {
    return outbox.addServe(s, MAX_INCOMING_REQUESTS);
  }

  /** Withdraws a queued block (the peer cancelled it). */
  boolean cancelServe(Serve s) {
    return outbox.cancel(s);
  }

  /**
   * Withdraws the queued blocks (we choked the peer) except allowed-fast ones; with the fast extension each is
   * rejected (BEP 6). Torrent lock held.
   */
  void dropServes(boolean reject) {
    for (Serve s : outbox.drainServes()) {
      if (allowedFastGiven.get(s.piece())) {
        outbox.addServe(s, MAX_INCOMING_REQUESTS);
      } else if (reject) {
        outbox.add(new Message.RejectRequest(s.piece(), s.offset(), s.length()));
      }
    }
  }

  int queuedServes() {
    return outbox.serveCount();
  }

  boolean isClosed() {
    return closed.get();
  }

  /** Closes the socket; the reader notices and tells the torrent. Idempotent. */
  void close(String reason) {
    if (closed.compareAndSet(false, true)) {
      closeReason = reason;
      outbox.close();
      SessionEngine.closeQuietly(socket);
    }
  }

  private void readLoop() {
    DataInputStream in = new DataInputStream(rawIn);
    try {
      socket.setSoTimeout(0);
      while (!closed.get()) {
        Message m = MessageCodec.read(in, blockBuffer);
        long now = System.nanoTime();
        lastReceivedNanos = now;
        if (m instanceof Message.Piece p) {
          int n = p.data().remaining();
          downloaded += n;
          downRate.add(n, now);
          torrent.protocol.onPiece(this, p);
          torrent.downloadLimiter().acquire(n);
        } else {
          torrent.protocol.onMessage(this, m);
        }
      }
    } catch (IOException e) {
      if (!closed.get()) {
        closeReason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("peer {} handler failed", address, e);
      closeReason = "internal error: " + e;
    } finally {
      close(closeReason);
      torrent.disconnected(this);
    }
  }

  private void writeLoop() {
    try (OutputStream out = new BufferedOutputStream(rawOut, WRITE_BUFFER)) {
      while (true) {
        Object item = outbox.poll();
        if (item == null) {
          out.flush();
          item = outbox.take();
          if (item == null) {
            return;
          }
        }
        if (item instanceof Serve s) {
          writeBlock(s, out);
        } else {
          MessageCodec.write((Message) item, out);
        }
        lastSentNanos = System.nanoTime();
      }
    } catch (IOException e) {
      close(e.getMessage() == null ? "write failed" : e.getMessage());
    } catch (InterruptedException e) {
      close("interrupted");
    }
  }

  /** Waits for upload tokens while still sending protocol messages, then reads the block and sends it. */
  private void writeBlock(Serve s, OutputStream out) throws IOException, InterruptedException {
    if (!torrent.protocol.stillServing(this, s)) {
      return;
    }
    RateLimiter limiter = torrent.uploadLimiter();
    while (!limiter.tryAcquire(s.length())) {
      for (Message m = outbox.pollControl(); m != null; m = outbox.pollControl()) {
        MessageCodec.write(m, out);
      }
      out.flush();
      outbox.awaitControl(LIMIT_POLL_NANOS);
      if (outbox.isClosed()) {
        return;
      }
    }
    ByteBuffer buf = ByteBuffer.wrap(serveBuffer, 0, s.length());
    try {
      torrent.storage().read(s.piece(), s.offset(), buf);
    } catch (IOException e) {
      torrent.storageFailed(e);
      close("cannot read block: " + e.getMessage());
      return;
    }
    buf.flip();
    MessageCodec.write(new Message.Piece(s.piece(), s.offset(), buf), out);
    long now = System.nanoTime();
    uploaded += s.length();
    upRate.add(s.length(), now);
    torrent.uploadedPayload(s.length(), now);
  }

  /** Snapshot for {@link dev.reel.engine.Torrent#peers()}; call under the torrent lock. */
  PeerInfo info(int pieceCount, long now) {
    int have = peerHasAll ? pieceCount : peerHas.cardinality();
    double progress = pieceCount == 0 ? 0 : (double) have / pieceCount;
    return new PeerInfo(address, client, source, outgoing, isSeed(pieceCount), progress, downRate.rate(now),
        upRate.rate(now), downloaded, uploaded, amChoking, amInterested, peerChoking, peerInterested);
  }

  boolean isSeed(int pieceCount) {
    return peerHasAll || (pieceCount > 0 && peerHas.cardinality() == pieceCount);
  }

  boolean has(int piece) {
    return peerHasAll || peerHas.get(piece);
  }

  /** The peer's extension id for a name, or 0 if it does not support it. */
  int extensionId(String name) {
    Integer id = extensions.get(name);
    return id == null ? 0 : id;
  }

  @Override
  public String toString() {
    return address + (outgoing ? " (out)" : " (in)");
  }
}
