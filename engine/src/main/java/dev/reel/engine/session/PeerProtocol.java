package dev.reel.engine.session;

import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.picker.BlockRequest;
import dev.reel.engine.picker.PeerRequest;
import dev.reel.engine.picker.PiecePicker;
import dev.reel.engine.picker.Received;
import dev.reel.engine.picker.RequestQueue;
import dev.reel.engine.picker.StreamingPipeline;
import dev.reel.engine.wire.AllowedFastSet;
import dev.reel.engine.wire.Bitfields;
import dev.reel.engine.dht.DhtNode;
import dev.reel.engine.wire.ExtensionHandshake;
import dev.reel.engine.wire.Message;
import dev.reel.engine.wire.MessageCodec;
import dev.reel.engine.wire.MetadataMessage;
import dev.reel.engine.wire.PexMessage;
import dev.reel.engine.wire.ProtocolException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * The BitTorrent peer protocol of one torrent (BEP 3, with BEP 6 fast and BEP 10 extension messages): reacts to each
 * message under the torrent lock, keeps interest and request pipelines, and serves requests via the connection's
 * writer. Called from connection reader threads and the ticker. Never does I/O under the lock except queueing
 * messages (non-blocking).
 */
final class PeerProtocol {
  /** Pipeline depth for a peer whose rate is not known yet. */
  static final int INITIAL_DEPTH = 16;
  /** Allowed-fast pieces offered to each peer (BEP 6 suggests 10). */
  static final int ALLOWED_FAST = AllowedFastSet.DEFAULT_K;
  /** A pipeline is topped up once this many requests (at most a quarter of its depth) are missing. */
  static final int REFILL_BATCH = 16;
  /** Request queue depth we advertise (BEP 10 reqq). */
  static final int OUR_REQQ = PeerConnection.MAX_INCOMING_REQUESTS;
  static final long KEEPALIVE_NANOS = TimeUnit.MINUTES.toNanos(2);
  static final long IDLE_NANOS = TimeUnit.MINUTES.toNanos(4);

  private final TorrentSession t;
  final Chokes chokes;

  PeerProtocol(TorrentSession t) {
    this.t = t;
    this.chokes = new Chokes(t);
  }

  // ---- connection lifecycle (torrent lock held) ----

  /** A connection was registered: queue our bitfield and extension handshake. Lock held. */
  void connected(PeerConnection c) {
    Payload p = t.payload();
    if (p != null) {
      BitSet have = p.picker.haveSet();
      int count = p.pieceCount();
      int n = p.picker.haveCount();
      if (c.fastExtension && n == count) {
        c.send(Message.HaveAll.INSTANCE);
      } else if (c.fastExtension && n == 0) {
        c.send(Message.HaveNone.INSTANCE);
      } else if (n > 0) {
        c.send(new Message.Bitfield(Bitfields.fromBitSet(have, count)));
      }
    } else if (c.fastExtension) {
      c.send(Message.HaveNone.INSTANCE);
    }
    if (c.extensionProtocol) {
      c.send(new Message.Extended(Message.Extended.HANDSHAKE, ourExtensionHandshake(c).encode()));
    }
    DhtNode ourDht = t.engine.dhtFor(c.address.getAddress());
    if (c.dhtSupport && ourDht != null && !t.isPrivate()) {
      // BEP 5: where our DHT node listens; BEP 32: the node of the connection's address family.
      c.send(new Message.Port(ourDht.port()));
    }
    if (c.fastExtension && p != null && p.pieceCount() > 2 * ALLOWED_FAST && c.address.getAddress() != null) {
      // BEP 6: a few pieces the peer may fetch while choked, so a newcomer has something to trade quickly.
      for (int piece : AllowedFastSet.generate(c.address.getAddress(), t.infoHash, p.pieceCount(), ALLOWED_FAST)) {
        if (p.picker.have(piece)) {
          c.allowedFastGiven.set(piece);
          c.send(new Message.AllowedFast(piece));
        }
      }
    }
  }

