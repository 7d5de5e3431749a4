package dev.reel.engine.dht;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The state of one iterative lookup (BEP 5, Kademlia): candidates ordered by XOR distance to the target, at most
 * {@link #ALPHA} queries in flight, done when the {@link RoutingTable#K} closest candidates that did not fail have
 * all answered, or when nothing is left to ask. Candidates may start without a known id (bootstrap addresses); they
 * sort last until they answer. Pure and not thread-safe (driven by {@link DhtNode} under its lock).
 */
final class Lookup {
  static final int ALPHA = 3;
  /** Candidates kept; farther ones are forgotten. */
  static final int MAX_CANDIDATES = 64;
  /** Queries sent in total, a bound against endless lookups in a hostile network. */
  static final int MAX_QUERIES = 256;

  enum State { NEW, IN_FLIGHT, ANSWERED, FAILED }

  static final class Candidate {
    NodeId id; // null until a bootstrap address answers
    final InetSocketAddress address;
    State state = State.NEW;
    byte[] token;
    boolean compliant = true;

    Candidate(NodeId id, InetSocketAddress address) {
      this.id = id;
      this.address = address;
    }
  }

  private final NodeId target;
  private final Comparator<Candidate> order;
  private final List<Candidate> candidates = new ArrayList<>();
  private final Set<InetSocketAddress> seen = new HashSet<>();
  private int sent;

  Lookup(NodeId target) {
    this.target = target;
    Comparator<NodeId> byDistance = NodeId.byDistanceTo(target);
    this.order = (a, b) -> {
      if (a.id == null || b.id == null) {
        return a.id == null ? (b.id == null ? 0 : 1) : -1;
      }
      return byDistance.compare(a.id, b.id);
    };
  }

  NodeId target() {
    return target;
  }

  /** Adds a candidate unless its address is already known; {@code id} may be null (bootstrap). */
  void offer(NodeId id, InetSocketAddress address) {
    if (!seen.add(address)) {
      return;
    }
    candidates.add(new Candidate(id, address));
    candidates.sort(order);
    // Forget the farthest unqueried candidates beyond the bound.
    for (int i = candidates.size() - 1; candidates.size() > MAX_CANDIDATES && i >= 0; i--) {
      if (candidates.get(i).state == State.NEW) {
        candidates.remove(i);
      }
    }
  }

  /** Candidates to query now (marked in flight), keeping at most {@link #ALPHA} outstanding. */
  List<Candidate> next() {
    List<Candidate> out = new ArrayList<>();
    int inFlight = (int) candidates.stream().filter(c -> c.state == State.IN_FLIGHT).count();
    int considered = 0;
    for (Candidate c : candidates) {
      if (inFlight >= ALPHA || sent >= MAX_QUERIES) {
        break;
      }
      if (c.state == State.FAILED) {
        continue;
      }
      if (++considered > RoutingTable.K && c.id != null) {
        break; // beyond the k closest live candidates: not needed
      }
      if (c.state == State.NEW) {
        c.state = State.IN_FLIGHT;
        inFlight++;
        sent++;
        out.add(c);
      }
    }
    return out;
  }

  List<Candidate> candidatesInFlightForTest() {
    return candidates.stream().filter(c -> c.state == State.IN_FLIGHT).toList();
  }

  boolean inFlight() {
    return candidates.stream().anyMatch(c -> c.state == State.IN_FLIGHT);
  }

  private Candidate find(InetSocketAddress address) {
    for (Candidate c : candidates) {
      if (c.address.equals(address)) {
        return c;
      }
    }
    return null;
  }

  /** A candidate answered; {@code token} is its write token (get_peers) or null. */
  void answered(InetSocketAddress address, NodeId id, byte[] token, boolean compliant) {
    Candidate c = find(address);
    if (c == null) {
      return;
    }
    c.state = State.ANSWERED;
    c.id = id;
    c.token = token;
    c.compliant = compliant;
    candidates.sort(order);
  }

  void failed(InetSocketAddress address) {
    Candidate c = find(address);
    if (c != null) {
      c.state = State.FAILED;
    }
  }

  /** True when the k closest live candidates have answered (stragglers farther out are not waited for). */
  boolean done() {
    int considered = 0;
    for (Candidate c : candidates) {
      if (c.state == State.FAILED) {
        continue;
      }
      if (c.state == State.IN_FLIGHT) {
        return false;
      }
      if (c.state == State.NEW && sent < MAX_QUERIES) {
        return false;
      }
      if (++considered >= RoutingTable.K) {
        break;
      }
    }
    return true;
  }

  /**
   * Up to {@code n} answered candidates holding a token, nearest first, BEP 42-compliant ones preferred: the
   * nearest compliant ones, then non-compliant ones to fill up (BEP 42 "Enforcement" allows announcing to both).
   */
  List<Candidate> storeTargets(int n) {
    List<Candidate> withToken = candidates.stream()
        .filter(c -> c.state == State.ANSWERED && c.token != null && c.id != null).toList();
    List<Candidate> out = new ArrayList<>();
    for (Candidate c : withToken) {
      if (c.compliant && out.size() < n) {
        out.add(c);
      }
    }
    for (Candidate c : withToken) {
      if (!c.compliant && out.size() < n) {
        out.add(c);
      }
    }
    return out;
  }
}
