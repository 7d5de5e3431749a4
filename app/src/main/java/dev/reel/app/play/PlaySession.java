package dev.reel.app.play;

import dev.reel.app.stream.EngineStreams;
import dev.reel.engine.Torrent;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One play session: a torrent in the shared engine and the file being watched. Mutable, thread-safe (volatile
 * fields); owned by {@link PlaySessions}. Hears about its stream readers: an open reader keeps it alive.
 */
final class PlaySession implements EngineStreams.ReaderActivity {
  final String id;
  final Torrent torrent;
  final Object item;
  final Instant createdAt;
  final AtomicInteger readers = new AtomicInteger();
  volatile int fileIndex;
  volatile long lastActivityNanos;
  volatile boolean stopped;
  volatile boolean kept;

  PlaySession(String id, Torrent torrent, int fileIndex, Object item, Instant createdAt, long nowNanos) {
    this.id = id;
    this.torrent = torrent;
    this.fileIndex = fileIndex;
    this.item = item;
    this.createdAt = createdAt;
    this.lastActivityNanos = nowNanos;
  }

  void touch() {
    lastActivityNanos = System.nanoTime();
  }

  @Override
  public void opened() {
    readers.incrementAndGet();
    touch();
  }

  @Override
  public void read() {
    touch();
  }

  @Override
  public void closed() {
    readers.decrementAndGet();
    touch();
  }
}
