package dev.reel.engine.session;

import dev.reel.engine.EngineConfig;
import dev.reel.engine.EngineEvent;
import dev.reel.engine.PeerInfo;
import dev.reel.engine.utp.UtpEndpoint;
import dev.reel.engine.wire.Handshake;
import dev.reel.engine.wire.mse.MseHandshake;
import dev.reel.engine.wire.mse.MseResult;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections of one torrent: dialing (at most {@link #MAX_HALF_OPEN} at once, {@link #CONNECT_TIMEOUT_MS}),
 * accepting, handshakes, duplicate and self detection, and the connection list. {@link #connections} is guarded by the
 * torrent lock; dialing and handshakes run on their own virtual threads without it.
 */
final class Swarm {
  private static final Logger log = LoggerFactory.getLogger(Swarm.class);
  static final int MAX_HALF_OPEN = 8;
  static final int CONNECT_TIMEOUT_MS = 5_000;
  static final int HANDSHAKE_TIMEOUT_MS = 10_000;

  private final TorrentSession t;
  final PeerPool pool;
  final PexState pex;
  /** Established connections. Torrent lock. */
  final List<PeerConnection> connections = new ArrayList<>();
  private final AtomicInteger halfOpen = new AtomicInteger();

  Swarm(TorrentSession t) {
    this.t = t;
    this.pool = new PeerPool(t.engine.config().allowLocalPeers());
    this.pex = new PexState(t, this);
  }

  /** Dials more peers if below the limits. Ticker thread. */
  void tick(long now) {
    if (!t.acceptsConnections()) {
      return;
    }
    int connected;
    Set<InetSocketAddress> busy = new HashSet<>();
    t.lock.lock();
    try {
      connected = connections.size();
      for (PeerConnection c : connections) {
        busy.add(c.address);
      }
    } finally {
      t.lock.unlock();
    }
    int max = t.engine.config().maxPeersPerTorrent();
    int global = t.engine.config().maxConnections() - t.engine.connectionCount().get();
    int room = Math.min(Math.min(max - connected, global), MAX_HALF_OPEN) - halfOpen.get();
    for (PeerPool.Entry e : pool.dialCandidates(room, now, busy)) {
      halfOpen.incrementAndGet();
      Thread.ofVirtual().name("reel-dial-" + e.address).start(() -> dial(e));
    }
  }

  /**
   * Dials a peer over TCP when it is on, then over uTP (BEP 29) when TCP is off or did not reach the peer: refused,
   * or closed before any BitTorrent handshake, as a uTP-only client does (not after a TCP connect timeout: a host that
   * drops TCP is most likely gone, and uTP would wait as long again). An address that answered only over uTP after
   * TCP failed is remembered, and the next dial goes straight to uTP; if that fails, the mark is dropped and the dial
   * after it starts with TCP again.
   *
   * <p>On each transport, as the encryption policy says: plaintext (DISABLED, or ENABLED for an address known to be
   * plaintext-only), or MSE first. With ENABLED an MSE attempt the peer breaks off is followed at once by a plaintext
   * one (a plaintext-only peer closes on our key within a round trip), and an address that worked only in plaintext is
   * remembered so the next dial goes straight to plaintext. With REQUIRED there is no fallback: the peer is refused.
   */
  private void dial(PeerPool.Entry e) {
    EngineConfig.Transports transports = t.engine.config().transports();
    UtpEndpoint utp = t.engine.utp();
    boolean registered = false;
    try {
      Attempt tcp = new Attempt("TCP", a -> {
        Socket s = new Socket();
        try {
          s.connect(a, CONNECT_TIMEOUT_MS);
          return s;
        } catch (IOException | RuntimeException ex) {
          SessionEngine.closeQuietly(s);
          throw ex;
        }
      });
      boolean utpOn = utp != null && transports.outgoingUtp();
      boolean knownUtpOnly = utpOn && pool.isUtpOnly(e.address);
      boolean triedTcp = transports.outgoingTcp() && !knownUtpOnly;
      if (triedTcp) {
        registered = dialOver(e, tcp);
      }
      if (!registered && !tcp.handshake && !tcp.timedOut && !tcp.refusedByPolicy && utpOn
          && t.acceptsConnections()) {
        registered = dialOver(e, new Attempt("uTP", a -> utp.connect(a, CONNECT_TIMEOUT_MS)));
        if (registered && triedTcp) {
          pool.setUtpOnly(e.address, true);
        } else if (!registered && knownUtpOnly) {
          pool.setUtpOnly(e.address, false);
        }
      }
    } finally {
      halfOpen.decrementAndGet();
      if (!registered) {
        pool.dialFailed(e.address, System.nanoTime());
      }
    }
  }

  /** Makes a connected socket to an address. */
  private interface Connector {
    Socket connect(InetSocketAddress address) throws IOException;
  }

  /** One transport's dial: how it connects, and how far it got. */
  private static final class Attempt {
    final String transport;
    final Connector connector;
    /** The connect timed out. */
    boolean timedOut;
    /** The peer's BitTorrent handshake arrived. */
    boolean handshake;
    /** The encryption policy turned the peer away. */
    boolean refusedByPolicy;

    Attempt(String transport, Connector connector) {
      this.transport = transport;
      this.connector = connector;
    }
  }

  /** The encryption policy's dial over one transport; true if the connection was registered. */
  private boolean dialOver(PeerPool.Entry e, Attempt a) {
    EngineConfig.Encryption policy = t.engine.config().encryption();
    try {
      if (policy == EngineConfig.Encryption.DISABLED
          || (policy == EngineConfig.Encryption.ENABLED && pool.isPlaintextOnly(e.address))) {
        return dialPlaintext(e, a);
      }
      Socket s = connect(e.address, a);
      try {
        return dialEncrypted(s, e, policy, a);
      } catch (MseFailed failed) {
        if (policy == EngineConfig.Encryption.REQUIRED) {
          a.refusedByPolicy = true;
          t.engine.refuse(t, s, "encryption is required and the peer did not complete the MSE handshake ("
              + failed.getMessage() + ")");
        } else if (t.acceptsConnections()) {
          boolean registered = dialPlaintext(e, a);
          if (registered) {
            pool.markPlaintextOnly(e.address);
          }
          return registered;
        }
      }
    } catch (IOException | RuntimeException ex) {
      log.debug("dial {} over {} failed: {}", e.address, a.transport, ex.toString());
    }
    return false;
  }

  private static Socket connect(InetSocketAddress address, Attempt a) throws IOException {
    Socket s;
    try {
      s = a.connector.connect(address);
    } catch (SocketTimeoutException ex) {
      a.timedOut = true;
      throw ex;
    }
    try {
      s.setTcpNoDelay(true);
      s.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
      return s;
    } catch (IOException | RuntimeException ex) {
      SessionEngine.closeQuietly(s);
      throw ex;
    }
  }

  /** A plaintext BitTorrent handshake on a new connection. True if the connection was registered. */
  private boolean dialPlaintext(PeerPool.Entry e, Attempt a) throws IOException {
    Socket s = connect(e.address, a);
    boolean registered = false;
    try {
      OutputStream out = s.getOutputStream();
      out.write(ourHandshake().encode());
      out.flush();
      InputStream in = new BufferedInputStream(s.getInputStream(), PeerConnection.READ_BUFFER);
      registered = finishHandshake(s, in, out, Handshake.read(in), e, a);
      return registered;
    } finally {
      if (!registered) {
        SessionEngine.closeQuietly(s);
      }
    }
  }

  /** The MSE handshake itself failed (as opposed to what came after it); the message says how. */
  private static final class MseFailed extends IOException {
    MseFailed(IOException cause) {
      super(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
    }
  }

  /**
   * The MSE handshake on a connected socket, our BitTorrent handshake as its initial payload, then the peer's. Returns
   * whether the connection was registered; {@link MseFailed} if the MSE handshake itself failed. The socket is closed
   * unless registered.
   */
  private boolean dialEncrypted(Socket s, PeerPool.Entry e, EngineConfig.Encryption policy, Attempt a)
      throws IOException {
    boolean registered = false;
    ScheduledFuture<?> deadline = t.engine.closeAfter(s, PeerCrypto.MSE_HANDSHAKE_TIMEOUT_MS);
    try {
      InputStream raw = new BufferedInputStream(s.getInputStream(), PeerConnection.READ_BUFFER);
      MseResult mse;
      try {
        mse = MseHandshake.initiate(raw, s.getOutputStream(), t.infoHash, PeerCrypto.methods(policy),
            ourHandshake().encode(), PeerCrypto.RANDOM);
      } catch (IOException ex) {
        log.debug("MSE handshake with {} over {} failed: {}", e.address, a.transport, ex.toString());
        throw new MseFailed(ex);
      }
      Handshake theirs = Handshake.read(mse.in());
      deadline.cancel(false);
      log.debug("MSE with {} over {}: {}", e.address, a.transport, mse.method());
      registered = finishHandshake(s, mse.in(), mse.out(), theirs, e, a);
      return registered;
    } finally {
      deadline.cancel(false);
      if (!registered) {
        SessionEngine.closeQuietly(s);
      }
    }
  }

  private boolean finishHandshake(Socket s, InputStream in, OutputStream out, Handshake theirs, PeerPool.Entry e,
      Attempt a) throws IOException {
    a.handshake = true;
    if (!theirs.infoHash().equals(t.infoHash)) {
      throw new IOException("peer answered with another info-hash");
    }
    return register(s, in, out, theirs, true, e.source, e.address);
  }

  private Handshake ourHandshake() {
    byte[] reserved = new byte[8];
    reserved[5] |= 0x10; // BEP 10 extension protocol
    reserved[7] |= 0x04; // BEP 6 fast extension
    if (t.engine.hasDht() && !t.isPrivate()) {
      reserved[7] |= 0x01; // BEP 5 DHT: we send a port message (never for private torrents, BEP 27)
    }
    return new Handshake(reserved, t.infoHash, t.engine.peerId());
  }

  /** An incoming connection whose handshake named this torrent. Runs on the engine's accept worker thread. */
  void incoming(Socket s, InputStream in, OutputStream out, Handshake theirs) {
    try {
      out.write(ourHandshake().encode());
      out.flush();
      if (!register(s, in, out, theirs, false, PeerPool.Source.INCOMING, null)) {
        SessionEngine.closeQuietly(s);
      }
    } catch (IOException e) {
      SessionEngine.closeQuietly(s);
    }
  }

  /** Adds an established connection unless it is ourselves, banned, a duplicate or over the limit. */
  private boolean register(Socket s, InputStream in, OutputStream out, Handshake theirs, boolean outgoing,
      PeerPool.Source source, InetSocketAddress dialed) {
    InetSocketAddress remote = (InetSocketAddress) s.getRemoteSocketAddress();
    if (t.engine.isOwnPeerId(theirs.peerId())) {
      if (dialed != null) {
        pool.markSelf(dialed);
      }
      return false;
    }
    if (pool.isBanned(remote) || !t.acceptsConnections()) {
      return false;
    }
    PeerConnection c = new PeerConnection(t, s, in, out, outgoing, source.label(), theirs.peerId(),
        theirs.reserved());
    PeerConnection replaced = null;
    t.lock.lock();
    try {
      if (!t.acceptsConnections() || connections.size() >= t.engine.config().maxPeersPerTorrent()
          || t.engine.connectionCount().get() >= t.engine.config().maxConnections()) {
        return false;
      }
      for (PeerConnection o : connections) {
        if (Arrays.equals(o.peerId, c.peerId)) {
          // Both sides dialed each other: keep the connection opened by the side with the smaller peer id.
          boolean weAreSmaller = Arrays.compareUnsigned(t.engine.peerId(), c.peerId) < 0;
          if (o.outgoing == c.outgoing || o.outgoing == weAreSmaller) {
            return false;
          }
          replaced = o;
        } else if (o.address.equals(c.address)) {
          return false;
        }
      }
      connections.add(c);
      t.engine.connectionCount().incrementAndGet();
      t.protocol.connected(c);
    } finally {
      t.lock.unlock();
    }
    if (replaced != null) {
      replaced.close("duplicate connection");
    }
    c.start();
    t.engine.emit(new EngineEvent.PeerConnected(t.infoHash, c.address, c.client));
    return true;
  }

  /** The reader of {@code c} ended. */
  void disconnected(PeerConnection c) {
    boolean removed;
    t.lock.lock();
    try {
      removed = connections.remove(c);
      if (removed) {
        t.protocol.disconnected(c);
      }
    } finally {
      t.lock.unlock();
    }
    if (!removed) {
      return;
    }
    t.engine.connectionCount().decrementAndGet();
    long now = System.nanoTime();
    InetSocketAddress listen = c.outgoing ? c.address
        : c.listenPort > 0 ? new InetSocketAddress(c.address.getAddress(), c.listenPort) : null;
    if (listen != null) {
      pool.released(listen, now, c.redialDelayNanos);
    }
    t.engine.emit(new EngineEvent.PeerDisconnected(t.infoHash, c.address, c.closeReason));
  }

  /** Closes every connection (pause, remove, shutdown). */
  void closeAll(String reason) {
    List<PeerConnection> copy;
    t.lock.lock();
    try {
      copy = new ArrayList<>(connections);
    } finally {
      t.lock.unlock();
    }
    for (PeerConnection c : copy) {
      c.close(reason);
    }
  }

  /** Closes connections to a banned peer. */
  void closeBanned(InetSocketAddress a, String reason) {
    List<PeerConnection> victims = new ArrayList<>();
    t.lock.lock();
    try {
      for (PeerConnection c : connections) {
        boolean listenBanned = c.listenPort > 0
            && pool.isBanned(new InetSocketAddress(c.address.getAddress(), c.listenPort));
        if (pool.isBanned(c.address) || c.address.equals(a) || listenBanned) {
          victims.add(c);
        }
      }
    } finally {
      t.lock.unlock();
    }
    for (PeerConnection c : victims) {
      c.close(reason);
    }
  }

  /** [peers, seeds]. Lock held. */
  int[] peerAndSeedCounts(int pieceCount) {
    int seeds = 0;
    for (PeerConnection c : connections) {
      if (c.isSeed(pieceCount)) {
        seeds++;
      }
    }
    return new int[] {connections.size(), seeds};
  }

  List<PeerInfo> peerInfos(long now) {
    t.lock.lock();
    try {
      Payload p = t.payload();
      int count = p == null ? 0 : p.pieceCount();
      List<PeerInfo> out = new ArrayList<>(connections.size());
      for (PeerConnection c : connections) {
        out.add(c.info(count, now));
      }
      return out;
    } finally {
      t.lock.unlock();
    }
  }
}
