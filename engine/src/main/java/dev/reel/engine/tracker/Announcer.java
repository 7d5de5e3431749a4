package dev.reel.engine.tracker;

import dev.reel.engine.metainfo.InfoHash;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one torrent announced to its trackers, following BEP 12: each tier is shuffled once; trackers of a tier are
 * tried in order and the first that answers moves to the front of its tier; when a whole tier fails the next tier is
 * tried. Only one tracker is announced to per round.
 *
 * <p>Events: a tracker gets {@code started} the first time we announce to it, {@code completed} once after {@link
 * #completed()} (announced right away; a tracker reached by failover gets {@code started} first and {@code completed}
 * on the following announce), and {@code stopped} on {@link #close()} if it was sent {@code started}. Private trackers
 * account per tracker, so no tracker sees an event out of order; other announces carry no event. Re-announces follow the response's interval (clamped to
 * {@link Timing#minInterval()}..{@link Timing#maxInterval()}); a failed round backs off exponentially with jitter.
 *
 * <p>Threading: announces run on one virtual thread started by {@link #start()}; {@code onPeers} is called on it,
 * {@code stats} on it and on the threads {@link #close()} starts to send {@code stopped}. All public methods are thread-safe and do not block, except {@link #close()} which waits at most
 * about twice {@link Timing#stopTimeout()}.
 */
public final class Announcer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Announcer.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Peers asked for in a regular announce (libtorrent's default). */
  public static final int DEFAULT_NUM_WANT = 200;

  /**
   * Scheduling bounds. Intervals from trackers are clamped to [minInterval, maxInterval]; {@code announceNow()} is
   * honoured no sooner than the tracker's min interval (itself at least minInterval) after the last announce; a
   * failed round waits retryBase * 2^(failures-1), at most retryMax, +/-20 % jitter. {@code udpMaxRetries} bounds the
   * BEP 15 retransmissions (15 s * 2^n, n = 0..udpMaxRetries) per UDP announce: BEP 15 allows 8, but then one dead
   * UDP tracker would hold back tier failover for over two hours, so the default is 2 (at most 105 s).
   */
  public record Timing(Duration minInterval, Duration maxInterval, Duration retryBase, Duration retryMax,
      Duration stopTimeout, int udpMaxRetries) {
    public static final Timing DEFAULT = new Timing(Duration.ofSeconds(1), Duration.ofHours(1),
        Duration.ofSeconds(15), Duration.ofMinutes(30), Duration.ofSeconds(2), 2);
  }

  /** Opens a client for a tracker URL; {@link Trackers#open} in production. */
  interface Opener {
    TrackerClient open(URI url) throws TrackerException;
  }

  private static final class Tracker {
    final String url;
    final int tier;
    TrackerClient client;
    boolean started;
    Instant lastAnnounce;
    String lastError;
    int peers;
    OptionalInt seeders = OptionalInt.empty();
    OptionalInt leechers = OptionalInt.empty();

    Tracker(String url, int tier) {
      this.url = url;
      this.tier = tier;
    }
  }

  private final InfoHash infoHash;
  private final byte[] peerId;
  private final int port;
  private final int key = RANDOM.nextInt();
  private final Supplier<TransferStats> stats;
  private final Consumer<List<InetSocketAddress>> onPeers;
  private final Timing timing;
  private final Opener opener;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<List<Tracker>> tiers = new ArrayList<>(); // guarded by lock
  private boolean wakeRequested; // guarded by lock
  private boolean completedPending; // guarded by lock
  private boolean eventWake; // guarded by lock: completed() asks for an announce right away
  private boolean completedSent; // guarded by lock
  private boolean closing; // guarded by lock
  private Thread thread; // guarded by lock

  public Announcer(InfoHash infoHash, List<List<String>> tiers, byte[] peerId, int port,
      Supplier<TransferStats> stats, Consumer<List<InetSocketAddress>> onPeers) {
    this(infoHash, tiers, peerId, port, stats, onPeers, Timing.DEFAULT);
  }

  public Announcer(InfoHash infoHash, List<List<String>> tiers, byte[] peerId, int port,
      Supplier<TransferStats> stats, Consumer<List<InetSocketAddress>> onPeers, Timing timing) {
    this(infoHash, tiers, peerId, port, stats, onPeers, timing, url -> Trackers.open(url,
        new UdpTrackerClient.Config(UdpTrackerClient.DEFAULT_BASE_TIMEOUT, timing.udpMaxRetries(), System::nanoTime)));
  }

  Announcer(InfoHash infoHash, List<List<String>> tiers, byte[] peerId, int port,
      Supplier<TransferStats> stats, Consumer<List<InetSocketAddress>> onPeers, Timing timing, Opener opener) {
    this.infoHash = Objects.requireNonNull(infoHash, "infoHash");
    if (peerId.length != AnnounceRequest.PEER_ID_LENGTH) {
      throw new IllegalArgumentException("a peer id has 20 bytes");
    }
    this.peerId = peerId.clone();
    this.port = port;
    this.stats = Objects.requireNonNull(stats, "stats");
    this.onPeers = Objects.requireNonNull(onPeers, "onPeers");
    this.timing = Objects.requireNonNull(timing, "timing");
    this.opener = Objects.requireNonNull(opener, "opener");
    for (List<String> tier : tiers) {
      List<Tracker> t = new ArrayList<>();
      for (String url : tier) {
        if (url != null && !url.isBlank() && !known(url.strip())
            && t.stream().noneMatch(x -> x.url.equals(url.strip()))) {
          t.add(new Tracker(url.strip(), this.tiers.size()));
        }
      }
      if (!t.isEmpty()) {
        Collections.shuffle(t, RANDOM);
        this.tiers.add(t);
      }
    }
  }

  /** Starts announcing on a virtual thread: {@code started} now, then on the interval. Call once. */
  public void start() {
    lock.lock();
    try {
      if (thread != null || closing) {
        throw new IllegalStateException(closing ? "announcer is closed" : "announcer already started");
      }
      thread = Thread.ofVirtual().name("announcer-" + infoHash.hex().substring(0, 8)).unstarted(this::run);
      thread.start();
    } finally {
      lock.unlock();
    }
  }

  /** The download finished: the next announce, made right away, carries {@code completed}. Only the first call counts. */
  public void completed() {
    lock.lock();
    try {
      if (!completedSent && !completedPending) {
        completedPending = true;
        eventWake = true;
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Adds a tracker in a new last tier, unless the URL is already known. Callers must not add trackers to a private
   * torrent (BEP 27: it uses only the trackers of its metainfo).
   */
  public void addTracker(String url) {
    String u = url.strip();
    lock.lock();
    try {
      if (!u.isEmpty() && !known(u)) {
        tiers.add(new ArrayList<>(List.of(new Tracker(u, tiers.size()))));
      }
    } finally {
      lock.unlock();
    }
  }

  /** Asks for an announce as soon as the tracker's min interval allows (or the failure back-off ends). */
  public void announceNow() {
    lock.lock();
    try {
      wakeRequested = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** One entry per tracker, in tier order and, within a tier, in the order they will be tried. */
  public List<TrackerStatus> status() {
    lock.lock();
    try {
      List<TrackerStatus> out = new ArrayList<>();
      for (List<Tracker> tier : tiers) {
        for (Tracker t : tier) {
          out.add(new TrackerStatus(t.url, t.tier, Optional.ofNullable(t.lastAnnounce), Optional.ofNullable(t.lastError),
              t.peers, t.seeders, t.leechers));
        }
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops the announce thread, then sends {@code stopped} to every tracker that was sent {@code started}, waiting at
   * most {@link Timing#stopTimeout()} for them; then releases the clients. Idempotent.
   */
  @Override
  public void close() {
    Thread loop;
    List<Tracker> toStop = new ArrayList<>();
    lock.lock();
    try {
      if (closing) {
        return;
      }
      closing = true;
      changed.signalAll();
      loop = thread;
    } finally {
      lock.unlock();
    }
    if (loop != null && loop != Thread.currentThread()) { // close() from onPeers must not wait for itself
      loop.interrupt();
      joinQuietly(loop, timing.stopTimeout().toNanos());
    }
    lock.lock();
    try {
      tiers.forEach(tier -> tier.stream().filter(t -> t.started && t.client != null).forEach(toStop::add));
    } finally {
      lock.unlock();
    }
    List<Thread> senders = new ArrayList<>();
    for (Tracker t : toStop) {
      senders.add(Thread.ofVirtual().name("announcer-stop").start(() -> sendStopped(t)));
    }
    long deadline = System.nanoTime() + timing.stopTimeout().toNanos();
    for (Thread s : senders) {
      joinQuietly(s, deadline - System.nanoTime());
      s.interrupt();
    }
    lock.lock();
    try {
      tiers.forEach(tier -> tier.stream().filter(t -> t.client != null).forEach(t -> t.client.close()));
    } finally {
      lock.unlock();
    }
  }

  private void sendStopped(Tracker t) {
    try {
      t.client.announce(request(AnnounceEvent.STOPPED));
      log.debug("{}: stopped sent to {}", infoHash, t.url);
    } catch (TrackerException e) {
      log.debug("{}: stopped to {} failed: {}", infoHash, t.url, e.getMessage());
    } catch (InterruptedException e) {
      log.debug("{}: stopped to {} abandoned after the time limit", infoHash, t.url);
    }
  }

  private static void joinQuietly(Thread t, long nanos) {
    try {
      if (nanos > 0) {
        t.join(Duration.ofNanos(nanos));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean known(String url) {
    return tiers.stream().flatMap(List::stream).anyMatch(t -> t.url.equals(url));
  }

  // ---- the announce loop ----

  private void run() {
    long nextAt = System.nanoTime();
    long earliestAt = nextAt;
    int failures = 0;
    try {
      while (true) {
        lock.lock();
        try {
          while (true) {
            if (closing) {
              return;
            }
            long now = System.nanoTime();
            if (now - nextAt >= 0 || eventWake || (wakeRequested && now - earliestAt >= 0)) {
              break;
            }
            long until = wakeRequested && earliestAt - nextAt < 0 ? earliestAt : nextAt;
            changed.awaitNanos(until - now);
          }
          wakeRequested = false;
          eventWake = false;
        } finally {
          lock.unlock();
        }
        AnnounceResponse r = announceRound();
        long now = System.nanoTime();
        if (r != null) {
          failures = 0;
          Duration interval = clamp(r.interval());
          Duration min = clamp(r.minInterval().orElse(timing.minInterval()));
          nextAt = now + Math.max(interval.toNanos(), min.toNanos());
          earliestAt = now + min.toNanos();
        } else {
          failures++;
          nextAt = now + backoff(failures).toNanos();
          earliestAt = nextAt;
        }
      }
    } catch (InterruptedException e) {
      log.debug("{}: announcer stopped", infoHash);
    }
  }

  private Duration clamp(Duration d) {
    if (d.compareTo(timing.minInterval()) < 0) {
      return timing.minInterval();
    }
    return d.compareTo(timing.maxInterval()) > 0 ? timing.maxInterval() : d;
  }

  private Duration backoff(int failures) {
    return backoff(failures, timing, RANDOM.nextDouble());
  }

  /** retryBase * 2^(failures-1), capped at retryMax, times a jitter of 0.8..1.2 from {@code u} in [0, 1). */
  static Duration backoff(int failures, Timing timing, double u) {
    long base = timing.retryBase().toNanos();
    long max = timing.retryMax().toNanos();
    long d = base;
    for (int i = 1; i < failures && d < max; i++) {
      d = d > max / 2 ? max : d * 2;
    }
    d = Math.min(d, max);
    return Duration.ofNanos(Math.min(max, (long) (d * (0.8 + 0.4 * u))));
  }

  /** One BEP 12 round. Returns the successful response, or null when every tracker failed. */
  private AnnounceResponse announceRound() throws InterruptedException {
    List<List<Tracker>> snapshot = new ArrayList<>();
    lock.lock();
    try {
      tiers.forEach(t -> snapshot.add(List.copyOf(t)));
    } finally {
      lock.unlock();
    }
    for (List<Tracker> tier : snapshot) {
      for (Tracker t : tier) {
        AnnounceEvent event;
        TrackerClient client;
        lock.lock();
        try {
          if (closing) {
            throw new InterruptedException("closing");
          }
          event = !t.started ? AnnounceEvent.STARTED
              : completedPending ? AnnounceEvent.COMPLETED : AnnounceEvent.NONE;
          try {
            client = clientFor(t);
          } catch (TrackerException e) {
            t.lastError = e.getMessage();
            continue;
          }
        } finally {
          lock.unlock();
        }
        AnnounceResponse r;
        try {
          r = client.announce(request(event));
        } catch (TrackerException e) {
          log.debug("{}: announce to {} failed: {}", infoHash, t.url, e.getMessage());
          lock.lock();
          try {
            t.lastError = e.getMessage();
          } finally {
            lock.unlock();
          }
          continue;
        }
        List<InetSocketAddress> peers = usable(r.peers());
        lock.lock();
        try {
          t.lastError = null;
          t.lastAnnounce = Instant.now();
          t.peers = peers.size();
          t.seeders = r.seeders();
          t.leechers = r.leechers();
          if (event == AnnounceEvent.STARTED) {
            t.started = true;
          } else if (event == AnnounceEvent.COMPLETED) {
            completedPending = false;
            completedSent = true;
          }
          List<Tracker> live = tiers.get(t.tier);
          if (live.remove(t)) {
            live.add(0, t);
          }
        } finally {
          lock.unlock();
        }
        r.warning().ifPresent(w -> log.info("{}: tracker {} warns: {}", infoHash, t.url, w));
        if (!peers.isEmpty()) {
          try {
            onPeers.accept(peers);
          } catch (RuntimeException e) {
            log.warn("{}: peer consumer failed", infoHash, e);
          }
        }
        return r;
      }
    }
    return null;
  }

  private TrackerClient clientFor(Tracker t) throws TrackerException {
    if (t.client == null) {
      try {
        t.client = opener.open(URI.create(t.url));
      } catch (IllegalArgumentException e) {
        throw new TrackerException("invalid tracker URL " + t.url + ": " + e.getMessage(), e);
      }
    }
    return t.client;
  }

  private AnnounceRequest request(AnnounceEvent event) {
    TransferStats s = stats.get();
    int numWant = event == AnnounceEvent.STOPPED ? 0 : DEFAULT_NUM_WANT;
    return new AnnounceRequest(infoHash, peerId, port, Math.max(0, s.uploaded()), Math.max(0, s.downloaded()),
        Math.max(0, s.left()), event, numWant, key);
  }

  /** Drops port-0 entries and duplicates, keeping the tracker's order. */
  static List<InetSocketAddress> usable(List<InetSocketAddress> peers) {
    LinkedHashSet<InetSocketAddress> out = new LinkedHashSet<>();
    for (InetSocketAddress p : peers) {
      if (p.getPort() != 0) {
        out.add(p);
      }
    }
    return List.copyOf(out);
  }

}
