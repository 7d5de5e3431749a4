package dev.reel.engine.dht;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Our outstanding queries, by transaction id (BEP 5 {@code t}). A reply matches only if its transaction id is pending
 * <em>and</em> it comes from the address the query went to; anything else is left alone, so a forged reply from
 * elsewhere cannot complete or cancel a transaction. Ids are random ({@link SecureRandom}) and unique among pending
 * ones. Bounded to {@code max} outstanding queries.
 *
 * <p>Pure and not thread-safe: the caller holds a lock and passes {@code nowNanos}.
 *
 * @param <R> what the caller keeps per query (its reply handler)
 */
final class Transactions<R> {
  static final int TXN_LENGTH = 4;

  record Pending<R>(byte[] txn, InetSocketAddress to, NodeId expectedId, long deadline, R reply) {}

  private final SecureRandom random;
  private final int max;
  private final Map<String, Pending<R>> pending = new HashMap<>();

  Transactions(SecureRandom random, int max) {
    this.random = random;
    this.max = max;
  }

  private static String key(byte[] txn) {
    return new String(txn, StandardCharsets.ISO_8859_1);
  }

  /**
   * Registers a query to {@code to} and returns its fresh transaction id, or null when {@code max} queries are
   * already outstanding.
   *
   * @param expectedId the id we believe the node has, or null (bootstrap)
   */
  byte[] register(InetSocketAddress to, NodeId expectedId, long deadlineNanos, R reply) {
    if (pending.size() >= max) {
      return null;
    }
    byte[] t = new byte[TXN_LENGTH];
    do {
      random.nextBytes(t);
    } while (pending.containsKey(key(t)));
    pending.put(key(t), new Pending<>(t.clone(), to, expectedId, deadlineNanos, reply));
    return t;
  }

  /** Removes and returns the pending query with this id if it went to {@code from}; else null, and nothing changes. */
  Pending<R> match(byte[] txn, InetSocketAddress from) {
    Pending<R> p = pending.get(key(txn));
    if (p == null || !p.to().equals(from)) {
      return null;
    }
    pending.remove(key(txn));
    return p;
  }

  /** Removes and returns the queries whose deadline has passed. */
  List<Pending<R>> expire(long nowNanos) {
    List<Pending<R>> out = new ArrayList<>();
    for (Iterator<Pending<R>> it = pending.values().iterator(); it.hasNext(); ) {
      Pending<R> p = it.next();
      if (nowNanos - p.deadline() >= 0) {
        it.remove();
        out.add(p);
      }
    }
    return out;
  }

  /** Removes and returns everything (shutdown). */
  List<Pending<R>> clear() {
    List<Pending<R>> out = new ArrayList<>(pending.values());
    pending.clear();
    return out;
  }

  /** Whether a query to {@code to} is outstanding. */
  boolean pendingTo(InetSocketAddress to) {
    return pending.values().stream().anyMatch(p -> p.to().equals(to));
  }

  int size() {
    return pending.size();
  }
}