  private ExtensionHandshake ourExtensionHandshake(PeerConnection c) {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put(ExtensionHandshake.UT_METADATA, ExtensionHandshake.LOCAL_UT_METADATA_ID);
    if (!t.isPrivate() && t.engine.config().pex()) {
      m.put(ExtensionHandshake.UT_PEX, ExtensionHandshake.LOCAL_UT_PEX_ID);
    }
    Optional<Metainfo> meta = t.metainfo();
    OptionalInt size = meta.isPresent() ? OptionalInt.of(meta.get().infoBytes().length) : OptionalInt.empty();
    return new ExtensionHandshake(m, OptionalInt.of(t.engine.listenPort()), Optional.of(dev.reel.engine.wire.PeerIds.CLIENT),
        OptionalInt.of(OUR_REQQ), size, Optional.ofNullable(c.address.getAddress()), t.engine.ownIpv6());
  }

  /** The connection is gone: release its requests and availability. Lock held. */
  void disconnected(PeerConnection c) {
    Payload p = t.payload();
    if (p != null) {
      p.picker.peerGone(c);
    }
    chokes.peerGone(c);
    t.metadataFetcher.peerGone(c);
  }

  /** The metainfo just became known: feed what peers told us into the picker. Lock held. */
  void payloadReady(Payload p) {
    for (PeerConnection c : t.swarm.connections) {
      if (c.pendingBitfield != null) {
        try {
          c.peerHas.or(Bitfields.toBitSet(c.pendingBitfield, p.pieceCount()));
        } catch (ProtocolException e) {
          c.close("bad bitfield: " + e.getMessage());
          continue;
        }
        c.pendingBitfield = null;
      }
      if (c.peerHasAll) {
        p.picker.peerHasAll(c);
      } else {
        c.peerHas.clear(p.pieceCount(), Math.max(p.pieceCount(), c.peerHas.length()));
        p.picker.peerBitfield(c, c.peerHas);
      }
      // Our bitfield (or have_none) went out already: what we found on disk goes as haves.
      BitSet have = p.picker.haveSet();
      for (int i = have.nextSetBit(0); i >= 0; i = have.nextSetBit(i + 1)) {
        c.send(new Message.Have(i));
      }
      refreshInterest(c, System.nanoTime());
    }
  }

  // ---- messages ----

  void onMessage(PeerConnection c, Message m) throws ProtocolException {
    long now = System.nanoTime();
    t.lock.lock();
    try {
      if (c.isClosed()) {
        return;
      }
      handle(c, m, now);
    } finally {
      t.lock.unlock();
    }
  }

  private void handle(PeerConnection c, Message m, long now) throws ProtocolException {
    Payload p = t.payload();
    switch (m) {
      case Message.KeepAlive k -> {}
      case Message.Choke ch -> {
        c.peerChoking = true;
        if (p != null && !c.fastExtension) {
          for (BlockRequest b : p.picker.outstandingRequests(c)) {
            p.picker.requestRejected(c, b);
          }
        }
      }
      case Message.Unchoke u -> {
        c.peerChoking = false;
        if (t.streams.active()) {
          t.streams.critical.run(now);
        }
        fillRequests(c, now);
      }
      case Message.Interested i -> {
        c.peerInterested = true;
        chokes.peerInterested(c, now);
      }
      case Message.NotInterested n -> {
        c.peerInterested = false;
        chokes.peerNotInterested(c, now);
      }
      case Message.Have h -> {
        if (p == null) {
          c.peerHas.set(h.piece());
          return;
        }
        if (h.piece() >= p.pieceCount()) {
          throw new ProtocolException("have for piece " + h.piece() + " of " + p.pieceCount());
        }
        if (!c.peerHas.get(h.piece()) && !c.peerHasAll) {
          c.peerHas.set(h.piece());
          p.picker.peerHave(c, h.piece());
          if (!c.amInterested && !p.picker.have(h.piece()) && p.picker.wanted(h.piece())) {
            setInterested(c, true, now);
          }
        }
      }
      case Message.Bitfield b -> {
        if (p == null) {
          c.pendingBitfield = b.bits();
          return;
        }
        BitSet bits = Bitfields.toBitSet(b.bits(), p.pieceCount());
        c.peerHas.clear();
        c.peerHas.or(bits);
        if (bits.cardinality() == p.pieceCount()) {
          c.peerHasAll = true;
          p.picker.peerHasAll(c);
        } else {
          p.picker.peerBitfield(c, bits);
        }
        refreshInterest(c, now);
      }
      case Message.HaveAll a -> {
        requireFast(c, m);
        c.peerHasAll = true;
        if (p != null) {
          p.picker.peerHasAll(c);
          refreshInterest(c, now);
        }
      }
      case Message.HaveNone n -> {
        requireFast(c, m);
        c.peerHasAll = false;
        c.peerHas.clear();
        if (p != null) {
          p.picker.peerBitfield(c, new BitSet());
        }
      }
      case Message.Request r -> onRequest(c, r, p);
      case Message.Cancel x -> c.cancelServe(new PeerConnection.Serve(x.piece(), x.offset(), x.length()));
      case Message.RejectRequest r -> {
        requireFast(c, m);
        if (p != null && r.piece() < p.pieceCount()) {
          p.picker.requestRejected(c, new BlockRequest(r.piece(), r.offset(), r.length()));
        }
      }
      case Message.AllowedFast a -> {
        requireFast(c, m);
        if (p == null || a.piece() < p.pieceCount()) {
          c.allowedFast.set(a.piece());
          if (c.peerChoking) {
            fillRequests(c, now);
          }
        }
      }
      case Message.SuggestPiece s -> {}
      case Message.Port port -> {
        var dht = t.engine.dhtFor(c.address.getAddress());
        if (dht != null && !t.isPrivate() && c.address.getAddress() != null && port.port() > 0) {
          // BEP 5: the peer's DHT node; ping it (and so add it to the routing table) off the torrent lock.
          InetSocketAddress node = new InetSocketAddress(c.address.getAddress(), port.port());
          Thread.ofVirtual().name("reel-dht-port").start(() -> dht.ping(node));
        }
      }
      case Message.Extended e -> onExtended(c, e, now);
      case Message.Piece piece -> throw new IllegalStateException("pieces go through onPiece");
      default -> {}
    }
  }

