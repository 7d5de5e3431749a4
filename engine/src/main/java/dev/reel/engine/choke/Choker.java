package dev.reel.engine.choke;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * The choking algorithm (BEP 3): decides which peers may download from us. Call {@link #rechoke} every
 * {@link #RECHOKE_INTERVAL_NANOS} (10 s).
 *
 * <ul>
 *   <li><b>Downloading</b> (tit-for-tat): the {@code uploadSlots} interested peers that give us the best download
 *       rate are unchoked; snubbed peers rank after every non-snubbed one.
 *   <li><b>Seeding</b> (round-robin, like libtorrent's {@code round_robin} seed choker rather than
 *       {@code fastest_upload}): a peer keeps its slot for {@link #SEED_TURN_NANOS} (30 s), then goes to the back of the
 *       queue; free slots go to the interested peers that waited longest since their last turn (never-unchoked peers
 *       first), ties broken by how fast we uploaded to them. So every interested peer gets a turn, and the fastest
 *       peers are preferred among equals.
 *   <li><b>Optimistic unchoke</b> (both modes): one extra interested, otherwise choked peer, re-drawn every
 *       {@link #OPTIMISTIC_INTERVAL_NANOS} (30 s) or when the current one leaves or stops being interested; peers
 *       connected for less than {@link #NEW_PEER_NANOS} (60 s) are {@value #NEW_PEER_WEIGHT}x as likely to be drawn,
 *       since they have nothing to offer yet (BEP 3 / the original client's rule).
 * </ul>
 *
 * <p>Deterministic for a given {@link Random}. Not thread-safe: the session calls it under the torrent's lock.
 *
 * @param <P> peer identity
 */
public final class Choker<P> {
  public static final long RECHOKE_INTERVAL_NANOS = 10_000_000_000L;
  public static final long OPTIMISTIC_INTERVAL_NANOS = 30_000_000_000L;
  public static final long SEED_TURN_NANOS = 30_000_000_000L;
  public static final long NEW_PEER_NANOS = 60_000_000_000L;
  public static final int NEW_PEER_WEIGHT = 3;
  public static final int DEFAULT_UPLOAD_SLOTS = 4;

  private final int uploadSlots;
  private final Random random;
  private P optimistic;
  private long optimisticSince;
  /** Seeding: when each currently unchoked peer's turn started. */
  private final Map<P, Long> turnStart = new HashMap<>();
  /** Seeding: when each peer's last turn ended. */
  private final Map<P, Long> turnEnd = new HashMap<>();

  public Choker(Random random) {
    this(DEFAULT_UPLOAD_SLOTS, random);
  }

  /**
   * @param uploadSlots regular unchoke slots (the optimistic unchoke comes on top)
   * @param random source for the optimistic draw
   */
  public Choker(int uploadSlots, Random random) {
    if (uploadSlots < 0) {
      throw new IllegalArgumentException("upload slots " + uploadSlots + " must be >= 0");
    }
    this.uploadSlots = uploadSlots;
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * Computes the set of peers that should be unchoked now; every other peer should be choked. Peers absent from
   * {@code peers} are forgotten.
   *
   * @param peers every connected peer
   * @param seeding true if we have every wanted piece (rank by upload instead of download)
   */
  public Set<P> rechoke(List<PeerSnapshot<P>> peers, boolean seeding, long nowNanos) {
    List<PeerSnapshot<P>> interested = new ArrayList<>();
    Set<P> present = new LinkedHashSet<>();
    for (PeerSnapshot<P> s : peers) {
      present.add(s.peer());
      if (s.interested()) {
        interested.add(s);
      }
    }
    turnStart.keySet().retainAll(present);
    turnEnd.keySet().retainAll(present);

    Set<P> unchoked = new LinkedHashSet<>();
    if (seeding) {
      seedingSlots(interested, nowNanos, unchoked);
    } else {
      turnStart.clear();
      interested.stream()
          .sorted(Comparator.<PeerSnapshot<P>>comparingInt(s -> s.snubbed() ? 1 : 0)
              .thenComparing(Comparator.comparingDouble(PeerSnapshot<P>::rateFromPeer).reversed()))
          .limit(uploadSlots)
          .forEach(s -> unchoked.add(s.peer()));
    }
    optimisticSlot(interested, unchoked, nowNanos);
    return unchoked;
  }

  /** The current optimistic unchoke, or null. */
  public P optimistic() {
    return optimistic;
  }

  private void seedingSlots(List<PeerSnapshot<P>> interested, long now, Set<P> unchoked) {
    List<PeerSnapshot<P>> keep = new ArrayList<>();
    List<PeerSnapshot<P>> waiting = new ArrayList<>();
    Set<P> stillInterested = new LinkedHashSet<>();
    for (PeerSnapshot<P> s : interested) {
      stillInterested.add(s.peer());
      Long start = turnStart.get(s.peer());
      if (start != null && now - start < SEED_TURN_NANOS) {
        keep.add(s);
      } else {
        if (start != null) {
          turnStart.remove(s.peer());
          turnEnd.put(s.peer(), now);
        }
        waiting.add(s);
      }
    }
    turnStart.keySet().retainAll(stillInterested);
    Comparator<PeerSnapshot<P>> fastest =
        Comparator.comparingDouble(PeerSnapshot<P>::rateToPeer).reversed();
    keep.sort(fastest);
    waiting.sort(Comparator.<PeerSnapshot<P>>comparingLong(s -> turnEnd.getOrDefault(s.peer(), Long.MIN_VALUE))
        .thenComparing(fastest));
    for (PeerSnapshot<P> s : keep) {
      if (unchoked.size() < uploadSlots) {
        unchoked.add(s.peer());
      } else {
        turnStart.remove(s.peer());
        turnEnd.put(s.peer(), now);
      }
    }
    for (PeerSnapshot<P> s : waiting) {
      if (unchoked.size() >= uploadSlots) {
        break;
      }
      unchoked.add(s.peer());
      turnStart.put(s.peer(), now);
    }
  }

  private void optimisticSlot(List<PeerSnapshot<P>> interested, Set<P> unchoked, long now) {
    boolean current = false;
    for (PeerSnapshot<P> s : interested) {
      if (s.peer().equals(optimistic)) {
        current = true;
      }
    }
    boolean due = optimistic == null || !current || now - optimisticSince >= OPTIMISTIC_INTERVAL_NANOS
        || unchoked.contains(optimistic);
    if (!due) {
      unchoked.add(optimistic);
      return;
    }
    List<PeerSnapshot<P>> candidates = new ArrayList<>();
    int total = 0;
    for (PeerSnapshot<P> s : interested) {
      if (!unchoked.contains(s.peer()) && !s.peer().equals(optimistic)) {
        candidates.add(s);
        total += weight(s, now);
      }
    }
    if (candidates.isEmpty() && optimistic != null && current && !unchoked.contains(optimistic)) {
      // Nobody else to rotate to: the current one keeps its slot.
      optimisticSince = now;
      unchoked.add(optimistic);
      return;
    }
    optimistic = null;
    if (candidates.isEmpty()) {
      return;
    }
    int r = random.nextInt(total);
    for (PeerSnapshot<P> s : candidates) {
      r -= weight(s, now);
      if (r < 0) {
        optimistic = s.peer();
        break;
      }
    }
    optimisticSince = now;
    unchoked.add(optimistic);
  }

  private static int weight(PeerSnapshot<?> s, long now) {
    return now - s.connectedAtNanos() < NEW_PEER_NANOS ? NEW_PEER_WEIGHT : 1;
  }
}
