package dev.reel.engine.session;

import dev.reel.engine.EngineEvent;
import dev.reel.engine.PeerInfo;
import dev.reel.engine.wire.Handshake;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

  private void dial(PeerPool.Entry e) {
    Socket s = new Socket();
    boolean registered = false;
    try {
      s.connect(e.address, CONNECT_TIMEOUT_MS);
      s.setTcpNoDelay(true);
      s.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
      OutputStream out = s.getOutputStream();
      out.write(ourHandshake().encode());
      out.flush();
      InputStream in = new BufferedInputStream(s.getInputStream(), PeerConnection.READ_BUFFER);
      Handshake theirs = Handshake.read(in);
      if (!theirs.infoHash().equals(t.infoHash)) {
        throw new IOException("peer answered with another info-hash");
      }
      registered = register(s, in, theirs, true, e.source, e.address);
    } catch (IOException | RuntimeException ex) {
      log.debug("dial {} failed: {}", e.address, ex.toString());
    } finally {
      halfOpen.decrementAndGet();
      if (!registered) {
        SessionEngine.closeQuietly(s);
        pool.dialFailed(e.address, System.nanoTime());
      }
    }
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
  void incoming(Socket s, InputStream in, Handshake theirs) {
    try {
      OutputStream out = s.getOutputStream();
      out.write(ourHandshake().encode());
      out.flush();
      if (!register(s, in, theirs, false, PeerPool.Source.INCOMING, null)) {
        SessionEngine.closeQuietly(s);
      }
    } catch (IOException e) {
      SessionEngine.closeQuietly(s);
    }
  }

  /** Adds an established connection unless it is ourselves, banned, a duplicate or over the limit. */
  private boolean register(Socket s, InputStream in, Handshake theirs, boolean outgoing, PeerPool.Source source,
      InetSocketAddress dialed) {
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
    PeerConnection c = new PeerConnection(t, s, in, outgoing, source.label(), theirs.peerId(), theirs.reserved());
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
