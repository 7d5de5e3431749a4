package dev.reel.app.play;

import dev.reel.engine.Torrent;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One play session: a torrent in the shared engine and the file being watched. Mutable, thread-safe (volatile
 * fields); owned by {@link PlaySessions}.
 */
final class PlaySession {
  final String id;
  /** Replaced when a download takes the torrent over ({@link PlaySessions#rebind}). */
  volatile Torrent torrent;
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
}