  private static void requireFast(PeerConnection c, Message m) throws ProtocolException {
    if (!c.fastExtension) {
      throw new ProtocolException(m.getClass().getSimpleName() + " without the fast extension (BEP 6)");
    }
  }

  private void onRequest(PeerConnection c, Message.Request r, Payload p) throws ProtocolException {
    if (r.length() > MessageCodec.MAX_REQUEST || r.length() <= 0) {
      throw new ProtocolException("request of " + r.length() + " bytes (at most 16 KiB)");
    }
    boolean valid = p != null && r.piece() < p.pieceCount() && p.picker.have(r.piece())
        && (long) r.offset() + r.length() <= p.meta.pieceSize(r.piece());
    boolean allowed = !c.amChoking || c.allowedFastGiven.get(r.piece());
    if (!valid || !allowed) {
      if (c.fastExtension) {
        c.send(Message.RejectRequest.of(r));
      }
      return;
    }
    if (!c.serve(new PeerConnection.Serve(r.piece(), r.offset(), r.length()))) {
      throw new ProtocolException("more than " + PeerConnection.MAX_INCOMING_REQUESTS + " queued requests");
    }
  }

  /** Called by the writer before serving a queued block: still unchoked (or allowed fast)? */
  boolean stillServing(PeerConnection c, PeerConnection.Serve s) {
    if (!c.amChoking) {
      return true;
    }
    t.lock.lock();
    try {
      return !c.amChoking || c.allowedFastGiven.get(s.piece());
    } finally {
      t.lock.unlock();
    }
  }

