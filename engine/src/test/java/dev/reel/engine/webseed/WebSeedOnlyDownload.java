package dev.reel.engine.webseed;

import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.storage.PieceHasher;
import dev.reel.engine.storage.Storage;
import dev.reel.engine.webseed.WebSeedScheduler.Assignment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A download by web seeds alone: the loop the session runs for its web seeds, minus the peers. The scheduler hands
 * runs to idle seeds; each run is fetched on a virtual thread, each piece hash-checked in memory, written if good,
 * and its claim released either way; a bad piece drops the seed (BEP 19), a failed request backs it off.
 */
final class WebSeedOnlyDownload {
  private final Metainfo meta;
  private final Storage storage;
  private final WebSeedScheduler scheduler;
  private final Map<WebSeedState, WebSeedClient> seeds = new IdentityHashMap<>();
  private final List<WebSeedState> states;
  final BitSetClaims claims;
  private final LinkedBlockingQueue<Assignment> finished = new LinkedBlockingQueue<>();

  WebSeedOnlyDownload(Metainfo meta, Storage storage, WebSeedScheduler scheduler, List<WebSeedClient> clients) {
    this.meta = meta;
    this.storage = storage;
    this.scheduler = scheduler;
    this.claims = new BitSetClaims(meta.pieceCount());
    List<WebSeedState> list = new java.util.ArrayList<>();
    for (WebSeedClient c : clients) {
      WebSeedState s = new WebSeedState(c.baseUrl(), new java.util.SplittableRandom(c.baseUrl().hashCode()));
      seeds.put(s, c);
      list.add(s);
    }
    this.states = List.copyOf(list);
  }

  List<WebSeedState> states() {
    return states;
  }

  WebSeedState state(String url) {
    return states.stream().filter(s -> s.url().equals(url)).findFirst().orElseThrow();
  }

  /** Runs until every wanted piece is had; fails if every seed is dropped or {@code timeout} passes. */
  void run(Duration timeout, int[] urgent) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      int inFlight = 0;
      while (!claims.complete()) {
        long now = System.nanoTime();
        for (Assignment a : scheduler.assign(states, claims, urgent, 0, now)) {
          inFlight++;
          threads.submit(() -> {
            try {
              fetch(a);
            } finally {
              finished.add(a);
            }
          });
        }
        if (inFlight == 0 && states.stream().allMatch(WebSeedState::dropped)) {
          throw new AssertionError("every web seed was dropped: " + states.stream()
              .map(s -> s.url() + ": " + s.lastError().orElse("?")).toList());
        }
        if (now - deadline > 0) {
          throw new AssertionError("download not complete in " + timeout + "; have " + claims.haveCount() + "/"
              + meta.pieceCount() + "; seeds " + states.stream().map(s -> s.snapshot(System.nanoTime())).toList());
        }
        // Wait for a run to end, or for a backing-off seed to be ready again.
        long wait = states.stream().filter(s -> !s.dropped() && s.status(now) == WebSeedState.Status.BACKING_OFF)
            .mapToLong(s -> s.retryAtNanos() - now).min().orElse(TimeUnit.SECONDS.toNanos(1));
        if (finished.poll(Math.max(1, Math.min(wait, deadline - now)), TimeUnit.NANOSECONDS) != null) {
          inFlight--;
          while (finished.poll() != null) {
            inFlight--;
          }
        }
      }
    }
  }

  private void fetch(Assignment a) {
    WebSeedState state = a.seed();
    WebSeedClient client = seeds.get(state);
    int length = 0;
    for (int p = a.firstPiece(); p < a.endPiece(); p++) {
      length += meta.pieceSize(p);
    }
    ByteBuffer run = ByteBuffer.allocate(length);
    try {
      WebSeedClient.Fetched f = client.fetch(a.firstPiece(), 0, run);
      state.succeeded(f.networkBytes(), f.nanos(), System.nanoTime());
    } catch (WebSeedException e) {
      state.failed(e, System.nanoTime());
      releaseAll(a);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      releaseAll(a);
      return;
    }
    int at = 0;
    for (int p = a.firstPiece(); p < a.endPiece(); p++) {
      ByteBuffer piece = run.slice(at, meta.pieceSize(p));
      at += meta.pieceSize(p);
      if (!MessageDigest.isEqual(PieceHasher.sha1(piece.duplicate()), meta.pieceHash(p))) {
        state.hashFailed(p);
        claims.release(p);
        continue;
      }
      try {
        storage.write(p, 0, piece);
      } catch (IOException e) {
        claims.release(p);
        throw new UncheckedIOException(e);
      }
      claims.markHave(p);
    }
  }

  private void releaseAll(Assignment a) {
    for (int p = a.firstPiece(); p < a.endPiece(); p++) {
      claims.release(p);
    }
  }
}
