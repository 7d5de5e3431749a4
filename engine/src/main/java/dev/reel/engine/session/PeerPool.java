package dev.reel.engine.session;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Addresses a torrent may dial: where each came from, failures with exponential backoff, and the ban list (keyed by
 * IP, or IP:port for loopback/private addresses since local test peers share one IP). Thread-safe (synchronized).
 */
final class PeerPool {
  enum Source {
    /** {@code HANDSHAKE}: a connected peer's own IPv6 address from its BEP 10 extension handshake. */
    TRACKER, PEX, DHT, INCOMING, MANUAL, MAGNET, HANDSHAKE;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Most addresses remembered per torrent. */
  static final int MAX_ENTRIES = 2000;
  /** After this many failed dials in a row a non-manual address is forgotten. */
  static final int MAX_FAILURES = 5;
  static final long BASE_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(15);
  static final long MAX_BACKOFF_NANOS = TimeUnit.MINUTES.toNanos(30);
  /** Wait before re-dialing a peer that disconnected. */
  static final long RECONNECT_NANOS = TimeUnit.SECONDS.toNanos(20);
  /** Wait before re-dialing a seed we dropped because we are seeding too. */
  static final long SEED_RECONNECT_NANOS = TimeUnit.MINUTES.toNanos(30);
  /** Strikes (failed pieces sent alone) before a ban. */
  static final int MAX_STRIKES = 3;

  static final class Entry {
    final InetSocketAddress address;
    final Source source;
    int failures;
    long nextAttemptNanos;
    boolean busy;
    /** An MSE dial failed and a plaintext one worked: dial this address in plaintext from now on. */
    boolean plaintextOnly;
    /**
     * TCP was refused (or closed before the BitTorrent handshake) and uTP worked: dial this address over uTP from
     * now on, without a TCP connect first. Cleared when such a uTP dial fails, so the next dial tries TCP again.
     */
    boolean utpOnly;

    Entry(InetSocketAddress address, Source source) {
      this.address = address;
      this.source = source;
    }
  }

  private final boolean allowLocal;
  private final Map<InetSocketAddress, Entry> entries = new LinkedHashMap<>();
  private final Set<String> banned = new HashSet<>();
  private final Map<String, Integer> strikes = new HashMap<>();
  private final Set<InetSocketAddress> self = new HashSet<>();

  PeerPool(boolean allowLocal) {
    this.allowLocal = allowLocal;
  }

  /** Loopback, private (RFC 1918, and IPv6 unique-local fc00::/7), link-local or wildcard. */
  static boolean isLocal(InetAddress a) {
    return a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
        || a instanceof java.net.Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc;
  }

  static String banKey(InetSocketAddress a) {
    InetAddress ip = a.getAddress();
    if (ip == null) {
      return a.getHostString() + ":" + a.getPort();
    }
    return isLocal(ip) ? ip.getHostAddress() + ":" + a.getPort() : ip.getHostAddress();
  }

  synchronized void add(InetSocketAddress a, Source source) {
    if (a == null || a.getPort() <= 0 || a.isUnresolved()) {
      return;
    }
    boolean fromSwarm = source == Source.TRACKER || source == Source.PEX || source == Source.DHT
        || source == Source.HANDSHAKE;
    if (fromSwarm && !allowLocal && isLocal(a.getAddress())) {
      return;
    }
    if (banned.contains(banKey(a)) || self.contains(a)) {
      return;
    }
    Entry e = entries.get(a);
    if (e != null) {
      if (source == Source.MANUAL) {
        e.failures = 0;
        e.nextAttemptNanos = 0;
      }
      return;
    }
    if (entries.size() >= MAX_ENTRIES) {
      return;
    }
    entries.put(a, new Entry(a, source));
  }

  void addAll(Collection<InetSocketAddress> peers, Source source) {
    for (InetSocketAddress a : peers) {
      add(a, source);
    }
  }

