package dev.reel.engine.session;

import dev.reel.engine.wire.ExtensionHandshake;
import dev.reel.engine.wire.Message;
import dev.reel.engine.wire.PexMessage;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Peer exchange (BEP 11): each peer that supports ut_pex gets our connected peers soon after its extension handshake
 * (at the next tick), then every {@link #INTERVAL_NANOS} the peers added and dropped since the last message we sent it
 * (at most {@link PexMessage#RECOMMENDED_MAX} each). Never used for private torrents. Called under the torrent lock.
 */
final class PexState {
  static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(60);

  /** What one connection was last told. */
  static final class Sent {
    final Set<InetSocketAddress> peers = new HashSet<>();
    /** When this peer gets its next message (the connection time at first: the next tick). */
    long nextNanos;
  }

  private final TorrentSession t;
  private final Swarm swarm;

  PexState(TorrentSession t, Swarm swarm) {
    this.t = t;
    this.swarm = swarm;
  }

  void tick(long now) {
    if (t.isPrivate() || !t.engine.config().pex()) {
      return;
    }
    boolean due = false;
    for (PeerConnection c : swarm.connections) {
      due |= c.extensionId(ExtensionHandshake.UT_PEX) != 0 && now - c.pexSent.nextNanos >= 0;
    }
    if (!due) {
      return;
    }
    Payload p = t.payload();
    int pieces = p == null ? 0 : p.pieceCount();
    Map<InetSocketAddress, Integer> current = new LinkedHashMap<>();
    for (PeerConnection c : swarm.connections) {
      InetSocketAddress listen = c.outgoing ? c.address
          : c.listenPort > 0 ? new InetSocketAddress(c.address.getAddress(), c.listenPort) : null;
      if (listen != null) {
        int flags = (c.isSeed(pieces) ? PexMessage.FLAG_SEED : 0) | (c.outgoing ? PexMessage.FLAG_OUTGOING : 0);
        current.put(listen, flags);
      }
    }
    for (PeerConnection c : swarm.connections) {
      int id = c.extensionId(ExtensionHandshake.UT_PEX);
      if (id == 0 || now - c.pexSent.nextNanos < 0) {
        continue;
      }
      c.pexSent.nextNanos = now + INTERVAL_NANOS;
      List<PexMessage.Peer> added = new ArrayList<>();
      for (Map.Entry<InetSocketAddress, Integer> e : current.entrySet()) {
        if (added.size() >= PexMessage.RECOMMENDED_MAX) {
          break;
        }
        if (!e.getKey().getAddress().equals(c.address.getAddress()) || e.getKey().getPort() != c.listenPort) {
          if (!c.pexSent.peers.contains(e.getKey()) && !e.getKey().equals(c.address)) {
            added.add(new PexMessage.Peer(e.getKey(), e.getValue()));
          }
        }
      }
      List<InetSocketAddress> dropped = new ArrayList<>();
      for (InetSocketAddress a : c.pexSent.peers) {
        if (!current.containsKey(a) && dropped.size() < PexMessage.RECOMMENDED_MAX) {
          dropped.add(a);
        }
      }
      if (added.isEmpty() && dropped.isEmpty()) {
        continue;
      }
      for (PexMessage.Peer a : added) {
        c.pexSent.peers.add(a.address());
      }
      dropped.forEach(c.pexSent.peers::remove);
      c.send(new Message.Extended(id, PexMessage.of(added, dropped).encode()));
    }
  }
}
