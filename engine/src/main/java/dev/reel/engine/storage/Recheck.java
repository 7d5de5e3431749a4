package dev.reel.engine.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds which pieces of existing data are present and valid (BEP 3 piece hashes): when the user points a torrent
 * at a folder that already holds its files, or when resume data is missing or no longer trusted.
 *
 * <p>Pieces that reach past what a file holds on disk ({@link Storage#availableBytes}) are skipped without
 * reading; the rest are hashed on up to {@link #MAX_THREADS} worker threads. A piece that cannot be read counts as
 * missing, never as an error.
 */
public final class Recheck {
  /** Hashing threads at most (the target machines have two cores). */
  public static final int MAX_THREADS = 2;

  private static final Logger LOG = LoggerFactory.getLogger(Recheck.class);

  private Recheck() {}

  /** As {@link #run(Storage, StorageLayout, IntFunction, LongConsumer, int)} with {@link #MAX_THREADS} threads. */
  public static BitSet run(Storage storage, StorageLayout layout, IntFunction<byte[]> pieceHash, LongConsumer progress)
      throws IOException, InterruptedException {
    return run(storage, layout, pieceHash, progress, MAX_THREADS);
  }

  /**
   * Checks every piece of {@code layout} in {@code storage}; blocks until done.
   *
   * @param pieceHash the expected SHA-1 (20 bytes) of a piece
   * @param progress told the number of pieces dealt with so far (skipped or hashed), increasing, ending at the piece
   *     count; called from worker threads, one call at a time; may be null
   * @param threads hashing threads, clamped to 1..{@link #MAX_THREADS}
   * @return the valid pieces
   * @throws IOException if the storage cannot tell which files are on disk
   * @throws InterruptedException if the calling thread is interrupted: workers stop after their current piece
   */
  public static BitSet run(Storage storage, StorageLayout layout, IntFunction<byte[]> pieceHash,
      LongConsumer progress, int threads) throws IOException, InterruptedException {
    Objects.requireNonNull(pieceHash, "pieceHash");
    int pieceCount = layout.pieceCount();
    BitSet candidates = new BitSet(pieceCount);
    candidates.set(0, pieceCount);
    List<StoredFile> files = layout.files();
    for (int f = 0; f < files.size(); f++) {
      StoredFile file = files.get(f);
      if (file.length() == 0 || file.padding()) {
        continue;
      }
      long available = Math.max(0, storage.availableBytes(f));
      if (available < file.length()) {
        int firstBad = (int) ((file.offset() + available) / layout.pieceLength());
        candidates.clear(firstBad, layout.lastPiece(f) + 1);
      }
    }
    Progress done = new Progress(progress);
    done.add(pieceCount - candidates.cardinality());

    int[] todo = candidates.stream().toArray();
    BitSet valid = new BitSet(pieceCount);
    if (todo.length == 0) {
      return valid;
    }
    AtomicInteger cursor = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable worker = () -> {
      try {
        for (int i; failure.get() == null && (i = cursor.getAndIncrement()) < todo.length; ) {
          int piece = todo[i];
          if (check(storage, layout, piece, pieceHash.apply(piece))) {
            synchronized (valid) {
              valid.set(piece);
            }
          }
          done.add(1);
        }
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
      }
    };
    int n = Math.max(1, Math.min(Math.min(threads, MAX_THREADS), todo.length));
    List<Thread> workers = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      workers.add(Thread.ofPlatform().name("reel-recheck-" + i).daemon(true).start(worker));
    }
    try {
      for (Thread t : workers) {
        t.join();
      }
    } catch (InterruptedException e) {
      failure.compareAndSet(null, e);
      for (Thread t : workers) {
        joinUninterruptibly(t);
      }
      throw e;
    }
    Throwable t = failure.get();
    if (t instanceof RuntimeException r) {
      throw r;
    } else if (t instanceof Error err) {
      throw err;
    } else if (t != null) {
      throw new IllegalStateException("recheck worker failed", t);
    }
    synchronized (valid) {
      return (BitSet) valid.clone();
    }
  }

  private static boolean check(Storage storage, StorageLayout layout, int piece, byte[] expected) {
    try {
      return PieceHasher.verify(storage, layout, piece, expected);
    } catch (IOException e) {
      LOG.debug("recheck: piece {} unreadable: {}", piece, e.toString());
      return false;
    }
  }

  // Workers stop after their current piece; the caller is told of the interrupt by the exception it gets.
  private static void joinUninterruptibly(Thread t) {
    while (true) {
      try {
        t.join();
        return;
      } catch (InterruptedException e) {
        // Keep waiting: a worker must not outlive run().
      }
    }
  }

  /** A monotonic count of pieces dealt with, reported one call at a time. */
  private static final class Progress {
    private final LongConsumer sink;
    private long done;

    Progress(LongConsumer sink) {
      this.sink = sink;
    }

    synchronized void add(long n) {
      if (n == 0) {
        return;
      }
      done += n;
      if (sink != null) {
        sink.accept(done);
      }
    }
  }
}
