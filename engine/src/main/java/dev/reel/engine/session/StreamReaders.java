package dev.reel.engine.session;

import dev.reel.engine.FilePriority;
import dev.reel.engine.FileStatus;
import dev.reel.engine.media.ByteRange;
import dev.reel.engine.media.ContainerProbe;
import dev.reel.engine.media.ProbeResult;
import dev.reel.engine.media.RangeSource;
import dev.reel.engine.metainfo.FileEntry;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.picker.BlockRequest;
import dev.reel.engine.picker.PiecePicker;
import dev.reel.engine.stream.DeadlinePlan;
import dev.reel.engine.stream.ReaderHost;
import dev.reel.engine.stream.ReaderWindow;
import dev.reel.engine.stream.TorrentReader;
import dev.reel.engine.wire.Message;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open {@link TorrentReader}s of one torrent and what they make the picker do (docs/STREAMING.md): the union of
 * their windows and of the files' container-critical ranges becomes piece deadlines (earliest wins, kept while the
 * piece stays wanted); a piece that leaves every window gets its outstanding requests cancelled (a seek); then
 * {@link CriticalRequests} places the blocks of the urgent pieces on the fastest peers.
 *
 * <p>Threading: reader bookkeeping is thread-safe; deadline state is guarded by the torrent lock ({@link #refresh}
 * is called with it held). Readers wait for verified pieces on {@link #arrival}, a leaf lock taken before the
 * torrent lock, never inside it.
 */
final class StreamReaders implements ReaderHost {
  private static final Logger log = LoggerFactory.getLogger(StreamReaders.class);
  /**
   * A piece becomes overdue (duplicate requests allowed) this long after the time the reader reaches it, so the piece
   * a reader starts on is not raced at once.
   */
  static final long OVERDUE_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(1500);
  /** How long a container probe may wait for the headers it reads. */
  static final Duration PROBE_TIMEOUT = Duration.ofMinutes(10);

  private final TorrentSession t;
  private final List<TorrentReader> readers = new CopyOnWriteArrayList<>();
  private final Map<Integer, FileStream> files = new ConcurrentHashMap<>();
  private final ReentrantLock arrival = new ReentrantLock();
  private final Condition arrived = arrival.newCondition();
  private volatile String gone;
  private volatile boolean active;
  /** When the last reader closed (System.nanoTime()); a player that seeks often closes one request and opens the next. */
  private volatile long lastClosedNanos = System.nanoTime() - RECENT_CLOSE_NANOS;
  final CriticalRequests critical;

  // ---- torrent lock ----
  /** Deadline currently set in the picker for each piece we gave one (with the overdue grace added). */
  private final Map<Integer, Long> assigned = new HashMap<>();
  /** Container-critical pieces and their fixed deadlines, until verified. */
  private final Map<Integer, Long> pinned = new HashMap<>();

  /** Probe and readiness of one file. */
  static final class FileStream {
    final int fileIndex;
    final CompletableFuture<ProbeResult> probe = new CompletableFuture<>();
    final CompletableFuture<ProbeResult> ready = new CompletableFuture<>();
    volatile double bitrate;
    /** Critical pieces not verified yet; guarded by the torrent lock. */
    final Set<Integer> missing = new HashSet<>();
    ProbeResult result;

    FileStream(int fileIndex) {
      this.fileIndex = fileIndex;
    }
  }

  StreamReaders(TorrentSession t) {
    this.t = t;
    this.critical = new CriticalRequests(t);
  }

  /**
   * True once a file of the torrent was opened or prepared for streaming: the picker then keeps short pipelines and
   * runs the time-critical pass.
   */
  boolean active() {
    return active;
  }

  /** A reader counts as "just closed" for this long: the next request of a seeking player is on its way. */
  static final long RECENT_CLOSE_NANOS = TimeUnit.SECONDS.toNanos(2);

  /**
   * True while a reader is open or closed less than {@link #RECENT_CLOSE_NANOS} ago: someone is watching, so a seek
   * may come at any time and background pipelines stay short ({@link dev.reel.engine.picker.StreamingPipeline}).
   */
  boolean watched(long nowNanos) {
    return !readers.isEmpty() || nowNanos - lastClosedNanos < RECENT_CLOSE_NANOS;
  }

  /**
   * True while a file's container-critical ranges are being probed or fetched: the picker then requests only
   * pieces with a deadline, so the head and index come before anything else.
   */
  boolean starting() {
    if (files.isEmpty()) {
      return false;
    }
    for (FileStream fs : files.values()) {
      if (!fs.ready.isDone()) {
        return true;
      }
    }
    return false;
  }

  // ---- public entry points (via TorrentSession) ----

  TorrentReader open(int fileIndex, long position, long end) {
    Metainfo m = t.metainfo().orElseThrow(() -> new IllegalStateException("metadata not known yet"));
    FileEntry f = file(m, fileIndex);
    for (FileStatus s : t.files()) {
      if (s.index() == fileIndex && s.priority() == FilePriority.SKIP) {
        t.setFilePriority(fileIndex, FilePriority.NORMAL); // a reader on a skipped file wants it after all
      }
    }
    TorrentReader r = new TorrentReader(this, fileIndex, f.offset(), f.length(), m.pieceLength());
    if (end != Long.MAX_VALUE) {
      r.setReadaheadLimit(end); // before it is registered, like the position
    }
    if (position != 0) {
      try {
        r.position(position); // before it is registered: its first window is at the position, not at 0
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    readers.add(r);
    active = true;
    prepare(fileIndex);
    r.opened();
    return r;
  }

  /** Starts the container probe of the file (once); completes when its critical ranges are verified. */
  CompletableFuture<ProbeResult> prepare(int fileIndex) {
    Metainfo m = t.metainfo().orElseThrow(() -> new IllegalStateException("metadata not known yet"));
    FileEntry f = file(m, fileIndex);
    FileStream[] created = new FileStream[1];
    FileStream fs = files.computeIfAbsent(fileIndex, i -> created[0] = new FileStream(i));
    if (created[0] != null) {
      active = true;
      Thread.ofVirtual().name("reel-probe-" + fileIndex).start(() -> probe(fs, f, m.pieceLength()));
    }
    return fs.ready;
  }

  private static FileEntry file(Metainfo m, int fileIndex) {
    if (fileIndex < 0 || fileIndex >= m.files().size()) {
      throw new IndexOutOfBoundsException("file index " + fileIndex + " of " + m.files().size());
    }
    FileEntry f = m.files().get(fileIndex);
    if (f.padding()) {
      throw new IllegalArgumentException("file " + fileIndex + " is a padding file");
    }
    return f;
  }

  private void probe(FileStream fs, FileEntry f, int pieceLength) {
    try (TorrentReader r = new TorrentReader(this, f.index(), f.offset(), f.length(), pieceLength)) {
      r.setReadaheadEnabled(false).setReadTimeout(PROBE_TIMEOUT);
      readers.add(r);
      pinHead(f, pieceLength);
      ProbeResult res = ContainerProbe.probe(source(r));
      fs.result = res;
      fs.bitrate = res.bytesPerSecond().isPresent() ? res.bytesPerSecond().getAsLong() : 0;
      fs.probe.complete(res);
      log.debug("probe of file {}: {} {} ranges {} rate {}", f.index(), res.container(), res.duration(),
          res.criticalRanges(), fs.bitrate);
      pin(fs, f, res, pieceLength);
    } catch (IOException | RuntimeException e) {
      log.debug("probe of file {} failed: {}", f.index(), e.toString());
      fs.probe.completeExceptionally(e);
      fs.ready.completeExceptionally(e);
    }
  }

  /**
   * Pins the file's head ({@link ContainerProbe#DEFAULT_HEAD_BYTES}) before the probe reads anything: every probe
   * result starts with it, whatever the container. Without this, only the piece under the probe's first read has a
   * deadline until that piece is verified and parsed, so during startup the pipelines hold one piece and run dry
   * (seen on a capped seed: no request out for ~0.1 s after piece 0, pieces 1..3 asked only then).
   */
  private void pinHead(FileEntry f, int pieceLength) {
    long end = f.offset() + Math.min(f.length(), ContainerProbe.DEFAULT_HEAD_BYTES);
    if (end <= f.offset()) {
      return;
    }
    long now = System.nanoTime();
    Map<Integer, Long> plan = new HashMap<>();
    DeadlinePlan.addRanges(plan, List.<long[]>of(new long[] {f.offset(), end}),
        TorrentReader.DEFAULT_BYTES_PER_SECOND, pieceLength, now);
    t.lock.lock();
    try {
      Payload p = t.payload();
      for (Map.Entry<Integer, Long> e : plan.entrySet()) {
        if (p == null || !p.picker.have(e.getKey())) {
          pinned.merge(e.getKey(), e.getValue() + OVERDUE_GRACE_NANOS, Math::min);
        }
      }
      refresh(now);
    } finally {
      t.lock.unlock();
    }
  }

  private void pin(FileStream fs, FileEntry f, ProbeResult res, int pieceLength) {
    List<long[]> ranges = new ArrayList<>();
    for (ByteRange br : res.criticalRanges()) {
      ranges.add(new long[] {f.offset() + br.start(), f.offset() + br.end()});
    }
    double rate = fs.bitrate > 0 ? fs.bitrate : TorrentReader.DEFAULT_BYTES_PER_SECOND;
    long now = System.nanoTime();
    Map<Integer, Long> plan = new HashMap<>();
    DeadlinePlan.addRanges(plan, ranges, rate, pieceLength, now);
    boolean done;
    t.lock.lock();
    try {
      Payload p = t.payload();
      for (Map.Entry<Integer, Long> e : plan.entrySet()) {
        if (p == null || !p.picker.have(e.getKey())) {
          fs.missing.add(e.getKey());
          pinned.merge(e.getKey(), e.getValue() + OVERDUE_GRACE_NANOS, Math::min);
        }
      }
      done = fs.missing.isEmpty();
      refresh(now);
    } finally {
      t.lock.unlock();
    }
    if (done) {
      fs.ready.complete(res);
    }
  }

  /** A blocking RangeSource over a reader (the probe's reads drive the reader's window). */
  private static RangeSource source(TorrentReader r) throws IOException {
    long length = r.size();
    return new RangeSource() {
      @Override
      public long length() {
        return length;
      }

      @Override
      public void read(long position, ByteBuffer dst) throws IOException {
        if (position < 0 || position > length - dst.remaining()) {
          throw new EOFException("read of " + dst.remaining() + " bytes at " + position + " past end " + length);
        }
        r.position(position);
        while (dst.hasRemaining()) {
          if (r.read(dst) < 0) {
            throw new EOFException("end of file at " + r.position());
          }
        }
      }
    };
  }

  /** Bytes verified contiguously from the position of the file's slowest open reader (0 without readers). */
  long bufferedAhead(int fileIndex) {
    Payload p = t.payload();
    if (p == null) {
      return 0;
    }
    long min = -1;
    t.lock.lock();
    try {
      for (TorrentReader r : readers) {
        ReaderWindow w = r.fileIndex() == fileIndex ? r.window() : null;
        if (w == null) {
          continue;
        }
        FileEntry f = p.meta.files().get(fileIndex);
        long end = f.offset() + f.length();
        long at = w.start();
        int piece = (int) (at / p.meta.pieceLength());
        while (at < end && piece < p.pieceCount() && p.picker.have(piece)) {
          piece++;
          at = Math.min(end, (long) piece * p.meta.pieceLength());
        }
        long ahead = at - w.start();
        min = min < 0 ? ahead : Math.min(min, ahead);
      }
    } finally {
      t.lock.unlock();
    }
    return Math.max(0, min);
  }

  // ---- ReaderHost ----

  @Override
  public boolean awaitVerified(int piece, long timeoutNanos) throws IOException, InterruptedException {
    long left = timeoutNanos;
    arrival.lock();
    try {
      while (true) {
        String why = gone;
        if (why != null) {
          throw new IOException(why);
        }
        if (verified(piece)) {
          return true;
        }
        if (left <= 0) {
          return false;
        }
        left = arrived.awaitNanos(left);
      }
    } finally {
      arrival.unlock();
    }
  }

  private boolean verified(int piece) {
    Payload p = t.payload();
    if (p == null) {
      return false;
    }
    t.lock.lock();
    try {
      return p.picker.have(piece);
    } finally {
      t.lock.unlock();
    }
  }

  @Override
  public void read(int piece, int offset, ByteBuffer dst) throws IOException {
    Payload p = t.payload();
    if (p == null || gone != null) {
      throw new IOException(gone != null ? gone : "torrent has no data yet");
    }
    p.storage.read(piece, offset, dst);
  }

  @Override
  public void windowChanged(TorrentReader reader) {
    t.lock.lock();
    try {
      refresh(System.nanoTime());
    } finally {
      t.lock.unlock();
    }
  }

  @Override
  public void closed(TorrentReader reader) {
    lastClosedNanos = System.nanoTime();
    readers.remove(reader);
    windowChanged(reader);
  }

  @Override
  public double bitrateHint(int fileIndex) {
    FileStream fs = files.get(fileIndex);
    return fs == null ? 0 : fs.bitrate;
  }

  // ---- hooks from the session ----

  /** A piece was verified (called without the torrent lock): wake readers, settle files whose ranges are in. */
  void pieceVerified(int piece) {
    List<FileStream> readyNow = new ArrayList<>();
    if (!files.isEmpty()) {
      t.lock.lock();
      try {
        for (FileStream fs : files.values()) {
          if (fs.missing.remove(piece) && fs.missing.isEmpty() && fs.result != null) {
            readyNow.add(fs);
          }
        }
        pinned.remove(piece);
        assigned.remove(piece);
        updateActive();
      } finally {
        t.lock.unlock();
      }
    }
    for (FileStream fs : readyNow) {
      fs.ready.complete(fs.result);
    }
    wake();
  }

  /** The payload opened (pieces found on disk count as verified). */
  void payloadReady() {
    wake();
  }

  /** The torrent was removed: blocked reads fail, later ones too. */
  void torrentGone(String why) {
    gone = why;
    for (FileStream fs : files.values()) {
      fs.ready.completeExceptionally(new IOException(why));
    }
    wake();
  }

  private void wake() {
    arrival.lock();
    try {
      arrived.signalAll();
    } finally {
      arrival.unlock();
    }
  }

  /** Streaming mode lasts from the first prepared file or reader on (a player between two requests included). */
  private void updateActive() {
    active = !readers.isEmpty() || !pinned.isEmpty() || !files.isEmpty();
  }

  // ---- deadlines (torrent lock held) ----

  /**
   * Recomputes every deadline from the readers' windows and the pinned ranges, cancels requests of pieces no longer
   * wanted soon, then runs the time-critical request pass. Torrent lock held.
   */
  void refresh(long now) {
    updateActive();
    Payload p = t.payload();
    if (p == null) {
      return;
    }
    PiecePicker<PeerConnection> picker = p.picker;
    pinned.keySet().removeIf(picker::have); // pinned before the payload opened, then found on disk
    Map<Integer, Long> want = new HashMap<>();
    for (TorrentReader r : readers) {
      ReaderWindow w = r.window();
      if (w != null) {
        DeadlinePlan.addWindow(want, w, p.meta.pieceLength(), now + OVERDUE_GRACE_NANOS);
      }
    }
    for (Map.Entry<Integer, Long> e : pinned.entrySet()) {
      want.merge(e.getKey(), e.getValue(), Math::min);
    }
    for (Map.Entry<Integer, Long> e : want.entrySet()) {
      int piece = e.getKey();
      if (picker.have(piece)) {
        continue;
      }
      Long old = assigned.get(piece);
      long d = old == null ? e.getValue() : Math.min(old, e.getValue());
      if (old == null || d != old) {
        assigned.put(piece, d);
        picker.setDeadline(piece, d);
      }
    }
    Iterator<Map.Entry<Integer, Long>> it = assigned.entrySet().iterator();
    while (it.hasNext()) {
      int piece = it.next().getKey();
      if (!want.containsKey(piece)) {
        it.remove();
        picker.clearDeadline(piece);
        cancelRequests(picker, piece);
      }
    }
    critical.run(now);
  }

  /** A seek left the piece behind: its outstanding blocks are cancelled (they go back to missing). */
  private static void cancelRequests(PiecePicker<PeerConnection> picker, int piece) {
    if (picker.have(piece)) {
      return;
    }
    for (int b = 0; b < picker.blockCount(piece); b++) {
      if (picker.blockState(piece, b) != PiecePicker.BLOCK_REQUESTED) {
        continue;
      }
      BlockRequest block = picker.block(piece, b);
      for (PeerConnection c : picker.requesters(piece, b)) {
        if (picker.cancel(c, block)) {
          c.send(new Message.Cancel(block.piece(), block.offset(), block.length()));
        }
      }
    }
  }

  /** Open readers (the probe's included), for tests and status. */
  int readerCount() {
    return readers.size();
  }
}
