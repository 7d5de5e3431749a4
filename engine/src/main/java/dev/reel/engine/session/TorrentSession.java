package dev.reel.engine.session;

import dev.reel.engine.AddOptions;
import dev.reel.engine.EngineEvent;
import dev.reel.engine.FilePriority;
import dev.reel.engine.FileStatus;
import dev.reel.engine.PeerInfo;
import dev.reel.engine.Torrent;
import dev.reel.engine.TorrentSource;
import dev.reel.engine.TorrentState;
import dev.reel.engine.TorrentStatus;
import dev.reel.engine.WebSeedInfo;
import dev.reel.engine.media.ProbeResult;
import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.metainfo.Magnet;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.rate.RateEstimator;
import dev.reel.engine.rate.RateLimiter;
import dev.reel.engine.storage.Storage;
import dev.reel.engine.stream.TorrentReader;
import dev.reel.engine.tracker.TransferStats;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One torrent in the engine: the {@link Torrent} handle and the owner of its swarm state. Thread-safe. All picker,
 * choker and per-peer protocol state is guarded by {@link #lock}; no socket or disk I/O happens while holding it.
 * Lifecycle changes (start, pause, resume, remove, shutdown) are serialized by {@link #lifecycle}.
 */
final class TorrentSession implements Torrent {
  private static final Logger log = LoggerFactory.getLogger(TorrentSession.class);

  final SessionEngine engine;
  final InfoHash infoHash;
  final ReentrantLock lock = new ReentrantLock();
  final PeerProtocol protocol;
  final Swarm swarm;
  final PieceWork work;
  final MetadataFetcher metadataFetcher;
  final ResumeKeeper resumeKeeper;
  final StreamReaders streams;
  final Path downloadDir;
  final AddOptions options;
  private final Object lifecycle = new Object();
  private final RateLimiter downLimiter;
  private final RateLimiter upLimiter;
  final RateEstimator downRate = new RateEstimator();
  final RateEstimator upRate = new RateEstimator();
  private final AtomicLong totalDown = new AtomicLong();
  private final AtomicLong totalUp = new AtomicLong();
  private final CompletableFuture<Metainfo> metadataFuture = new CompletableFuture<>();
  private final CompletableFuture<Void> completionFuture = new CompletableFuture<>();
  final TrackerLink trackers;
  final DhtLink dht;
  /** A magnet's {@code ws} web seeds (BEP 19), kept for the metainfo built from fetched metadata. */
  final List<String> magnetWebSeeds;
  /** Web seeds of the payload; null until the payload exists. */
  private volatile WebSeeds webSeeds;
  private volatile TorrentState state;
  private volatile String error;
  private volatile Payload payload;
  private volatile String displayName;
  private volatile boolean active;

  TorrentSession(SessionEngine engine, TorrentSource source, AddOptions options) {
    this.engine = engine;
    this.infoHash = source.infoHash();
    this.options = options;
    this.earlyPriorities.putAll(options.filePriorities());
    this.downloadDir = options.downloadDir() != null ? options.downloadDir() : engine.config().downloadDir();
    this.downLimiter = new RateLimiter(options.downloadLimit(), engine.downloadLimiter());
    this.upLimiter = new RateLimiter(options.uploadLimit(), engine.uploadLimiter());
    this.protocol = new PeerProtocol(this);
    this.swarm = new Swarm(this);
    this.work = new PieceWork(this);
    this.metadataFetcher = new MetadataFetcher(this);
    this.resumeKeeper = new ResumeKeeper(this);
    this.streams = new StreamReaders(this);
    List<String> trackers = new ArrayList<>(options.extraTrackers());
    List<String> ws = new ArrayList<>();
    Metainfo known = null;
    switch (source) {
      case TorrentSource.OfMetainfo m -> known = m.metainfo();
      case TorrentSource.OfMagnet m -> {
        trackers.addAll(m.magnet().trackers());
        ws.addAll(m.magnet().webSeeds());
        m.magnet().displayName().ifPresent(n -> displayName = n);
        for (String pe : m.magnet().peers()) {
          Magnet.peerAddress(pe).ifPresent(a -> swarm.pool.add(a, PeerPool.Source.MAGNET));
        }
      }
      case TorrentSource.OfInfoHash h -> {}
    }
    if (known == null) {
      known = cachedMetainfo(trackers);
    }
    this.trackers = new TrackerLink(this, trackers, this::transferStats);
    this.dht = new DhtLink(this);
    this.magnetWebSeeds = List.copyOf(ws);
    for (InetSocketAddress a : options.peers()) {
      swarm.pool.add(a, PeerPool.Source.MANUAL);
    }
    if (known != null) {
      displayName = known.name();
      metadataFuture.complete(known);
      metainfoKnown = known;
    }
    this.state = known == null ? TorrentState.FETCHING_METADATA : TorrentState.CHECKING;
  }

  private volatile Metainfo metainfoKnown;
  /** File priorities given before the payload exists (add options, or set while paused). */
  private final Map<Integer, FilePriority> earlyPriorities = new ConcurrentHashMap<>();

  private Metainfo cachedMetainfo(List<String> trackers) {
    Path cached = torrentFile();
    if (!Files.isRegularFile(cached)) {
      return null;
    }
    try {
      Metainfo m = Metainfo.parse(Files.readAllBytes(cached));
      return m.infoHash().equals(infoHash) ? m : null;
    } catch (Exception e) {
      log.debug("ignoring cached metainfo {}: {}", cached, e.toString());
      return null;
    }
  }

  Path torrentFile() {
    return engine.config().stateDir().resolve(infoHash.hex() + ".torrent");
  }

  Path resumeFile() {
    return engine.config().stateDir().resolve(infoHash.hex() + ".resume");
  }

  String displayName() {
    String n = displayName;
    return n != null ? n : infoHash.hex();
  }

  // ---- lifecycle ----

  void start() {
    if (options.paused()) {
      setState(TorrentState.PAUSED);
      return;
    }
    Thread.ofVirtual().name("reel-start-" + infoHash.hex().substring(0, 8)).start(this::activate);
  }

  /** Opens storage (checking existing data if needed), starts announcing and connecting. Runs on its own thread. */
  private void activate() {
    synchronized (lifecycle) {
      if (state == TorrentState.REMOVED || active) {
        return;
      }
      active = true;
      Metainfo m = metainfoKnown;
      if (m != null && !openPayload(m, options.seedMode())) {
        active = false;
        return;
      }
      if (payload == null) {
        setState(TorrentState.FETCHING_METADATA);
      }
      trackers.start();
      dht.reset();
    }
    swarm.pool.resetBackoff();
    swarm.tick(System.nanoTime());
    startDhtLookup();
  }

  /**
   * Starts a DHT lookup now if one is due, instead of at the next tick (up to a second later): called when the
   * torrent becomes active and when the engine's DHT bootstrap ends. Non-blocking; any thread.
   */
  void startDhtLookup() {
    TorrentState s = state;
    if (active && s != TorrentState.PAUSED && s != TorrentState.REMOVED && s != TorrentState.ERROR
        && s != TorrentState.CHECKING) {
      dht.tick(System.nanoTime());
    }
  }

  /** Creates the payload and decides which pieces we already have. Returns false on a fatal error. */
  private boolean openPayload(Metainfo m, boolean forceRecheck) {
    Payload p = payload;
    if (p == null) {
      try {
        p = new Payload(m, downloadDir, earlyPriorities);
      } catch (RuntimeException e) {
        fail("cannot lay out files: " + e.getMessage());
        return false;
      }
      setState(TorrentState.CHECKING);
      try {
        resumeKeeper.restore(p, forceRecheck);
      } catch (IOException e) {
        fail("cannot check existing data: " + e.getMessage());
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      lock.lock();
      try {
        payload = p;
        protocol.payloadReady(p);
        streams.refresh(System.nanoTime());
      } finally {
        lock.unlock();
      }
      webSeeds = WebSeeds.of(this, p, webSeedUrls(m));
      streams.payloadReady();
    }
    webSeeds.start();
    webSeeds.schedule(System.nanoTime());
    boolean complete;
    lock.lock();
    try {
      complete = p.picker.isComplete();
    } finally {
      lock.unlock();
    }
    if (complete) {
      finishCompletion(false);
    } else {
      setState(TorrentState.DOWNLOADING);
    }
    return true;
  }

  /** The metainfo's url-list, then a magnet's ws entries (BEP 19). */
  private List<String> webSeedUrls(Metainfo m) {
    List<String> urls = new ArrayList<>(m.urlList());
    for (String u : magnetWebSeeds) {
      if (!urls.contains(u)) {
        urls.add(u);
      }
    }
    return urls;
  }

  /** Called by the metadata fetcher with verified info bytes. */
  void metadataReceived(Metainfo m) {
    synchronized (lifecycle) {
      if (metainfoKnown != null || state == TorrentState.REMOVED) {
        return;
      }
      metainfoKnown = m;
      displayName = m.name();
      try {
        Files.write(torrentFile(), m.toTorrentBytes());
      } catch (IOException e) {
        log.warn("cannot cache metainfo of {}: {}", infoHash, e.toString());
      }
      engine.emit(new EngineEvent.MetadataReceived(infoHash, m.name()));
      metadataFuture.complete(m);
      if (active) {
        openPayload(m, false);
      }
    }
  }

  private TransferStats transferStats() {
    Payload p = payload;
    long left;
    if (p == null) {
      left = 1;
    } else {
      lock.lock();
      try {
        left = p.left();
      } finally {
        lock.unlock();
      }
    }
    return new TransferStats(totalUp.get(), totalDown.get(), left);
  }

  /** Stops connections and announcing; keeps storage open. */
  private void deactivate() {
    active = false;
    stopWebSeeds();
    swarm.closeAll("torrent stopped");
    trackers.stop();
    resumeKeeper.save(true);
  }

  @Override
  public void pause() {
    synchronized (lifecycle) {
      if (state == TorrentState.REMOVED || state == TorrentState.PAUSED) {
        return;
      }
      setState(TorrentState.PAUSED);
      deactivate();
    }
  }

  @Override
  public void resume() {
    synchronized (lifecycle) {
      if (state != TorrentState.PAUSED && state != TorrentState.ERROR) {
        return;
      }
      error = null;
      setState(metainfoKnown == null ? TorrentState.FETCHING_METADATA : TorrentState.CHECKING);
    }
    Thread.ofVirtual().start(this::activate);
  }

  @Override
  public void remove(boolean deleteData) {
    synchronized (lifecycle) {
      if (state == TorrentState.REMOVED) {
        return;
      }
      deactivate();
      setState(TorrentState.REMOVED);
      engine.forget(this);
      Payload p = payload;
      if (p != null) {
        try {
          if (deleteData) {
            p.storage.deleteData();
          } else {
            p.storage.close();
          }
        } catch (IOException e) {
          log.warn("cannot delete data of {}: {}", infoHash, e.toString());
        }
      }
      if (deleteData) {
        try {
          Files.deleteIfExists(resumeFile());
          Files.deleteIfExists(torrentFile());
        } catch (IOException e) {
          log.debug("cannot delete state of {}", infoHash, e);
        }
      }
      metadataFuture.completeExceptionally(new CancellationException("torrent removed"));
      completionFuture.completeExceptionally(new CancellationException("torrent removed"));
      streams.torrentGone("torrent removed");
    }
    engine.emit(new EngineEvent.TorrentRemoved(infoHash));
  }

  /** Engine shutdown: stop everything, save resume data, close files. */
  void shutdown() {
    synchronized (lifecycle) {
      if (state == TorrentState.REMOVED) {
        return;
      }
      deactivate();
      streams.torrentGone("engine closed");
      Payload p = payload;
      if (p != null) {
        p.storage.close();
      }
    }
  }

  boolean acceptsConnections() {
    TorrentState s = state;
    return active && (s == TorrentState.DOWNLOADING || s == TorrentState.SEEDING
        || s == TorrentState.FETCHING_METADATA);
  }

  void setState(TorrentState to) {
    TorrentState from;
    synchronized (this) {
      from = state;
      if (from == to) {
        return;
      }
      state = to;
    }
    engine.emit(new EngineEvent.StateChanged(infoHash, from, to));
  }

  TorrentState state() {
    return state;
  }

  void fail(String message) {
    error = message;
    log.warn("torrent {} failed: {}", infoHash, message);
    setState(TorrentState.ERROR);
    engine.emit(new EngineEvent.TorrentError(infoHash, message));
    completionFuture.completeExceptionally(new IOException(message));
    stopWebSeeds();
    streams.torrentGone("torrent failed: " + message);
    Thread.ofVirtual().start(() -> {
      active = false;
      swarm.closeAll("torrent error");
      trackers.stop();
    });
  }

  private void stopWebSeeds() {
    WebSeeds w = webSeeds;
    if (w != null) {
      w.stop();
    }
  }

  void storageFailed(IOException e) {
    if (active && state != TorrentState.ERROR) {
      fail("disk error: " + e.getMessage());
    }
  }

  /**
   * Every wanted piece is verified: flush, create empty files, tell the trackers, switch to seeding. Called without
   * the lock from a hashing thread (or activation).
   */
  void finishCompletion(boolean announce) {
    Payload p = payload;
    try {
      p.storage.flush();
      p.storage.createEmptyFiles();
    } catch (IOException e) {
      storageFailed(e);
      return;
    }
    resumeKeeper.save(true);
    TorrentState before = state;
    if (before == TorrentState.SEEDING || before == TorrentState.REMOVED || before == TorrentState.ERROR
        || before == TorrentState.PAUSED) {
      return;
    }
    setState(TorrentState.SEEDING);
    if (announce) {
      trackers.completed();
    }
    // event first: whoever sees the future complete must also find the event delivered
    engine.emit(new EngineEvent.TorrentCompleted(infoHash));
    completionFuture.complete(null);
  }

  /** Some wanted piece is missing again (a file priority was raised): back to downloading. */
  void reopenDownload() {
    if (state == TorrentState.SEEDING) {
      setState(TorrentState.DOWNLOADING);
    }
  }

  // ---- ticker ----

  void tick(long now) {
    TorrentState s = state;
    if (!active || s == TorrentState.PAUSED || s == TorrentState.REMOVED || s == TorrentState.ERROR
        || s == TorrentState.CHECKING) {
      return;
    }
    protocol.tick(now);
    metadataFetcher.tick(now);
    swarm.tick(now);
    trackers.tick();
    dht.tick(now);
    WebSeeds w = webSeeds;
    if (w != null && s != TorrentState.SEEDING) {
      w.schedule(now);
    }
    resumeKeeper.maybeSave(now);
  }

  // ---- accessors for the parts ----

  Payload payload() {
    return payload;
  }

  Storage storage() {
    return payload.storage;
  }

  RateLimiter downloadLimiter() {
    return downLimiter;
  }

  RateLimiter uploadLimiter() {
    return upLimiter;
  }

  void uploadedPayload(int n, long now) {
    totalUp.addAndGet(n);
    upRate.add(n, now);
  }

  void downloadedPayload(int n, long now) {
    totalDown.addAndGet(n);
    downRate.add(n, now);
  }

  boolean isPrivate() {
    Metainfo m = metainfoKnown;
    return m != null && m.isPrivate();
  }

  void incoming(Socket s, InputStream in, java.io.OutputStream out, dev.reel.engine.wire.Handshake theirs) {
    swarm.incoming(s, in, out, theirs);
  }

  void disconnected(PeerConnection c) {
    swarm.disconnected(c);
  }

  // ---- Torrent ----

  @Override
  public InfoHash infoHash() {
    return infoHash;
  }

  @Override
  public Optional<Metainfo> metainfo() {
    return Optional.ofNullable(metainfoKnown);
  }

  @Override
  public CompletableFuture<Metainfo> metadata() {
    return metadataFuture;
  }

  @Override
  public CompletableFuture<Void> completion() {
    return completionFuture;
  }

  @Override
  public TorrentStatus status() {
    long now = System.nanoTime();
    Payload p = payload;
    long wanted = 0;
    long done = 0;
    int have = 0;
    int pieces = 0;
    int[] counts;
    lock.lock();
    try {
      if (p != null) {
        long[] wd = p.wantedAndDone();
        wanted = wd[0];
        done = wd[1];
        have = p.picker.haveCount();
        pieces = p.pieceCount();
      }
      counts = swarm.peerAndSeedCounts(pieces);
    } finally {
      lock.unlock();
    }
    double progress = wanted == 0 ? (p == null ? 0 : 1) : (double) done / wanted;
    double down = downRate.rate(now);
    double up = upRate.rate(now);
    Optional<Duration> eta = Optional.empty();
    if (down > 1 && wanted > done) {
      eta = Optional.of(Duration.ofSeconds((long) Math.ceil((wanted - done) / down)));
    } else if (p != null && wanted == done) {
      eta = Optional.of(Duration.ZERO);
    }
    return new TorrentStatus(state, displayName(), progress, wanted, done, totalDown.get(), totalUp.get(), down, up,
        counts[0], counts[1], have, pieces, eta, Optional.ofNullable(error));
  }

  @Override
  public List<FileStatus> files() {
    Payload p = payload;
    if (p == null) {
      Metainfo m = metainfoKnown;
      if (m == null) {
        return List.of();
      }
      List<FileStatus> out = new ArrayList<>();
      for (var f : m.files()) {
        out.add(new FileStatus(f.index(), f.displayPath(), f.length(), 0,
            earlyPriorities.getOrDefault(f.index(), FilePriority.NORMAL), f.padding()));
      }
      return out;
    }
    lock.lock();
    try {
      return p.fileStatuses();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<PeerInfo> peers() {
    return swarm.peerInfos(System.nanoTime());
  }

  @Override
  public List<WebSeedInfo> webSeeds() {
    WebSeeds w = webSeeds;
    return w == null ? List.of() : w.infos(System.nanoTime());
  }

  @Override
  public void setFilePriority(int fileIndex, FilePriority priority) {
    Payload p;
    synchronized (lifecycle) {
      p = payload;
      if (p == null) {
        Metainfo m = metainfoKnown;
        if (m == null) {
          throw new IllegalStateException("metadata not known yet");
        }
        if (fileIndex < 0 || fileIndex >= m.files().size()) {
          throw new IndexOutOfBoundsException("file index " + fileIndex + " of " + m.files().size());
        }
        // Not opened yet (paused or checking): applied when the payload is created.
        earlyPriorities.put(fileIndex, priority);
        return;
      }
    }
    if (fileIndex < 0 || fileIndex >= p.priorities.length) {
      throw new IndexOutOfBoundsException("file index " + fileIndex + " of " + p.priorities.length);
    }
    boolean complete;
    lock.lock();
    try {
      p.priorities[fileIndex] = priority;
      p.applyPriorities();
      complete = p.picker.isComplete();
      protocol.refreshInterestAll();
    } finally {
      lock.unlock();
    }
    resumeKeeper.markDirty();
    if (complete) {
      finishCompletion(true);
    } else {
      reopenDownload();
    }
  }

  @Override
  public void addPeer(InetSocketAddress peer) {
    swarm.pool.add(peer, PeerPool.Source.MANUAL);
    swarm.tick(System.nanoTime());
  }

  @Override
  public void addTracker(String announceUrl) {
    trackers.addTracker(announceUrl);
  }

  @Override
  public void setRateLimits(long download, long upload) {
    downLimiter.setRate(download);
    upLimiter.setRate(upload);
  }

  @Override
  public TorrentReader openReader(int fileIndex) throws IOException {
    if (state == TorrentState.REMOVED) {
      throw new IOException("torrent removed");
    }
    return streams.open(fileIndex, 0, Long.MAX_VALUE);
  }

  @Override
  public TorrentReader openReader(int fileIndex, long position) throws IOException {
    if (state == TorrentState.REMOVED) {
      throw new IOException("torrent removed");
    }
    return streams.open(fileIndex, position, Long.MAX_VALUE);
  }

  @Override
  public TorrentReader openReader(int fileIndex, long position, long end) throws IOException {
    if (state == TorrentState.REMOVED) {
      throw new IOException("torrent removed");
    }
    return streams.open(fileIndex, position, end);
  }

  @Override
  public CompletableFuture<ProbeResult> prepareStream(int fileIndex) {
    return streams.prepare(fileIndex);
  }

  @Override
  public java.util.BitSet verifiedPieces() {
    Payload p = payload;
    if (p == null) {
      return new java.util.BitSet();
    }
    lock.lock();
    try {
      return p.picker.haveSet();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long bufferedAhead(int fileIndex) {
    return streams.bufferedAhead(fileIndex);
  }

  @Override
  public String toString() {
    return "Torrent[" + displayName() + " " + infoHash.hex() + " " + state + "]";
  }
}
