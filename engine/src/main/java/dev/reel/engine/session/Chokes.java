package dev.reel.engine.session;

import dev.reel.engine.choke.Choker;
import dev.reel.engine.choke.PeerSnapshot;
import dev.reel.engine.wire.Message;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Applies the {@link Choker}'s decisions to one torrent's connections: a rechoke every
 * {@link Choker#RECHOKE_INTERVAL_NANOS}, and at once when a peer becomes interested while a slot is free (so peers
 * that unchoke on a 10 s cycle of their own are not kept waiting by ours too), or when an unchoked peer leaves.
 * All methods are called under the torrent lock.
 */
final class Chokes {
  private final TorrentSession t;
  private final Choker<PeerConnection> choker;
  private final int slots;
  private long lastRechokeNanos;
  private boolean pending;

  Chokes(TorrentSession t) {
    this.t = t;
    this.slots = Math.max(1, t.engine.config().uploadSlots());
    this.choker = new Choker<>(slots, new SecureRandom());
  }

  void peerInterested(PeerConnection c, long now) {
    if (c.amChoking && unchokedCount() < slots + 1) {
      rechoke(now);
    }
  }

  void peerNotInterested(PeerConnection c, long now) {
    if (!c.amChoking) {
      pending = true;
    }
  }

  void peerGone(PeerConnection c) {
    if (!c.amChoking) {
      pending = true;
    }
  }

  void tick(long now) {
    if (pending || now - lastRechokeNanos >= Choker.RECHOKE_INTERVAL_NANOS) {
      rechoke(now);
    }
  }

  private int unchokedCount() {
    int n = 0;
    for (PeerConnection c : t.swarm.connections) {
      if (!c.amChoking) {
        n++;
      }
    }
    return n;
  }

  void rechoke(long now) {
    pending = false;
    lastRechokeNanos = now;
    Payload p = t.payload();
    if (p == null) {
      return;
    }
    boolean seeding = p.picker.isComplete();
    List<PeerSnapshot<PeerConnection>> snaps = new ArrayList<>(t.swarm.connections.size());
    for (PeerConnection c : t.swarm.connections) {
      snaps.add(new PeerSnapshot<>(c, c.peerInterested, c.downRate.rate(now), c.upRate.rate(now),
          c.connectedAtNanos, c.snubbed));
    }
    Set<PeerConnection> unchoke = choker.rechoke(snaps, seeding, now);
    for (PeerConnection c : t.swarm.connections) {
      boolean should = unchoke.contains(c);
      if (should && c.amChoking) {
        c.amChoking = false;
        c.send(Message.Unchoke.INSTANCE);
      } else if (!should && !c.amChoking) {
        c.amChoking = true;
        c.send(Message.Choke.INSTANCE);
        c.dropServes(c.fastExtension);
      }
    }
  }
}
