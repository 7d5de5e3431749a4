package dev.reel.engine.dht;

import dev.reel.engine.metainfo.InfoHash;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Peers announced to us with announce_peer (BEP 5), per info-hash. Bounded: at most {@code maxInfoHashes} torrents
 * (the least recently announced is evicted) and {@code maxPeersPerHash} peers each (the oldest announce is evicted);
 * an entry expires {@link #TTL_NANOS} after its last announce.
 *
 * <p>Pure and not thread-safe: the caller holds a lock and passes {@code nowNanos}.
 */
public final class PeerStore {
  public static final long TTL_NANOS = TimeUnit.MINUTES.toNanos(30);
  /** BEP 5 leaves the reply size open; libtorrent answers with at most 100 values, which fits in one datagram. */
  public static final int MAX_VALUES_PER_REPLY = 100;
  public static final int DEFAULT_MAX_INFO_HASHES = 2000;
  public static final int DEFAULT_MAX_PEERS_PER_HASH = 500;

  private final int maxPeersPerHash;
  private final Map<InfoHash, LinkedHashMap<InetSocketAddress, Long>> torrents;
  private final Random random = new Random();

  public PeerStore(int maxInfoHashes, int maxPeersPerHash) {
    this.maxPeersPerHash = maxPeersPerHash;
    this.torrents = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<InfoHash, LinkedHashMap<InetSocketAddress, Long>> eldest) {
        return size() > maxInfoHashes;
      }
    };
  }

  public PeerStore() {
    this(DEFAULT_MAX_INFO_HASHES, DEFAULT_MAX_PEERS_PER_HASH);
  }

  public void add(InfoHash infoHash, InetSocketAddress peer, long nowNanos) {
    LinkedHashMap<InetSocketAddress, Long> peers = torrents.computeIfAbsent(infoHash, k -> new LinkedHashMap<>());
    peers.remove(peer); // re-announce moves it to the newest position
    peers.put(peer, nowNanos);
    if (peers.size() > maxPeersPerHash) {
      Iterator<InetSocketAddress> it = peers.keySet().iterator();
      it.next();
      it.remove();
    }
  }

  /** Up to {@code max} live peers for {@code infoHash}, a random sample if there are more. */
  public List<InetSocketAddress> get(InfoHash infoHash, int max, long nowNanos) {
    LinkedHashMap<InetSocketAddress, Long> peers = torrents.get(infoHash);
    if (peers == null) {
      return List.of();
    }
    peers.values().removeIf(at -> nowNanos - at >= TTL_NANOS);
    List<InetSocketAddress> out = new ArrayList<>(peers.keySet());
    if (out.size() > max) {
      Collections.shuffle(out, random);
      out = out.subList(0, max);
    }
    return List.copyOf(out);
  }

  /** Drops expired peers and empty torrents. */
  public void expire(long nowNanos) {
    for (Iterator<LinkedHashMap<InetSocketAddress, Long>> it = torrents.values().iterator(); it.hasNext(); ) {
      LinkedHashMap<InetSocketAddress, Long> peers = it.next();
      peers.values().removeIf(at -> nowNanos - at >= TTL_NANOS);
      if (peers.isEmpty()) {
        it.remove();
      }
    }
  }

  public int torrentCount() {
    return torrents.size();
  }
}
