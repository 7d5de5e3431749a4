package dev.reel.engine.dht;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Learns our external address from the {@code ip} field of responses (BEP 42 "Bootstrapping") by majority vote:
 * each responding IP has one vote (its latest report); an address wins once it has at least {@link #MIN_VOTES} votes
 * and more than half of all votes. Bounded to {@link #MAX_VOTERS} voters (oldest dropped). Not thread-safe.
 */
public final class ExternalAddressVoter {
  public static final int MIN_VOTES = 3;
  public static final int MAX_VOTERS = 64;

  private final Map<InetAddress, InetAddress> votes = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<InetAddress, InetAddress> eldest) {
      return size() > MAX_VOTERS;
    }
  };

  /** Records that {@code voter} sees us as {@code reported}; returns the current winner, if any. */
  public Optional<InetAddress> vote(InetAddress voter, InetAddress reported) {
    votes.remove(voter);
    votes.put(voter, reported);
    return winner();
  }

  public Optional<InetAddress> winner() {
    Map<InetAddress, Integer> tally = new HashMap<>();
    for (InetAddress a : votes.values()) {
      tally.merge(a, 1, Integer::sum);
    }
    return tally.entrySet().stream()
        .filter(e -> e.getValue() >= MIN_VOTES && e.getValue() * 2 > votes.size())
        .map(Map.Entry::getKey)
        .findFirst();
  }
}