  private void onExtended(PeerConnection c, Message.Extended e, long now) throws ProtocolException {
    if (e.id() == Message.Extended.HANDSHAKE) {
      ExtensionHandshake hs = ExtensionHandshake.decode(e.payload());
      c.extensions = hs.m();
      c.reqq = hs.reqq().orElse(0);
      c.metadataSize = hs.metadataSize().orElse(0);
      hs.client().ifPresent(v -> c.client = v);
      if (hs.listenPort().isPresent()) {
        c.listenPort = hs.listenPort().getAsInt();
        if (!c.outgoing) {
          t.swarm.pool.learnedListenPort(new InetSocketAddress(c.address.getAddress(), c.listenPort));
        }
      }
      // BEP 10 yourip: our address as this peer sees it; with our listen port, an address never to dial.
      hs.yourIp().ifPresent(ip -> t.swarm.pool.markSelf(new InetSocketAddress(ip, t.engine.listenPort())));
      // BEP 10 ipv6: the peer's own IPv6 address; with its listen port, another way to reach it.
      int port = c.outgoing ? c.address.getPort() : c.listenPort;
      if (hs.ipv6().isPresent() && port > 0 && !hs.ipv6().get().equals(c.address.getAddress())
          && t.engine.acceptsIpv6()) {
        t.swarm.pool.add(new InetSocketAddress(hs.ipv6().get(), port), PeerPool.Source.HANDSHAKE);
      }
      t.metadataFetcher.peerReady(c, now);
    } else if (e.id() == ExtensionHandshake.LOCAL_UT_METADATA_ID) {
      MetadataMessage mm = MetadataMessage.decode(e.payload());
      switch (mm) {
        case MetadataMessage.MetadataRequest req -> serveMetadata(c, req);
        case MetadataMessage.MetadataData data -> t.metadataFetcher.onData(c, data, now);
        case MetadataMessage.MetadataReject rej -> t.metadataFetcher.onReject(c, rej);
        default -> {}
      }
    } else if (e.id() == ExtensionHandshake.LOCAL_UT_PEX_ID) {
      if (!t.isPrivate() && t.engine.config().pex()) {
        PexMessage pex = PexMessage.decode(e.payload());
        List<InetSocketAddress> added = new ArrayList<>();
        for (PexMessage.Peer peer : pex.allAdded()) {
          added.add(peer.address());
        }
        t.swarm.pool.addAll(added, PeerPool.Source.PEX);
      }
    }
  }

  private void serveMetadata(PeerConnection c, MetadataMessage.MetadataRequest req) {
    int id = c.extensionId(ExtensionHandshake.UT_METADATA);
    if (id == 0) {
      return;
    }
    Optional<Metainfo> meta = t.metainfo();
    MetadataMessage reply;
    byte[] info = meta.map(Metainfo::infoBytes).orElse(null);
    if (info != null && (long) req.piece() * MetadataMessage.BLOCK_SIZE < info.length) {
      reply = MetadataMessage.MetadataData.of(info, req.piece());
    } else {
      reply = new MetadataMessage.MetadataReject(req.piece());
    }
    c.send(new Message.Extended(id, reply.encode()));
  }

  // ---- blocks ----

  /** A block arrived (reader thread, no lock held): account, store outside the lock, then track completion. */
  void onPiece(PeerConnection c, Message.Piece m) throws ProtocolException {
    Payload p = t.payload();
    long now = System.nanoTime();
    int len = m.data().remaining();
    t.downloadedPayload(len, now);
    if (p == null) {
      throw new ProtocolException("piece message before the metadata is known");
    }
    if (m.piece() >= p.pieceCount() || m.offset() % PiecePicker.BLOCK_SIZE != 0
        || (long) m.offset() + len > p.meta.pieceSize(m.piece())) {
      return;
    }
    BlockRequest b = p.picker.block(m.piece(), m.offset() / PiecePicker.BLOCK_SIZE);
    if (b.length() != len) {
      return;
    }
    Received<PeerConnection> r;
    PieceWork.InFlight attempt = null;
    t.lock.lock();
    try {
      c.lastPieceNanos = now;
      c.snubbed = false;
      r = p.picker.blockReceived(c, b);
      if (r.expected()) {
        attempt = t.work.beginWrite(b, c, r.pieceComplete());
      }
      for (PeerConnection o : r.cancelFrom()) {
        o.send(new Message.Cancel(b.piece(), b.offset(), b.length()));
      }
      if (t.streams.active()) {
        t.streams.critical.maybeRun(now);
      }
      fillRequests(c, now);
    } finally {
      t.lock.unlock();
    }
    if (!r.expected()) {
      return;
    }
    ByteBuffer data = m.data();
    try {
      p.storage.write(b.piece(), b.offset(), data.duplicate());
    } catch (java.io.IOException e) {
      t.storageFailed(e);
      return;
    }
    t.work.blockWritten(attempt, b, data);
    t.work.endWrite(b.piece());
  }

