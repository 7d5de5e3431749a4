package dev.reel.engine.session;

import dev.reel.engine.metainfo.InvalidTorrentException;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.wire.ExtensionHandshake;
import dev.reel.engine.wire.Message;
import dev.reel.engine.wire.MetadataAssembler;
import dev.reel.engine.wire.MetadataMessage;
import dev.reel.engine.wire.ProtocolException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Fetches the info dictionary from peers for a torrent added by magnet or info-hash (BEP 9): asks peers that
 * advertise {@code metadata_size} for 16 KiB blocks, verifies the whole against the info-hash
 * ({@link MetadataAssembler}) and hands the parsed {@link Metainfo} to the torrent. State is guarded by the torrent
 * lock.
 */
final class MetadataFetcher {
  static final long REQUEST_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
  /** Metadata requests outstanding to one peer at most. */
  static final int PER_PEER = 4;

  private final TorrentSession t;
  private MetadataAssembler assembler;
  private final Map<PeerConnection, Integer> outstanding = new HashMap<>();
  /** Peers that rejected a request or advertised another size: not asked again. */
  private final Set<PeerConnection> useless = new HashSet<>();
  private boolean done;

  MetadataFetcher(TorrentSession t) {
    this.t = t;
  }

  private boolean needed() {
    return !done && t.metainfo().isEmpty();
  }

  /** The peer's extension handshake arrived. Lock held. */
  void peerReady(PeerConnection c, long now) {
    if (!needed() || c.metadataSize <= 0 || c.extensionId(ExtensionHandshake.UT_METADATA) == 0) {
      return;
    }
    if (assembler == null) {
      if (!MetadataAssembler.isValidSize(c.metadataSize)) {
        useless.add(c);
        return;
      }
      assembler = new MetadataAssembler(t.infoHash, c.metadataSize);
    }
    request(c, now);
  }

  private void request(PeerConnection c, long now) {
    if (assembler == null || useless.contains(c) || c.metadataSize != assembler.totalSize()) {
      return;
    }
    int id = c.extensionId(ExtensionHandshake.UT_METADATA);
    if (id == 0) {
      return;
    }
    int n = outstanding.getOrDefault(c, 0);
    while (n < PER_PEER) {
      OptionalInt next = assembler.nextToRequest(now, REQUEST_TIMEOUT_NANOS);
      if (next.isEmpty()) {
        break;
      }
      c.send(new Message.Extended(id, new MetadataMessage.MetadataRequest(next.getAsInt()).encode()));
      n++;
    }
    outstanding.put(c, n);
  }

  /** A block arrived. Lock held. */
  void onData(PeerConnection c, MetadataMessage.MetadataData data, long now) throws ProtocolException {
    outstanding.computeIfPresent(c, (k, v) -> v > 1 ? v - 1 : null);
    if (!needed() || assembler == null || data.totalSize() != assembler.totalSize()) {
      return;
    }
    if (assembler.add(data.piece(), data.data())) {
      done = true;
      byte[] info = assembler.result();
      Thread.ofVirtual().name("reel-metadata").start(() -> complete(info));
      return;
    }
    request(c, now);
  }

  /** The peer rejected a request. Lock held. */
  void onReject(PeerConnection c, MetadataMessage.MetadataReject rej) {
    outstanding.remove(c);
    useless.add(c);
    if (assembler != null) {
      assembler.released(rej.piece());
    }
  }

  /** Lock held. */
  void peerGone(PeerConnection c) {
    outstanding.remove(c);
    useless.remove(c);
  }

  /** Re-asks peers (timed-out blocks are handed out again). Ticker thread, no lock held. */
  void tick(long now) {
    t.lock.lock();
    try {
      if (!needed()) {
        return;
      }
      for (PeerConnection c : t.swarm.connections) {
        if (assembler == null) {
          peerReady(c, now);
        } else {
          outstanding.remove(c);
          request(c, now);
        }
      }
    } finally {
      t.lock.unlock();
    }
  }

  private void complete(byte[] info) {
    try {
      List<List<String>> tiers = t.trackers.tiersForMetadata();
      Metainfo m = Metainfo.fromInfoBytes(info, tiers, t.magnetWebSeeds);
      t.metadataReceived(m);
    } catch (InvalidTorrentException e) {
      t.fail("the swarm's metadata is not a valid torrent: " + e.getMessage());
    }
  }
}
