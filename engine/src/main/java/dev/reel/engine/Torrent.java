package dev.reel.engine;

import dev.reel.engine.media.ProbeResult;
import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.stream.TorrentReader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A handle on one torrent in an {@link Engine}. Thread-safe; methods do not block on the network unless they say so.
 * A handle stays valid after {@link #remove}: its status is then {@link TorrentState#REMOVED}.
 */
public interface Torrent {
  InfoHash infoHash();

  /** The metainfo, once known (immediately for .torrent sources, after BEP 9 for magnets). */
  Optional<Metainfo> metainfo();

  /** Completes when the metainfo is known; fails if the torrent is removed first. */
  CompletableFuture<Metainfo> metadata();

  /**
   * Completes when every selected file is complete and verified, after the {@code TorrentCompleted} event and every
   * {@code FileCompleted} event were delivered to the listener; fails if the torrent errs or is removed.
   */
  CompletableFuture<Void> completion();

  TorrentStatus status();

  /** Per-file progress; empty until the metainfo is known. */
  List<FileStatus> files();

  List<PeerInfo> peers();

  /** The torrent's web seeds (BEP 19) and how each is doing; empty until the metainfo is known. */
  List<WebSeedInfo> webSeeds();

  /** Disconnects and stops announcing; verified data and resume state are kept. */
  void pause();

  void resume();

  /** Removes the torrent from the engine; with {@code deleteData}, its downloaded files too. */
  void remove(boolean deleteData);

  void setFilePriority(int fileIndex, FilePriority priority);

  /** Dials this peer now (and again later if the connection drops). */
  void addPeer(InetSocketAddress peer);

  void addTracker(String announceUrl);

  /** Per-torrent limits in bytes/s, 0 = unlimited. */
  void setRateLimits(long download, long upload);

  /**
   * Opens a blocking, seekable reader over a file that returns only hash-verified bytes (streaming while
   * downloading, see docs/STREAMING.md). Its position and readahead give the file's pieces deadlines; each reader
   * has its own window and closing it releases the window. Opening a file also starts its container probe
   * ({@link #prepareStream}); a skipped file gets normal priority.
   *
   * @throws IllegalStateException if the metadata is not known yet
   * @throws IndexOutOfBoundsException if there is no such file
   * @throws IOException if the torrent was removed
   */
  TorrentReader openReader(int fileIndex) throws IOException;

  /**
   * As {@link #openReader(int)}, but the reader starts at {@code position}: its first window is already there, so
   * a player's ranged request far into the file does not first give deadlines to (and request) the file's start.
   *
   * @throws IllegalArgumentException if the position is negative
   */
  default TorrentReader openReader(int fileIndex, long position) throws IOException {
    TorrentReader r = openReader(fileIndex);
    r.position(position);
    return r;
  }

  /**
   * As {@link #openReader(int, long)}, for a request of the bytes {@code [position, end)} of the file: the reader's
   * readahead stops at {@code end} ({@link TorrentReader#setReadaheadLimit}) from its first window on.
   */
  default TorrentReader openReader(int fileIndex, long position, long end) throws IOException {
    TorrentReader r = openReader(fileIndex, position);
    r.setReadaheadLimit(end);
    return r;
  }

  /**
   * Container-aware start: probes the file's container (once; the probe's reads are served like a reader's) and
   * marks its critical ranges (head, MP4 {@code moov}, Matroska Cues, AVI idx1...) with early deadlines. Completes
   * with the probe's result once every critical range is verified, i.e. when a player can start; fails if the
   * torrent is removed first.
   *
   * @throws IllegalStateException if the metadata is not known yet
   */
  CompletableFuture<ProbeResult> prepareStream(int fileIndex);

  /** Bytes verified contiguously ahead of the slowest open reader of the file; 0 when none is open. */
  long bufferedAhead(int fileIndex);

  /** A snapshot of the hash-verified pieces (bit i = piece i); empty until the metainfo is known. */
  java.util.BitSet verifiedPieces();
}