  /** True if this address is known to speak only plaintext (see {@link Entry#plaintextOnly}). */
  synchronized boolean isPlaintextOnly(InetSocketAddress a) {
    Entry e = entries.get(a);
    return e != null && e.plaintextOnly;
  }

  /** Remembers that this address answered plaintext after refusing MSE. */
  synchronized void markPlaintextOnly(InetSocketAddress a) {
    Entry e = entries.get(a);
    if (e != null) {
      e.plaintextOnly = true;
    }
  }

  /** True if this address is known to answer only over uTP (see {@link Entry#utpOnly}). */
  synchronized boolean isUtpOnly(InetSocketAddress a) {
    Entry e = entries.get(a);
    return e != null && e.utpOnly;
  }

  /** Remembers whether this address answers only over uTP: set after a TCP dial failed and uTP worked. */
  synchronized void setUtpOnly(InetSocketAddress a, boolean utpOnly) {
    Entry e = entries.get(a);
    if (e != null) {
      e.utpOnly = utpOnly;
    }
  }

  /** An incoming peer told us its listen port: remember it as connected so we do not dial it back. */
  synchronized void learnedListenPort(InetSocketAddress a) {
    if (banned.contains(banKey(a))) {
      return;
    }
    Entry e = entries.computeIfAbsent(a, x -> new Entry(x, Source.INCOMING));
    e.busy = true;
  }

  /** Up to {@code max} addresses due for a dial; they are marked busy until {@link #released}. */
  synchronized List<Entry> dialCandidates(int max, long now, Set<InetSocketAddress> connected) {
    List<Entry> out = new ArrayList<>();
    if (max <= 0) {
      return out;
    }
    for (Entry e : entries.values()) {
      if (out.size() >= max) {
        break;
      }
      if (!e.busy && now - e.nextAttemptNanos >= 0 && !connected.contains(e.address)) {
        e.busy = true;
        out.add(e);
      }
    }
    return out;
  }

  /** A dial failed. */
  synchronized void dialFailed(InetSocketAddress a, long now) {
    Entry e = entries.get(a);
    if (e == null) {
      return;
    }
    e.busy = false;
    e.failures++;
    if (e.failures >= MAX_FAILURES && e.source != Source.MANUAL) {
      entries.remove(a);
      return;
    }
    long backoff = Math.min(MAX_BACKOFF_NANOS, BASE_BACKOFF_NANOS << Math.min(10, e.failures - 1));
    e.nextAttemptNanos = now + backoff;
  }

  /** A connection to (or from) this listen address ended; it may be dialed again after {@code delayNanos}. */
  synchronized void released(InetSocketAddress a, long now, long delayNanos) {
    Entry e = entries.get(a);
    if (e == null) {
      return;
    }
    e.busy = false;
    e.failures = 0;
    e.nextAttemptNanos = now + delayNanos;
  }

  /** Makes every address due now (the torrent was resumed): backoffs from before the pause do not apply. */
  synchronized void resetBackoff() {
    for (Entry e : entries.values()) {
      e.nextAttemptNanos = 0;
      e.failures = 0;
    }
  }

  /** The address is ourselves: never dial it again. */
  synchronized void markSelf(InetSocketAddress a) {
    self.add(a);
    entries.remove(a);
  }

  synchronized void ban(InetSocketAddress a) {
    String key = banKey(a);
    banned.add(key);
    for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
      if (banKey(it.next().address).equals(key)) {
        it.remove();
      }
    }
  }

  synchronized boolean isBanned(InetSocketAddress a) {
    return banned.contains(banKey(a));
  }

  /** Adds a strike; returns true if the peer has reached {@link #MAX_STRIKES} (the caller bans it). */
  synchronized boolean strike(InetSocketAddress a) {
    return strikes.merge(banKey(a), 1, Integer::sum) >= MAX_STRIKES;
  }

  synchronized int size() {
    return entries.size();
  }

  synchronized List<InetSocketAddress> addresses() {
    return new ArrayList<>(entries.keySet());
  }
}
