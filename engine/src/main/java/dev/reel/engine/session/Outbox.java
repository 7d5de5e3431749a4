package dev.reel.engine.session;

import dev.reel.engine.wire.Message;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What a connection's writer has to send: protocol messages, always first, and blocks the peer requested, in request
 * order. Keeping them apart lets our own requests, haves and chokes overtake a backlog of rate-limited blocks.
 * Thread-safe; producers never block.
 */
final class Outbox {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition ready = lock.newCondition();
  private final ArrayDeque<Message> control = new ArrayDeque<>();
  private final LinkedHashSet<PeerConnection.Serve> serves = new LinkedHashSet<>();
  private boolean closed;

  void add(Message m) {
    lock.lock();
    try {
      if (!closed) {
        control.add(m);
        ready.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Queues a block; false if {@code max} blocks are already queued. A duplicate request is ignored. */
  boolean addServe(PeerConnection.Serve s, int max) {
    lock.lock();
    try {
      if (closed) {
        return true;
      }
      if (serves.size() >= max) {
        return false;
      }
      serves.add(s);
      ready.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  boolean cancel(PeerConnection.Serve s) {
    lock.lock();
    try {
      return serves.remove(s);
    } finally {
      lock.unlock();
    }
  }

  /** Removes and returns every queued block. */
  List<PeerConnection.Serve> drainServes() {
    lock.lock();
    try {
      List<PeerConnection.Serve> out = new ArrayList<>(serves);
      serves.clear();
      return out;
    } finally {
      lock.unlock();
    }
  }

  int serveCount() {
    lock.lock();
    try {
      return serves.size();
    } finally {
      lock.unlock();
    }
  }

  void close() {
    lock.lock();
    try {
      closed = true;
      control.clear();
      serves.clear();
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }

  Message pollControl() {
    lock.lock();
    try {
      return control.poll();
    } finally {
      lock.unlock();
    }
  }

  /** The next item (a {@link Message} before any {@link PeerConnection.Serve}), or null if none is queued. */
  Object poll() {
    lock.lock();
    try {
      return pollLocked();
    } finally {
      lock.unlock();
    }
  }

  private Object pollLocked() {
    Message m = control.poll();
    if (m != null) {
      return m;
    }
    Iterator<PeerConnection.Serve> it = serves.iterator();
    if (it.hasNext()) {
      PeerConnection.Serve s = it.next();
      it.remove();
      return s;
    }
    return null;
  }

  /** Blocks until an item is queued; null once closed. */
  Object take() throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        if (closed) {
          return null;
        }
        Object o = pollLocked();
        if (o != null) {
          return o;
        }
        ready.await();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Waits up to {@code nanos} for a protocol message (or close). */
  void awaitControl(long nanos) throws InterruptedException {
    lock.lock();
    try {
      long left = nanos;
      while (!closed && control.isEmpty() && left > 0) {
        left = ready.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }

  boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }
}
