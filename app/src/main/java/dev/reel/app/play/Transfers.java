package dev.reel.app.play;

import dev.reel.app.catalog.TorrentStreams;
import dev.reel.app.library.TransferRecord;
import dev.reel.app.library.TransferStore;
import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.FilePriority;
import dev.reel.engine.FileStatus;
import dev.reel.engine.Torrent;
import dev.reel.engine.TorrentSource;
import dev.reel.engine.TorrentState;
import dev.reel.engine.TorrentStatus;
import dev.reel.engine.metainfo.FileEntry;
import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.metainfo.Magnet;
import dev.reel.engine.metainfo.Metainfo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transfers: torrents downloaded whole (or some of their files) into the download folder to keep, the way a desktop
 * torrent client does, next to the play sessions that stream into the cache. They live in the same shared engine;
 * the transfer list is stored in the library ({@link TransferStore}) and re-added by {@link #restore()} at start-up,
 * where the engine's resume file ({@code <data>/engine/<info-hash>.resume}) spares what was already verified. A
 * finished transfer keeps seeding (within the global upload limit) until paused or removed, or until it reaches the
 * seed ratio setting ({@link #enforceSeedRatio()}).
 *
 * <p>A torrent that plays can become a transfer ("Download"): {@link PlaySessions#handOver} moves its cached data into
 * the download folder under the same names (the "keep" logic), the torrent is re-added there, and the sessions are
 * re-bound to it, so the player goes on. Transfers own their torrents: play sessions on them never skip their files,
 * release or evict them ({@link PlaySessions#holdWith}).
 *
 * <p>Thread-safe: changes to the list take this object's lock; engine calls do not block on the network.
 */
public final class Transfers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Transfers.class);
  /** How often finished downloads are checked against the seed ratio. */
  public static final Duration RATIO_CHECK_INTERVAL = Duration.ofSeconds(2);

  private final Engine engine;
  private final TransferStore store;
  private final PlaySessions sessions;
  private final Supplier<Path> downloadFolder;
  private final IntSupplier seedRatioPercent;
  private final Set<InfoHash> owned = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer;

  /**
   * What to download.
   *
   * @param magnet the magnet link to store (with its trackers and peers) when there is no .torrent, else null
   * @param files the file indexes to download; null = every file
   */
  public record Request(TorrentSource source, String magnet, List<InetSocketAddress> peers, List<String> trackers,
      Set<Integer> files) {
    public Request {
      peers = List.copyOf(peers);
      trackers = List.copyOf(trackers);
      files = files == null ? null : Set.copyOf(files);
    }
  }

  /** An added transfer and whether it is new (false: it was in the list already). */
  public record Added(TransferView view, boolean created) {}

  /**
   * @param downloadFolder where new transfers go (read at each add, so a settings change applies at once)
   * @param seedRatioPercent a finished transfer is paused once it uploaded this many percent of its selected size
   *     since it was (re)added; 0 = never (read at each check)
   */
  public Transfers(Engine engine, TransferStore store, PlaySessions sessions, Supplier<Path> downloadFolder,
      IntSupplier seedRatioPercent) {
    this.engine = engine;
    this.store = store;
    this.sessions = sessions;
    this.downloadFolder = downloadFolder;
    this.seedRatioPercent = seedRatioPercent;
    sessions.holdWith(owned::contains);
    timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("reel-transfers").factory());
    long tick = RATIO_CHECK_INTERVAL.toMillis();
    timer.scheduleWithFixedDelay(this::enforceSeedRatio, tick, tick, TimeUnit.MILLISECONDS);
  }

  /**
   * Pauses (and stores as paused) every seeding transfer that uploaded at least the seed ratio of its selected size.
   * Returns how many it paused. Called on a timer; never throws.
   */
  public int enforceSeedRatio() {
    int percent = seedRatioPercent.getAsInt();
    if (percent <= 0) {
      return 0;
    }
    int paused = 0;
    for (InfoHash hash : List.copyOf(owned)) {
      try {
        Optional<Torrent> t = live(hash);
        if (t.isEmpty() || t.get().status().state() != TorrentState.SEEDING) {
          continue;
        }
        long size = 0;
        for (FileStatus f : t.get().files()) {
          size += f.priority() == FilePriority.SKIP || f.padding() ? 0 : f.length();
        }
        if (size > 0 && t.get().status().totalUploaded() * 100 >= size * (long) percent) {
          LOG.info("transfer {} reached the seed ratio ({} %): pausing it", hash, percent);
          t.get().pause();
          store.setPaused(hash, true);
          paused++;
        }
      } catch (RuntimeException e) {
        LOG.warn("cannot check the seed ratio of {}: {}", hash, e.toString());
      }
    }
    return paused;
  }

  /** Stops the ratio checks (the engine's torrents are the engine's to close). */
  @Override
  public void close() {
    timer.shutdownNow();
  }

  /** Re-adds every stored transfer to the engine (paused ones paused). A transfer that cannot be added is logged. */
  public synchronized void restore() {
    for (TransferRecord r : store.list()) {
      owned.add(r.infoHash());
      try {
        TorrentSource source = sourceOf(r);
        AddOptions options = AddOptions.DEFAULT.withDownloadDir(r.savePath()).withFilePriorities(r.priorities())
            .withPaused(r.paused());
        if (r.magnet() != null && source instanceof TorrentSource.OfMetainfo) {
          Magnet m = Magnet.parse(r.magnet()); // its trackers and peers still help
          options = options.withTrackers(m.trackers()).withPeers(m.peers().stream().map(Magnet::peerAddress)
              .flatMap(Optional::stream).toList());
        }
        engine.add(source, options);
      } catch (IOException | RuntimeException e) {
        LOG.warn("cannot resume the transfer {} ({}): {}", r.infoHash(), r.name(), e.toString());
      }
    }
  }

  private static TorrentSource sourceOf(TransferRecord r) throws IOException {
    if (r.torrent() != null) {
      try {
        return new TorrentSource.OfMetainfo(Metainfo.parse(r.torrent()));
      } catch (dev.reel.engine.metainfo.InvalidTorrentException e) {
        throw new IOException("the stored .torrent is invalid: " + e.getMessage(), e);
      }
    }
    if (r.magnet() != null) {
      return new TorrentSource.OfMagnet(Magnet.parse(r.magnet()));
    }
    return new TorrentSource.OfInfoHash(r.infoHash());
  }

  /**
   * Starts downloading into the download folder, or returns the transfer already in the list (its file selection
   * then unchanged). A torrent that plays or sits in the cache is handed over (its data moved, not downloaded again).
   *
   * @throws IllegalStateException if a file of the same name is already in the download folder (from the cache)
   * @throws IllegalArgumentException if a selected file index does not exist
   * @throws IOException if the folder cannot be created or the engine cannot add the torrent
   */
  public synchronized Added add(Request request) throws IOException {
    InfoHash hash = request.source().infoHash();
    if (owned.contains(hash) && store.find(hash).isPresent()) {
      return new Added(view(hash).orElseThrow(), false);
    }
    Optional<Metainfo> known = request.source() instanceof TorrentSource.OfMetainfo m ? Optional.of(m.metainfo())
        : engine.get(hash).flatMap(Torrent::metainfo);
    Map<Integer, FilePriority> priorities = known.isPresent() && request.files() != null
        ? selection(known.get(), request.files()) : Map.of();
    Path target = downloadFolder.get();
    Files.createDirectories(target);
    List<String> ids = sessions.handOver(hash, target);
    owned.add(hash);
    Torrent torrent;
    try {
      TorrentSource source = known.isPresent() ? new TorrentSource.OfMetainfo(known.get()) : request.source();
      torrent = engine.add(source, AddOptions.DEFAULT.withDownloadDir(target).withPeers(request.peers())
          .withTrackers(request.trackers()).withFilePriorities(priorities));
    } catch (IOException | RuntimeException e) {
      owned.remove(hash);
      throw e;
    }
    sessions.rebind(ids, torrent);
    String name = known.map(Metainfo::name).orElse(torrent.status().name());
    byte[] bytes = known.map(Metainfo::toTorrentBytes).orElse(null);
    store.put(new TransferRecord(hash, name, bytes, request.magnet(), target, priorities, false, store.now()));
    if (known.isEmpty() && request.files() != null) {
      Set<Integer> files = request.files();
      torrent.metadata().thenAccept(m -> {
        try {
          Map<Integer, FilePriority> p = selection(m, files);
          p.forEach(torrent::setFilePriority);
          store.setPriorities(hash, p);
        } catch (RuntimeException e) {
          LOG.warn("cannot apply the file selection of {}: {}", hash, e.toString());
        }
      });
    }
    LOG.info("transfer {} ({}) into {}", hash, name, target);
    return new Added(view(hash).orElseThrow(), true);
  }

  /** "Download" for what plays: the session's torrent becomes a transfer (see {@link #add}). */
  public Added addSession(String sessionId, Set<Integer> files) throws IOException {
    Torrent t = sessions.torrentOf(sessionId).orElseThrow(() -> new NoSuchElementException("no session " + sessionId));
    TorrentSource source = t.metainfo().<TorrentSource>map(TorrentSource.OfMetainfo::new)
        .orElse(new TorrentSource.OfInfoHash(t.infoHash()));
    // the peers it is connected to now (dialled ones, not incoming: their port is not a listening one)
    List<InetSocketAddress> peers = t.peers().stream().filter(dev.reel.engine.PeerInfo::outgoing)
        .map(dev.reel.engine.PeerInfo::address).toList();
    return add(new Request(source, null, peers, List.of(), files));
  }

  /** Every file not in {@code files} skipped; the others normal. */
  private static Map<Integer, FilePriority> selection(Metainfo m, Set<Integer> files) {
    for (int i : files) {
      if (i < 0 || i >= m.files().size() || m.files().get(i).padding()) {
        throw new IllegalArgumentException("the torrent has no file " + i);
      }
    }
    Map<Integer, FilePriority> out = new HashMap<>();
    for (FileEntry f : m.files()) {
      if (!files.contains(f.index()) && !f.padding()) {
        out.put(f.index(), FilePriority.SKIP);
      }
    }
    return out;
  }

  /** Every torrent of the engine, transfers and streamed ones, oldest transfer first, then the streamed ones. */
  public List<TransferView> list() {
    Map<InfoHash, TransferRecord> records = new HashMap<>();
    List<InfoHash> order = new ArrayList<>();
    for (TransferRecord r : store.list()) {
      records.put(r.infoHash(), r);
      order.add(r.infoHash());
    }
    List<TransferView> out = new ArrayList<>();
    List<TransferView> streamed = new ArrayList<>();
    for (Torrent t : engine.torrents()) {
      if (t.status().state() == TorrentState.REMOVED) {
        continue;
      }
      TransferRecord r = records.get(t.infoHash());
      (r != null && owned.contains(t.infoHash()) ? out : streamed).add(viewOf(t, r));
    }
    out.sort(Comparator.comparingInt(v -> order.indexOf(InfoHash.fromHex(v.infoHash()))));
    streamed.sort(Comparator.comparing(TransferView::name));
    out.addAll(streamed);
    return out;
  }

  /** One torrent of the engine. */
  public Optional<TransferView> view(InfoHash hash) {
    return live(hash).map(t -> viewOf(t, owned.contains(hash) ? store.find(hash).orElse(null) : null));
  }

  private Optional<Torrent> live(InfoHash hash) {
    return engine.get(hash).filter(t -> t.status().state() != TorrentState.REMOVED);
  }

  private Torrent required(InfoHash hash) {
    return live(hash).orElseThrow(() -> new NoSuchElementException("no torrent " + hash.hex() + " in Reel"));
  }

  /** Pauses a torrent (a transfer stays paused after a restart). */
  public TransferView pause(InfoHash hash) {
    Torrent t = required(hash);
    t.pause();
    if (owned.contains(hash)) {
      store.setPaused(hash, true);
    }
    return view(hash).orElseThrow();
  }

  public TransferView resume(InfoHash hash) {
    Torrent t = required(hash);
    t.resume();
    if (owned.contains(hash)) {
      store.setPaused(hash, false);
    }
    return view(hash).orElseThrow();
  }

  /**
   * Sets a transfer's file priority (stored).
   *
   * @throws IllegalStateException for a torrent that is only streamed (download it first)
   * @throws IllegalArgumentException for a file the torrent does not have
   */
  public synchronized TransferView setPriority(InfoHash hash, int fileIndex, FilePriority priority) {
    Torrent t = required(hash);
    if (!owned.contains(hash)) {
      throw new IllegalStateException("this torrent is only being streamed: download it to choose its files");
    }
    List<FileStatus> files = t.files();
    if (files.isEmpty()) {
      throw new IllegalStateException("the torrent's file list is not known yet");
    }
    if (fileIndex < 0 || fileIndex >= files.size() || files.get(fileIndex).padding()) {
      throw new IllegalArgumentException("the torrent has no file " + fileIndex);
    }
    t.setFilePriority(fileIndex, priority);
    Map<Integer, FilePriority> p = new HashMap<>();
    for (FileStatus f : t.files()) {
      p.put(f.index(), f.index() == fileIndex ? priority : f.priority());
    }
    store.setPriorities(hash, p);
    return view(hash).orElseThrow();
  }

  /**
   * Removes a torrent: a transfer leaves the list and the engine (with {@code deleteFiles}, its downloaded files are
   * deleted, else they stay in the download folder); a streamed torrent's play sessions end (the cache's rules apply).
   *
   * @return false if the engine has no such torrent
   */
  public synchronized boolean remove(InfoHash hash, boolean deleteFiles) {
    Optional<Torrent> t = live(hash);
    boolean mine = owned.contains(hash);
    if (t.isEmpty() && !mine) {
      return false;
    }
    List<String> playing = sessions.sessionsOf(hash);
    for (String id : playing) {
      sessions.stop(id); // a held torrent stays in the engine: removed just below
    }
    if (!mine && playing.isEmpty()) {
      t.ifPresent(x -> x.remove(false)); // in the engine, but nobody's: take it out
    }
    if (mine) {
      t.ifPresent(x -> x.remove(deleteFiles));
      if (deleteFiles) {
        sessions.forgetKept(hash);
      }
      store.remove(hash);
      owned.remove(hash);
    }
    return true;
  }

  private TransferView viewOf(Torrent t, TransferRecord r) {
    TorrentStatus st = t.status();
    List<TransferView.FileView> files = new ArrayList<>();
    long total = 0;
    long selected = 0;
    long verified = 0;
    for (FileStatus f : t.files()) {
      if (f.padding()) {
        continue;
      }
      total += f.length();
      if (f.priority() != FilePriority.SKIP) {
        selected += f.length();
        verified += f.verifiedBytes();
      }
      String last = f.path().substring(f.path().lastIndexOf('/') + 1);
      files.add(new TransferView.FileView(f.index(), f.path(), f.length(), f.progress(),
          f.priority().name().toLowerCase(Locale.ROOT), TorrentStreams.isVideo(last)));
    }
    boolean complete = st.state() == TorrentState.SEEDING || selected > 0 && verified >= selected;
    Long eta = complete ? Long.valueOf(0) : st.eta().map(d -> d.toSeconds()).orElse(null);
    Path save = r != null ? r.savePath() : sessions.cacheDirOf(t.infoHash());
    return new TransferView(t.infoHash().hex(), st.name(), r != null, sessions.sessionsOf(t.infoHash()),
        state(st.state()), st.error().orElse(null), selected > 0 ? (double) verified / selected : st.progress(),
        selected, total, verified,
        st.totalDownloaded(), st.totalUploaded(), st.downloadRate(), st.uploadRate(), st.peers(), st.seeds(), eta,
        save.toString(), r == null ? null : r.added().toString(), files);
  }

  static String state(TorrentState s) {
    return switch (s) {
      case FETCHING_METADATA -> "metadata";
      case CHECKING -> "checking";
      case DOWNLOADING -> "downloading";
      case SEEDING -> "seeding";
      case PAUSED -> "paused";
      case ERROR -> "error";
      case REMOVED -> "removed";
    };
  }
}
