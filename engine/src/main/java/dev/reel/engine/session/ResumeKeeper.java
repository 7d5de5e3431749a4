package dev.reel.engine.session;

import dev.reel.engine.storage.FileStamp;
import dev.reel.engine.storage.Recheck;
import dev.reel.engine.storage.ResumeFile;
import dev.reel.engine.storage.ResumeState;
import dev.reel.engine.storage.StoredFile;
import java.io.IOException;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resume data of one torrent: restores verified pieces when the torrent opens (trusting the resume file only when
 * every file still has its saved size and mtime, else rechecking the data on disk), and saves it atomically when
 * dirty (at most every {@link #SAVE_INTERVAL_NANOS}) and on pause/close. Thread-safe.
 */
final class ResumeKeeper {
  private static final Logger log = LoggerFactory.getLogger(ResumeKeeper.class);
  static final long SAVE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final TorrentSession torrent;
  private volatile boolean dirty;
  private volatile long lastSaveNanos = System.nanoTime();
  private final Object saving = new Object();

  ResumeKeeper(TorrentSession torrent) {
    this.torrent = torrent;
  }

  /** Finds the pieces already on disk and marks them in the picker. Blocks (may hash everything). */
  void restore(Payload p, boolean forceRecheck) throws IOException, InterruptedException {
    BitSet have = null;
    if (!forceRecheck) {
      Optional<ResumeState> saved = ResumeFile.load(torrent.resumeFile());
      if (saved.isPresent() && saved.get().infoHash().equals(torrent.infoHash)) {
        BitSet trusted = ResumeFile.trusted(saved.get(), p.layout, torrent.downloadDir);
        if (trusted.equals(saved.get().have())) {
          have = trusted;
        }
      }
    }
    if (have == null) {
      have = anyData(p) ? Recheck.run(p.storage, p.layout, p.meta::pieceHash, null) : new BitSet();
      dirty = true;
    }
    torrent.lock.lock();
    try {
      for (int i = have.nextSetBit(0); i >= 0 && i < p.pieceCount(); i = have.nextSetBit(i + 1)) {
        p.picker.markHave(i);
      }
    } finally {
      torrent.lock.unlock();
    }
  }

  private static boolean anyData(Payload p) throws IOException {
    List<StoredFile> files = p.layout.files();
    for (int i = 0; i < files.size(); i++) {
      if (!files.get(i).padding() && files.get(i).length() > 0 && p.storage.availableBytes(i) > 0) {
        return true;
      }
    }
    return false;
  }

  void markDirty() {
    dirty = true;
  }

  /** Saves if dirty and the last save is old enough. Called by the ticker. */
  void maybeSave(long now) {
    if (dirty && now - lastSaveNanos >= SAVE_INTERVAL_NANOS) {
      save(false);
    }
  }

  /** Saves now (if {@code force} or dirty). Never throws; logs failures. */
  void save(boolean force) {
    Payload p = torrent.payload();
    if (p == null || (!force && !dirty)) {
      return;
    }
    synchronized (saving) {
      dirty = false;
      lastSaveNanos = System.nanoTime();
      BitSet have;
      torrent.lock.lock();
      try {
        have = p.picker.haveSet();
      } finally {
        torrent.lock.unlock();
      }
      try {
        List<FileStamp> stamps = ResumeFile.stamps(p.layout, torrent.downloadDir);
        ResumeFile.save(torrent.resumeFile(), new ResumeState(torrent.infoHash, p.pieceCount(), have, stamps));
      } catch (IOException | RuntimeException e) {
        dirty = true;
        log.warn("cannot save resume data of {}: {}", torrent.infoHash, e.toString());
      }
    }
  }
}
