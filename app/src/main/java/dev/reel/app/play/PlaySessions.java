package dev.reel.app.play;

import dev.reel.app.catalog.TorrentStreams;
import dev.reel.app.library.CacheEntry;
import dev.reel.app.library.CacheIndex;
import dev.reel.app.library.CachePolicy;
import dev.reel.app.stream.EngineStreams;
import dev.reel.app.stream.StreamRegistry;
import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.EngineEvent;
import dev.reel.engine.FilePriority;
import dev.reel.engine.FileStatus;
import dev.reel.engine.Torrent;
import dev.reel.engine.TorrentState;
import dev.reel.engine.metainfo.FileEntry;
import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.metainfo.Metainfo;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The play sessions of the one shared {@link Engine}, and the streaming cache they fill (issue 5, items 5 and 6).
 *
 * <p>{@link #play} adds the torrent (its files go to {@code cacheDir/<info-hash>/}), picks the file and returns at once;
 * the stream route ({@link #streams()}) blocks until data is verified. A session ends on
 * {@link #stop}, after {@link PlayConfig#idleTimeout()} without stream readers or polls, and at {@link #close()}.
 * Stopping removes the torrent from the engine (peers disconnected) and deletes its data, unless the file is complete:
 * then it stays in the cache, counted against the limit, until the {@link CachePolicy} evicts it. "Keep" moves a
 * complete film to the download folder.
 *
 * <p>The cache limit is enforced while streaming (on verified pieces, debounced, and on a timer): least recently
 * watched first, finished first, never what is playing.
 *
 * <p>Thread-safe: session changes take this object's lock; engine calls outside it do not block on the network.
 */
public final class PlaySessions implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PlaySessions.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Engine engine;
  private final CacheIndex cache;
  private final PlayConfig config;
  private final Clock clock;
  private final Map<String, PlaySession> sessions = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer;
  private final AtomicBoolean enforcePending = new AtomicBoolean();
  private final EngineStreams streams;
  private volatile boolean closed;
  /** Torrents owned by the transfers: sessions stream from them but never change, release or evict them. */
  private volatile Predicate<InfoHash> held = h -> false;

  public PlaySessions(Engine engine, CacheIndex cache, PlayConfig config, Clock clock) {
    this.engine = engine;
    this.cache = cache;
    this.config = config;
    this.clock = clock;
    this.streams = new EngineStreams(new SessionScope(), config.readTimeout());
    this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("reel-play").factory());
    long tick = config.maintenanceInterval().toMillis();
    timer.scheduleWithFixedDelay(this::maintain, tick, tick, TimeUnit.MILLISECONDS);
  }

  /**
   * Names the torrents that belong to someone else (the transfers, see {@link Transfers}): a session on such a torrent
   * streams from it, but does not skip its other files, does not count it in the cache, and leaves it in the engine
   * when it ends.
   */
  public void holdWith(Predicate<InfoHash> held) {
    this.held = java.util.Objects.requireNonNull(held, "held");
  }

  /** The engine listener: verified pieces trigger cache enforcement. Quick, thread-safe. */
  public void onEvent(EngineEvent event) {
    if (event instanceof EngineEvent.PieceVerified) {
      requestEnforce();
    }
  }

  // ---- sessions -------------------------------------------------------------------------------------------------

  /**
   * Starts (or finds) the session for this torrent and file. Returns at once: for a magnet without metadata the file
   * is chosen when the metadata arrives ({@link #awaitFile}).
   *
   * @throws IOException if the engine cannot add the torrent
   */
  public synchronized String play(PlayTarget target) throws IOException {
    if (closed) {
      throw new IllegalStateException("the server is stopping");
    }
    InfoHash hash = target.source().infoHash();
    Torrent torrent = engine.get(hash).orElse(null);
    Optional<Metainfo> known = target.source() instanceof dev.reel.engine.TorrentSource.OfMetainfo m
        ? Optional.of(m.metainfo()) : torrent == null ? Optional.empty() : torrent.metainfo();
    int file = known.map(m -> chooseFile(m, target.fileIdx(), target.fileName())).orElse(-1);
    for (PlaySession s : sessions.values()) {
      if (s.torrent.infoHash().equals(hash) && (s.fileIndex == file || file < 0 && target.fileIdx() == null)) {
        s.touch();
        return s.id;
      }
    }
    Path dir = dirOf(hash);
    if (torrent == null || torrent.status().state() == TorrentState.REMOVED) {
      AddOptions options = AddOptions.DEFAULT.withDownloadDir(dir).withPeers(target.peers())
          .withTrackers(target.trackers());
      if (known.isPresent() && file >= 0 && !held.test(hash)) {
        Map<Integer, FilePriority> priorities = new HashMap<>();
        for (FileEntry f : known.get().files()) {
          priorities.put(f.index(), f.index() == file ? FilePriority.NORMAL : FilePriority.SKIP);
        }
        options = options.withFilePriorities(priorities);
      }
      torrent = engine.add(target.source(), options);
    } else {
      target.peers().forEach(torrent::addPeer);
      target.trackers().forEach(torrent::addTracker);
    }
    String id = HexFormat.of().formatHex(randomBytes());
    PlaySession session = new PlaySession(id, torrent, file, target.item(), clock.instant(), System.nanoTime());
    sessions.put(id, session);
    if (file >= 0) {
      applyPriorities(torrent);
      prepare(torrent, file);
    } else {
      Torrent t = torrent;
      Integer wanted = target.fileIdx();
      String name = target.fileName();
      torrent.metadata().thenAccept(m -> {
        synchronized (this) {
          if (!session.stopped && session.fileIndex < 0) {
            session.fileIndex = chooseFile(m, wanted, name);
            applyPriorities(t);
            prepare(t, session.fileIndex);
          }
        }
      });
    }
    if (!held.test(hash)) {
      cache.touch(hash, dir, sizeOnDisk(torrent));
    }
    LOG.debug("session {} plays {} file {}", id, hash, file);
    return id;
  }

  /**
   * Starts the file's container-aware start at once (engine {@code prepareStream}): from then on the engine requests
   * the file's head and index first. For a magnet this runs as the metadata arrives, before the first peer is asked
   * for anything, so no background piece is queued at a peer ahead of the first MiB the player asks for.
   */
  private static void prepare(Torrent torrent, int file) {
    try {
      torrent.prepareStream(file);
    } catch (RuntimeException e) {
      LOG.debug("prepareStream {} file {}: {}", torrent.infoHash(), file, e.toString());
    }
  }

  /** Waits up to {@code millis} for the session's file to be known; returns whether it is. */
  public boolean awaitFile(String id, long millis) throws InterruptedException {
    PlaySession s = sessions.get(id);
    if (s == null) {
      return false;
    }
    try {
      s.torrent.metadata().get(millis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
      return s.fileIndex >= 0;
    }
    for (int i = 0; i < 100 && s.fileIndex < 0 && !s.stopped; i++) {
      Thread.sleep(5); // the metadata callback runs right after the future completes
    }
    return s.fileIndex >= 0;
  }

  /** The file to play: a valid {@code fileIdx}, else the file named so, else the best video. */
  static int chooseFile(Metainfo m, Integer fileIdx, String fileName) {
    if (fileIdx != null && fileIdx >= 0 && fileIdx < m.files().size() && !m.files().get(fileIdx).padding()) {
      return fileIdx;
    }
    if (fileName != null) {
      Optional<FileEntry> named = TorrentStreams.fileNamed(m, fileName);
      if (named.isPresent()) {
        return named.get().index();
      }
    }
    return TorrentStreams.mainFile(m).index();
  }

  /**
   * Wanted files: those of the torrent's sessions; the rest are skipped. A held torrent keeps its priorities, only a
   * skipped file being played is raised to normal.
   */
  private void applyPriorities(Torrent torrent) {
    Optional<Metainfo> m = torrent.metainfo();
    if (m.isEmpty()) {
      return;
    }
    Set<Integer> wanted = new HashSet<>();
    for (PlaySession s : sessions.values()) {
      if (s.torrent == torrent && s.fileIndex >= 0) {
        wanted.add(s.fileIndex);
      }
    }
    if (held.test(torrent.infoHash())) {
      for (FileStatus f : torrent.files()) {
        if (wanted.contains(f.index()) && f.priority() == FilePriority.SKIP) {
          torrent.setFilePriority(f.index(), FilePriority.NORMAL);
        }
      }
      return;
    }
    for (FileEntry f : m.get().files()) {
      torrent.setFilePriority(f.index(), wanted.contains(f.index()) ? FilePriority.NORMAL : FilePriority.SKIP);
    }
  }

  public Optional<SessionView> view(String id, URI base) {
    PlaySession s = sessions.get(id);
    if (s == null) {
      return Optional.empty();
    }
    s.touch();
    return Optional.of(SessionViews.of(s, base));
  }

  public List<SessionView> list(URI base) {
    List<SessionView> out = new ArrayList<>();
    for (PlaySession s : sessions.values()) {
      out.add(SessionViews.of(s, base));
    }
    out.sort(java.util.Comparator.comparing(SessionView::createdAt));
    return out;
  }

  /** Ends a session; returns false when there is none with this id. */
  public boolean stop(String id) {
    PlaySession s;
    synchronized (this) {
      s = sessions.remove(id);
      if (s == null) {
        return false;
      }
      s.stopped = true;
      for (PlaySession other : sessions.values()) {
        if (other.torrent == s.torrent) {
          applyPriorities(s.torrent);
          return true; // the torrent still plays another file
        }
      }
      if (held.test(s.torrent.infoHash())) {
        return true; // the transfers own it
      }
    }
    release(s.torrent, true);
    requestEnforce();
    return true;
  }

  /**
   * Takes a torrent out of the engine (disconnecting its peers) and decides about its data: a torrent whose wanted
   * files are complete stays in the cache when {@code mayKeepInCache}; anything else is deleted.
   */
  private void release(Torrent torrent, boolean mayKeepInCache) {
    InfoHash hash = torrent.infoHash();
    List<FileStatus> files = torrent.files();
    boolean complete = !files.isEmpty() && files.stream()
        .filter(f -> f.priority() != FilePriority.SKIP && !f.padding())
        .allMatch(f -> f.verifiedBytes() >= f.length());
    long size = sizeOnDisk(torrent);
    boolean keep = complete && mayKeepInCache;
    torrent.remove(!keep);
    if (keep) {
      cache.updateSize(hash, size);
      cache.setFinished(hash, true);
    } else {
      CacheFiles.deleteTree(dirOf(hash));
      cache.remove(hash);
    }
  }

  /**
   * "Keep": moves the session's complete film out of the cache into {@code downloadFolder}, ending the session.
   *
   * @return where the film now is
   * @throws IllegalStateException if the file is not complete yet
   */
  public Path keep(String id) throws IOException {
    PlaySession s;
    synchronized (this) {
      s = sessions.get(id);
      if (s == null) {
        throw new java.util.NoSuchElementException("no session " + id);
      }
      int idx = s.fileIndex;
      List<FileStatus> files = s.torrent.files();
      if (idx < 0 || idx >= files.size() || files.get(idx).verifiedBytes() < files.get(idx).length()) {
        throw new IllegalStateException("the film is not completely downloaded yet");
      }
      if (held.test(s.torrent.infoHash())) {
        throw new IllegalStateException("this torrent is already being downloaded to the download folder");
      }
      sessions.remove(id);
      s.stopped = true;
      s.kept = true;
    }
    InfoHash hash = s.torrent.infoHash();
    s.torrent.remove(false);
    return moveOut(hash, config.downloadFolder().get(), true);
  }

  /**
   * Moves a torrent's cached data into {@code target} and marks its cache entry kept (it leaves the cache's
   * accounting). With {@code renameOnClash} a name already taken gets a free one ("film (2).mp4"), else the caller
   * checked with {@link #clashes} first. The torrent must be out of the engine (its files closed).
   *
   * @return the first moved path, or {@code target} when nothing was cached
   */
  private Path moveOut(InfoHash hash, Path target, boolean renameOnClash) throws IOException {
    Files.createDirectories(target);
    Path first = null;
    Path dir = dirOf(hash);
    if (Files.isDirectory(dir)) {
      try (var children = Files.list(dir)) {
        for (Path child : children.toList()) {
          Path dest = target.resolve(child.getFileName().toString());
          if (renameOnClash) {
            dest = CacheFiles.freeName(dest);
          }
          CacheFiles.moveTree(child, dest);
          if (first == null) {
            first = dest;
          }
        }
      }
      CacheFiles.deleteTree(dir);
    }
    Path where = first == null ? target : first;
    if (cache.find(hash).isEmpty()) {
      cache.touch(hash, where, 0);
    }
    cache.keep(hash, where);
    return where;
  }

  /** The names of the torrent's cached data already taken in {@code target}. */
  private List<String> clashes(InfoHash hash, Path target) throws IOException {
    Path dir = dirOf(hash);
    List<String> out = new ArrayList<>();
    if (Files.isDirectory(dir)) {
      try (var children = Files.list(dir)) {
        for (Path child : children.toList()) {
          if (Files.exists(target.resolve(child.getFileName().toString()))) {
            out.add(child.getFileName().toString());
          }
        }
      }
    }
    return out;
  }

  /**
   * "Download" for what plays (and for a film still in the cache): takes the torrent out of the engine (keeping its
   * verified data and resume file), moves its cached data into {@code target} under the same names (so the resume
   * file still describes it and nothing is downloaded twice) and marks it kept. The sessions on it stay: the caller
   * re-adds the torrent with {@code target} as its folder and hands the new handle to {@link #rebind}. A torrent with
   * nothing in the cache is only taken out of the engine.
   *
   * @return the ids of the sessions on the torrent
   * @throws IllegalStateException if a file of the same name is already in {@code target} (nothing was moved)
   * @throws IOException if the data cannot be moved
   */
  public synchronized List<String> handOver(InfoHash hash, Path target) throws IOException {
    List<String> ids = new ArrayList<>();
    for (PlaySession s : sessions.values()) {
      if (s.torrent.infoHash().equals(hash)) {
        ids.add(s.id);
      }
    }
    Optional<CacheEntry> entry = cache.find(hash);
    boolean cached = Files.isDirectory(dirOf(hash)) && (entry.isEmpty() || !entry.get().kept());
    if (!cached) {
      if (!held.test(hash)) {
        engine.get(hash).ifPresent(t -> t.remove(false)); // nothing on disk yet: re-added in the target
      }
      return ids;
    }
    List<String> taken = clashes(hash, target);
    if (!taken.isEmpty()) {
      throw new IllegalStateException("the download folder already has " + String.join(", ", taken)
          + ": rename or move it first");
    }
    engine.get(hash).ifPresent(t -> t.remove(false));
    moveOut(hash, target, false);
    return ids;
  }

  /** Points the sessions {@code ids} at {@code torrent} (after {@link #handOver}); readers open on it from now on. */
  public synchronized void rebind(List<String> ids, Torrent torrent) {
    for (String id : ids) {
      PlaySession s = sessions.get(id);
      if (s != null) {
        s.torrent = torrent;
        s.touch();
      }
    }
    applyPriorities(torrent);
  }

  /** The torrent a session plays. */
  public Optional<Torrent> torrentOf(String id) {
    PlaySession s = sessions.get(id);
    return s == null ? Optional.empty() : Optional.of(s.torrent);
  }

  /** The cache folder of a streamed torrent ({@code <cacheDir>/<info-hash>}). */
  public Path cacheDirOf(InfoHash hash) {
    return dirOf(hash);
  }

  /** Forgets a kept cache entry (its data, handed over to a transfer, was deleted with it). */
  public void forgetKept(InfoHash hash) {
    cache.find(hash).filter(CacheEntry::kept).ifPresent(e -> cache.remove(hash));
  }

  /** The ids of the sessions playing this torrent. */
  public List<String> sessionsOf(InfoHash hash) {
    List<String> out = new ArrayList<>();
    for (PlaySession s : sessions.values()) {
      if (s.torrent.infoHash().equals(hash)) {
        out.add(s.id);
      }
    }
    return out;
  }

  // ---- cache ----------------------------------------------------------------------------------------------------

  private void requestEnforce() {
    if (!closed && enforcePending.compareAndSet(false, true)) {
      try {
        timer.execute(this::enforceCacheNow);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        enforcePending.set(false);
      }
    }
  }

  /** Refreshes the sizes of what plays and evicts per {@link CachePolicy} until the cache fits its limit. */
  public void enforceCacheNow() {
    enforcePending.set(false);
    try {
      Set<InfoHash> playing = new HashSet<>();
      for (PlaySession s : sessions.values()) {
        if (playing.add(s.torrent.infoHash()) && !held.test(s.torrent.infoHash())) {
          cache.updateSize(s.torrent.infoHash(), sizeOnDisk(s.torrent));
        }
      }
      List<CacheEntry> entries = cache.list();
      CachePolicy.Plan plan = CachePolicy.plan(entries, config.cacheLimit().getAsLong(), playing, clock.instant());
      for (CacheEntry e : plan.evict()) {
        LOG.info("cache over its limit: evicting {} ({} bytes)", e.infoHash(), e.sizeBytes());
        if (!held.test(e.infoHash())) {
          engine.get(e.infoHash()).ifPresent(t -> t.remove(true));
        }
        CacheFiles.deleteTree(dirOf(e.infoHash()));
        cache.remove(e.infoHash());
      }
    } catch (RuntimeException e) {
      LOG.warn("cache enforcement failed: {}", e.toString());
    }
  }

  /** Deletes a cached torrent's data; false if it is playing or unknown. */
  public synchronized boolean evict(InfoHash hash) {
    if (sessions.values().stream().anyMatch(s -> s.torrent.infoHash().equals(hash))) {
      throw new IllegalStateException("the torrent is playing");
    }
    Optional<CacheEntry> e = cache.find(hash);
    if (e.isEmpty() || e.get().kept()) {
      return false;
    }
    CacheFiles.deleteTree(dirOf(hash));
    cache.remove(hash);
    return true;
  }

  /** The info-hashes of the torrents being played. */
  public Set<InfoHash> playing() {
    Set<InfoHash> out = new HashSet<>();
    sessions.values().forEach(s -> out.add(s.torrent.infoHash()));
    return out;
  }

  private void maintain() {
    long now = System.nanoTime();
    long idle = config.idleTimeout().toNanos();
    for (PlaySession s : List.copyOf(sessions.values())) {
      if (s.readers.get() == 0 && now - s.lastActivityNanos > idle) {
        LOG.info("session {} idle: stopping it", s.id);
        stop(s.id);
      }
    }
    enforceCacheNow();
  }

  private Path dirOf(InfoHash hash) {
    return config.cacheDir().resolve(hash.hex());
  }

  /** Bytes the torrent's verified data takes (wanted files), a good estimate of its share of the cache. */
  private static long sizeOnDisk(Torrent t) {
    long sum = 0;
    for (FileStatus f : t.files()) {
      sum += f.verifiedBytes();
    }
    return sum;
  }

  // ---- streams ------------------------------------------------------------------------------------------------

  /**
   * What the stream, playlist and subtitle routes serve: the files of the torrents being played. An open reader keeps
   * its session alive (no idle timeout while a player reads). Thread-safe, non-blocking.
   */
  public StreamRegistry streams() {
    return streams;
  }

  /** The session playing {@code hash}, preferring the one playing {@code fileIndex}. */
  private Optional<PlaySession> sessionOf(InfoHash hash, int fileIndex) {
    PlaySession found = null;
    for (PlaySession s : sessions.values()) {
      if (s.torrent.infoHash().equals(hash)) {
        found = s;
        if (s.fileIndex == fileIndex) {
          break;
        }
      }
    }
    return Optional.ofNullable(found);
  }

  /** The stream scope: the sessions' torrents; a reader's activity goes to the session playing its file. */
  private final class SessionScope implements EngineStreams.Scope {
    @Override
    public Optional<Torrent> torrent(InfoHash hash) {
      return sessionOf(hash, -1).map(s -> s.torrent);
    }

    @Override
    public EngineStreams.ReaderActivity activity(Torrent torrent, int fileIndex) {
      return sessionOf(torrent.infoHash(), fileIndex).<EngineStreams.ReaderActivity>map(s -> s)
          .orElse(EngineStreams.ReaderActivity.NONE);
    }
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return b;
  }

  // ---- lifecycle ------------------------------------------------------------------------------------------------

  /** Stops every session (clearing the cache when the "clear on exit" setting is on) and the timer. */
  @Override
  public void close() {
    boolean clear = config.clearOnExit().getAsBoolean();
    synchronized (this) {
      closed = true;
    }
    timer.shutdownNow();
    Set<Torrent> torrents = new HashSet<>();
    for (PlaySession s : List.copyOf(sessions.values())) {
      sessions.remove(s.id);
      s.stopped = true;
      if (!held.test(s.torrent.infoHash())) {
        torrents.add(s.torrent);
      }
    }
    for (Torrent t : torrents) {
      try {
        release(t, !clear);
      } catch (RuntimeException e) {
        LOG.warn("cannot release {}: {}", t.infoHash(), e.toString());
      }
    }
    if (clear) {
      for (CacheEntry e : cache.list()) {
        if (!e.kept()) {
          CacheFiles.deleteTree(dirOf(e.infoHash()));
          cache.remove(e.infoHash());
        }
      }
    } else {
      enforceCacheNow();
    }
  }
}
