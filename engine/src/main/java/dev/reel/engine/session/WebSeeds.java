package dev.reel.engine.session;

import dev.reel.engine.EngineEvent;
import dev.reel.engine.WebSeedInfo;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.storage.PieceHasher;
import dev.reel.engine.webseed.PieceClaims;
import dev.reel.engine.webseed.WebSeedClient;
import dev.reel.engine.webseed.WebSeedConfig;
import dev.reel.engine.webseed.WebSeedException;
import dev.reel.engine.webseed.WebSeedScheduler;
import dev.reel.engine.webseed.WebSeedScheduler.Assignment;
import dev.reel.engine.webseed.WebSeedState;
import dev.reel.engine.webseed.WebSeedUrls;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web seeds of one torrent (BEP 19), working alongside its peers: a {@link WebSeedScheduler} hands runs of
 * pieces to idle seeds, claiming them in the {@link dev.reel.engine.picker.PiecePicker} so that no peer is asked for
 * them meanwhile; each run is fetched on its own virtual thread ({@code reel-webseed-*}) through {@link
 * WebSeedClient} (padding files are zeros made locally, never requested), each piece is hash-checked in memory, and
 * only good pieces are written and handed to the same verdict path as peers' pieces ({@link PieceWork}). A piece that
 * fails its hash drops the seed for good ({@link WebSeedState#hashFailed}) and goes back to the picker; a failed
 * request backs the seed off. The stream's deadline pieces are passed as urgent, so a seed at least as fast as the
 * fastest peer fetches them.
 *
 * <p>Scheduling runs on the ticker (every second) and whenever a run ends, under the torrent lock (it only claims
 * pieces); HTTP and disk I/O run on the fetch threads without it. Bytes received count as the torrent's downloaded
 * payload, not any peer's, and are charged to the download rate limits after each run. Thread-safe.
 */
final class WebSeeds {
  private static final Logger log = LoggerFactory.getLogger(WebSeeds.class);

  private final TorrentSession t;
  private final Payload payload;
  private final WebSeedScheduler scheduler;
  private final List<WebSeedState> states;
  private final Map<WebSeedState, WebSeedClient> clients = new IdentityHashMap<>();
  private final PieceClaims claims = new PickerClaims();
  /** Fetch threads blocked on HTTP or the rate limit, which {@link #stop} may interrupt. Guarded by itself. */
  private final Set<Thread> interruptible = new HashSet<>();
  private volatile boolean running;
  /** Runs received and not yet hashed and written; bounds the memory of runs waiting for the disk. */
  private final java.util.concurrent.atomic.AtomicInteger unwritten = new java.util.concurrent.atomic.AtomicInteger();
  /** A seed's next run starts before the last one is written only while fewer than this many wait. */
  static final int MAX_UNWRITTEN_RUNS = 2;

  private WebSeeds(TorrentSession t, Payload payload, List<WebSeedClient> seeds) {
    this.t = t;
    this.payload = payload;
    Metainfo m = payload.meta;
    this.scheduler = new WebSeedScheduler(m.pieceCount(), m.pieceLength());
    List<WebSeedState> list = new ArrayList<>();
    SecureRandom seeder = new SecureRandom();
    for (WebSeedClient c : seeds) {
      WebSeedState s = new WebSeedState(c.baseUrl(), new SplittableRandom(seeder.nextLong()));
      clients.put(s, c);
      list.add(s);
    }
    this.states = List.copyOf(list);
  }

  /**
   * The usable web seeds among {@code urls} (duplicates, unsupported schemes and URLs that cannot name this torrent's
   * files are skipped with a log line), sharing the engine's HTTP client.
   */
  static WebSeeds of(TorrentSession t, Payload payload, List<String> urls) {
    List<WebSeedClient> seeds = new ArrayList<>();
    HttpClient http = null;
    for (String url : new LinkedHashSet<>(urls)) {
      if (!WebSeedUrls.isSupported(url)) {
        log.info("ignoring web seed {}: not an http(s) URL", url);
        continue;
      }
      try {
        if (http == null) {
          http = t.engine.webSeedHttp();
        }
        seeds.add(new WebSeedClient(payload.meta, url, http, WebSeedConfig.DEFAULTS));
      } catch (IllegalArgumentException e) {
        log.info("ignoring web seed {}: {}", url, e.getMessage());
      }
    }
    return new WebSeeds(t, payload, seeds);
  }

  boolean isEmpty() {
    return states.isEmpty();
  }

  /** Lets runs start (the torrent is active). */
  void start() {
    running = !states.isEmpty();
  }

  /**
   * No new run starts; fetches blocked on the network are interrupted (their requests aborted, their pieces
   * released). A run already received is not written.
   */
  void stop() {
    synchronized (interruptible) {
      running = false;
      for (Thread f : interruptible) {
        f.interrupt();
      }
    }
    for (WebSeedClient c : clients.values()) {
      c.closeIdleConnections();
    }
  }

  /** Gives idle seeds a run each, if any piece is left for them. Ticker or fetch thread, no lock held. */
  void schedule(long now) {
    if (!running) {
      return;
    }
    List<Assignment> runs;
    t.lock.lock();
    try {
      if (!running || payload.picker.isComplete()) {
        return;
      }
      runs = scheduler.assign(states, claims, payload.picker.deadlinePieces(), fastestPeer(now), now);
    } finally {
      t.lock.unlock();
    }
    for (Assignment a : runs) {
      Thread.ofVirtual().name("reel-webseed-" + a.firstPiece()).start(() -> run(a));
    }
  }

  /** The best download rate among connected peers. Lock held. */
  private double fastestPeer(long now) {
    double best = 0;
    for (PeerConnection c : t.swarm.connections) {
      best = Math.max(best, c.downRate.rate(now));
    }
    return best;
  }

  private void run(Assignment a) {
    fetch(a);
    schedule(System.nanoTime());
  }

  private void fetch(Assignment a) {
    WebSeedState seed = a.seed();
    Metainfo m = payload.meta;
    int length = 0;
    for (int p = a.firstPiece(); p < a.endPiece(); p++) {
      length += m.pieceSize(p);
    }
    ByteBuffer data = ByteBuffer.allocate(length);
    if (!enterNetwork()) {
      seed.failed("stopped", Optional.empty(), System.nanoTime());
      releaseFrom(a, a.firstPiece());
      return;
    }
    boolean paid;
    try {
      WebSeedClient.Fetched f = clients.get(seed).fetch(a.firstPiece(), 0, data);
      long now = System.nanoTime();
      seed.succeeded(f.networkBytes(), f.nanos(), now);
      int bytes = (int) Math.min(Integer.MAX_VALUE, f.networkBytes());
      t.downloadedPayload(bytes, now);
      paid = payForRun(bytes);
    } catch (WebSeedException e) {
      log.debug("web seed {} failed on pieces {}..{}: {}", seed.url(), a.firstPiece(), a.endPiece() - 1,
          e.getMessage());
      seed.failed(e, System.nanoTime());
      releaseFrom(a, a.firstPiece());
      return;
    } catch (InterruptedException e) {
      seed.failed("stopped", Optional.empty(), System.nanoTime());
      releaseFrom(a, a.firstPiece());
      return;
    } finally {
      leaveNetwork();
    }
    if (!running) {
      releaseFrom(a, a.firstPiece()); // stopped meanwhile: nothing more is written
      return;
    }
    try {
      if (paid && unwritten.incrementAndGet() <= MAX_UNWRITTEN_RUNS) {
        schedule(System.nanoTime()); // the seed's next run overlaps this one's hashing and writing
      }
      verifyAndWrite(a, data);
    } finally {
      if (paid) {
        unwritten.decrementAndGet();
      }
    }
  }

  /** Hashes each piece of a received run, writes the good ones and hands them to the verdict path. */
  private void verifyAndWrite(Assignment a, ByteBuffer data) {
    WebSeedState seed = a.seed();
    Metainfo m = payload.meta;
    int at = 0;
    for (int p = a.firstPiece(); p < a.endPiece(); p++) {
      int size = m.pieceSize(p);
      ByteBuffer piece = data.slice(at, size);
      at += size;
      if (!MessageDigest.isEqual(PieceHasher.sha1(piece.duplicate()), m.pieceHash(p))) {
        seed.hashFailed(p);
        claims.release(p);
        t.engine.emit(new EngineEvent.PieceFailed(t.infoHash, p, List.of()));
        continue;
      }
      try {
        payload.storage.write(p, 0, piece.duplicate());
      } catch (IOException e) {
        releaseFrom(a, p);
        t.storageFailed(e);
        return;
      }
      t.work.verifiedWhole(p, piece);
    }
  }

  /**
   * Marks the calling fetch thread interruptible by {@link #stop} (it is about to block on the network or the rate
   * limit); false if the web seeds are stopped.
   */
  private boolean enterNetwork() {
    synchronized (interruptible) {
      if (!running) {
        return false;
      }
      interruptible.add(Thread.currentThread());
      return true;
    }
  }

  /**
   * Ends the interruptible part and clears a pending interrupt: from here on the thread hashes and writes, and an
   * interrupt would close the storage's shared {@code FileChannel} under everyone (ClosedByInterruptException).
   */
  private void leaveNetwork() {
    synchronized (interruptible) {
      interruptible.remove(Thread.currentThread());
      Thread.interrupted();
    }
  }

  /**
   * Charges a received run to the torrent's and the engine's download limits (blocking until they allow it), so the
   * next run waits: web seeds honour the limits on average. False if interrupted (the torrent stopped).
   */
  private boolean payForRun(int bytes) {
    try {
      t.downloadLimiter().acquire(bytes);
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  private void releaseFrom(Assignment a, int from) {
    for (int p = from; p < a.endPiece(); p++) {
      claims.release(p);
    }
  }

  List<WebSeedInfo> infos(long now) {
    List<WebSeedInfo> out = new ArrayList<>(states.size());
    for (WebSeedState s : states) {
      WebSeedState.Snapshot snap = s.snapshot(now);
      out.add(new WebSeedInfo(snap.url(), snap.status().name().toLowerCase(Locale.ROOT), snap.rate(),
          snap.downloaded(), snap.piecesLacking(), snap.lastError()));
    }
    return out;
  }

  /** The scheduler's claims, kept in the picker so that peers leave claimed pieces alone. */
  private final class PickerClaims implements PieceClaims {
    @Override
    public int pieceCount() {
      return payload.pieceCount();
    }

    /** Called by the scheduler under the torrent lock. */
    @Override
    public boolean tryClaim(int piece) {
      return payload.picker.tryClaim(piece);
    }

    /** Called from fetch threads without the lock. */
    @Override
    public void release(int piece) {
      t.lock.lock();
      try {
        payload.picker.releaseClaim(piece);
      } finally {
        t.lock.unlock();
      }
    }
  }
}
