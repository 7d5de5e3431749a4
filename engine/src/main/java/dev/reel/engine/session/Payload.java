package dev.reel.engine.session;

import dev.reel.engine.FilePriority;
import dev.reel.engine.FileStatus;
import dev.reel.engine.metainfo.FileEntry;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.picker.PiecePicker;
import dev.reel.engine.storage.FileStorage;
import dev.reel.engine.storage.StorageLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * Everything a torrent has once its metainfo is known: the storage layout and files, the piece picker and the file
 * priorities. Created once per metainfo; the picker and priorities are guarded by the torrent lock, the storage is
 * thread-safe.
 */
final class Payload {
  final Metainfo meta;
  final StorageLayout layout;
  final FileStorage storage;
  final PiecePicker<PeerConnection> picker;
  /** Guarded by the torrent lock. */
  final FilePriority[] priorities;
  /** Pieces each file still misses; built lazily, guarded by the torrent lock. */
  private int[] missingPieces;

  Payload(Metainfo meta, Path downloadDir, Map<Integer, FilePriority> initial) {
    this.meta = meta;
    this.layout = layoutOf(meta, downloadDir);
    this.storage = new FileStorage(downloadDir, layout);
    this.picker = new PiecePicker<>(meta.pieceCount(), meta.pieceLength(), meta.totalLength());
    this.priorities = new FilePriority[meta.files().size()];
    for (int i = 0; i < priorities.length; i++) {
      priorities[i] = initial.getOrDefault(i, FilePriority.NORMAL);
    }
    applyPriorities();
  }

  /** Files under the download dir, each path sanitized (multi-file: name/path..., single: name). */
  static StorageLayout layoutOf(Metainfo meta, Path downloadDir) {
    StorageLayout.Builder b = StorageLayout.builder(meta.pieceLength());
    for (FileEntry f : meta.files()) {
      Path abs = meta.resolveFile(downloadDir, f.index());
      b.add(downloadDir.relativize(abs), f.length(), f.padding());
    }
    return b.build();
  }

  /** Pushes the file priorities into the picker (padding files never raise a piece). Call under the torrent lock. */
  void applyPriorities() {
    List<FileEntry> files = meta.files();
    long[] offsets = new long[files.size()];
    long[] lengths = new long[files.size()];
    int[] prios = new int[files.size()];
    for (FileEntry f : files) {
      offsets[f.index()] = f.offset();
      lengths[f.index()] = f.length();
      prios[f.index()] = f.padding() ? 0 : priorities[f.index()].level();
    }
    picker.setFilePriorities(offsets, lengths, prios);
  }

  int pieceCount() {
    return meta.pieceCount();
  }

  /** Bytes of wanted pieces, and of those we have. Call under the torrent lock. */
  long[] wantedAndDone() {
    long wanted = 0;
    long done = 0;
    for (int p = 0; p < meta.pieceCount(); p++) {
      if (picker.wanted(p)) {
        int size = meta.pieceSize(p);
        wanted += size;
        if (picker.have(p)) {
          done += size;
        }
      }
    }
    return new long[] {wanted, done};
  }

  /** Bytes of pieces we do not have (the tracker's "left"). Call under the torrent lock. */
  long left() {
    long have = 0;
    BitSet set = picker.haveSet();
    for (int p = set.nextSetBit(0); p >= 0; p = set.nextSetBit(p + 1)) {
      have += meta.pieceSize(p);
    }
    return meta.totalLength() - have;
  }

  /** Per-file verified bytes. Call under the torrent lock. */
  List<FileStatus> fileStatuses() {
    BitSet have = picker.haveSet();
    long pieceLength = meta.pieceLength();
    List<FileStatus> out = new ArrayList<>(meta.files().size());
    for (FileEntry f : meta.files()) {
      long verified = 0;
      if (f.length() > 0) {
        int first = (int) (f.offset() / pieceLength);
        int last = (int) ((f.offset() + f.length() - 1) / pieceLength);
        for (int p = have.nextSetBit(first); p >= 0 && p <= last; p = have.nextSetBit(p + 1)) {
          long start = Math.max(f.offset(), p * pieceLength);
          long end = Math.min(f.offset() + f.length(), p * pieceLength + meta.pieceSize(p));
          verified += Math.max(0, end - start);
        }
      }
      out.add(new FileStatus(f.index(), f.displayPath(), f.length(), verified, priorities[f.index()], f.padding()));
    }
    return out;
  }

  /**
   * Files (non-padding, with a length) that the piece just completed. Call under the torrent lock right after the
   * picker marked the piece had, once per piece. Keeps a count of missing pieces per file (built on first use).
   */
  List<Integer> filesCompletedBy(int piece) {
    long start = (long) piece * meta.pieceLength();
    long end = start + meta.pieceSize(piece);
    List<FileEntry> files = meta.files();
    boolean fresh = missingPieces == null;
    if (fresh) {
      missingPieces = new int[files.size()];
      for (int i = 0; i < files.size(); i++) {
        if (files.get(i).length() > 0) {
          for (int p = layout.firstPiece(i); p <= layout.lastPiece(i); p++) {
            if (!picker.have(p)) {
              missingPieces[i]++;
            }
          }
        }
      }
    }
    List<Integer> done = new ArrayList<>();
    for (int i = layout.fileAt(start); i < files.size() && files.get(i).offset() < end; i++) {
      FileEntry f = files.get(i);
      if (f.length() == 0) {
        continue;
      }
      if (!fresh) {
        missingPieces[i]--;
      }
      if (missingPieces[i] == 0 && !f.padding()) {
        done.add(f.index());
      }
    }
    return done;
  }
}