  /** Tops up the peer's request pipeline. Lock held. */
  void fillRequests(PeerConnection c, long now) {
    Payload p = t.payload();
    if (p == null || c.isClosed() || !c.amInterested) {
      return;
    }
    BitSet allowedOnly = null;
    if (c.peerChoking) {
      if (!c.fastExtension || c.allowedFast.isEmpty()) {
        return;
      }
      allowedOnly = c.allowedFast;
    }
    double rate = c.downRate.rate(now);
    int depth = Math.max(INITIAL_DEPTH, RequestQueue.targetDepth(rate));
    int background = Integer.MAX_VALUE;
    if (t.streams.active()) {
      // Streaming: a short queue (a block that becomes urgent waits behind at most ~1 s of other requests), and
      // while a piece has a deadline only a fraction of a second of it for background pieces (StreamingPipeline).
      depth = StreamingPipeline.depth(rate);
      background = t.streams.starting() ? 0
          : StreamingPipeline.backgroundRoom(rate, p.picker.outstandingNonCritical(c),
              p.picker.deadlineCount() > 0 || t.streams.watched(now));
    }
    if (c.reqq > 0) {
      depth = Math.min(depth, c.reqq);
    }
    if (c.snubbed) {
      depth = 1;
    }
    int missing = depth - p.picker.outstanding(c);
    // Refill in batches: one pick per few blocks instead of one per block keeps the picker off the hot path.
    if (missing < Math.max(1, Math.min(REFILL_BATCH, depth / 4))) {
      return;
    }
    List<BlockRequest> picked = p.picker.pick(c, null, allowedOnly, missing, background, now);
    for (BlockRequest b : picked) {
      c.send(new Message.Request(b.piece(), b.offset(), b.length()));
    }
  }

  // ---- interest ----

  void setInterested(PeerConnection c, boolean interested, long now) {
    if (c.amInterested != interested) {
      c.amInterested = interested;
      c.send(interested ? Message.Interested.INSTANCE : Message.NotInterested.INSTANCE);
    }
    if (interested) {
      fillRequests(c, now);
    }
  }

  /** Recomputes whether we want anything the peer has. Lock held. */
  void refreshInterest(PeerConnection c, long now) {
    Payload p = t.payload();
    if (p == null) {
      return;
    }
    setInterested(c, wantsFrom(p, c), now);
  }

  void refreshInterestAll() {
    long now = System.nanoTime();
    for (PeerConnection c : t.swarm.connections) {
      refreshInterest(c, now);
    }
  }

  private static boolean wantsFrom(Payload p, PeerConnection c) {
    if (p.picker.isComplete()) {
      return false;
    }
    if (c.peerHasAll) {
      return true;
    }
    BitSet has = c.peerHas;
    for (int i = has.nextSetBit(0); i >= 0 && i < p.pieceCount(); i = has.nextSetBit(i + 1)) {
      if (!p.picker.have(i) && p.picker.wanted(i)) {
        return true;
      }
    }
    return false;
  }

  /** A piece was verified: announce it and drop interest where nothing is left to get. Lock held. */
  void pieceVerified(int piece, long now) {
    Payload p = t.payload();
    Message.Have have = new Message.Have(piece);
    for (PeerConnection c : t.swarm.connections) {
      if (!c.has(piece)) {
        c.send(have);
      }
      if (c.amInterested && !wantsFrom(p, c)) {
        setInterested(c, false, now);
      }
    }
  }

  // ---- ticker ----

  /** Timeouts, pipelines, keep-alives, idle peers, choking and PEX. Returns connections to close. */
  void tick(long now) {
    List<PeerConnection> idle = new ArrayList<>();
    t.lock.lock();
    try {
      Payload p = t.payload();
      if (p != null) {
        long timeout = t.engine.config().requestTimeout().toNanos();
        for (PeerRequest<PeerConnection> pr : p.picker.timedOut(now, timeout)) {
          pr.peer().snubbed = true;
        }
        if (t.streams.active()) {
          t.streams.refresh(now);
        }
      }
      boolean seeding = p != null && p.picker.isComplete();
      for (PeerConnection c : t.swarm.connections) {
        if (now - c.lastReceivedNanos > IDLE_NANOS) {
          idle.add(c);
          continue;
        }
        if (seeding && p != null && c.isSeed(p.pieceCount())) {
          c.redialDelayNanos = PeerPool.SEED_RECONNECT_NANOS;
          idle.add(c);
          continue;
        }
        fillRequests(c, now);
        if (now - c.lastSentNanos > KEEPALIVE_NANOS) {
          c.send(Message.KeepAlive.INSTANCE);
        }
      }
      chokes.tick(now);
      t.swarm.pex.tick(now);
    } finally {
      t.lock.unlock();
    }
    for (PeerConnection c : idle) {
      c.close("idle or both seeding");
    }
  }
}
