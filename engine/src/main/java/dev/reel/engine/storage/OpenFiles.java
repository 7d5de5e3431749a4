package dev.reel.engine.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.BitSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded LRU cache of open channels behind {@link FileStorage}, with reference counts so that a channel evicted
 * while another thread is still reading or writing through it is closed only when that thread is done. Also tracks
 * which files were written since the last flush.
 *
 * <p>Thread-safety: safe for concurrent use; one lock guards everything and is held briefly (and while a file is
 * opened). Acquiring a cached channel allocates nothing.
 */
final class OpenFiles {
  /** Opens file {@code file} for reading, or for reading and writing; {@code piece}/{@code offset} are for messages. */
  interface Opener {
    FileChannel open(int file, boolean write, int piece, int offset) throws IOException;
  }

  /** One open channel. Fields other than the final ones are guarded by the cache's lock. */
  static final class Handle {
    final int file;
    final FileChannel channel;
    final boolean writable;
    private int users;
    private boolean retired;
    private Handle prev;
    private Handle next;

    private Handle(int file, FileChannel channel, boolean writable) {
      this.file = file;
      this.channel = channel;
      this.writable = writable;
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(OpenFiles.class);

  private final int maxOpen;
  private final Opener opener;
  private final String name;
  private final Object lock = new Object();
  // Guarded by lock: open handle per file index, an LRU list of them (head = most recent), files written since the
  // last flush, and the closed flag.
  private final Handle[] handles;
  private Handle head;
  private Handle tail;
  private int openCount;
  private final BitSet dirty = new BitSet();
  private boolean closed;

  OpenFiles(int fileCount, int maxOpen, Opener opener, String name) {
    if (maxOpen < 1) {
      throw new IllegalArgumentException("maxOpenFiles must be positive: " + maxOpen);
    }
    this.handles = new Handle[fileCount];
    this.maxOpen = maxOpen;
    this.opener = opener;
    this.name = name;
  }

  /**
   * A channel for file {@code f}, writable if {@code write}; opened (and the least recently used one evicted) if
   * needed. Every successful call must be paired with {@link #release}.
   */
  Handle acquire(int f, boolean write, int piece, int offset) throws IOException {
    synchronized (lock) {
      checkOpen();
      Handle h = handles[f];
      if (h != null && (h.writable || !write)) {
        if (h != head) {
          unlink(h);
          linkFirst(h);
        }
        h.users++;
        return h;
      }
      FileChannel channel = opener.open(f, write, piece, offset);
      if (h != null) {
        retire(h); // a read-only channel replaced by a writable one
      }
      h = new Handle(f, channel, write);
      h.users = 1;
      handles[f] = h;
      linkFirst(h);
      openCount++;
      while (openCount > maxOpen) {
        retire(tail);
      }
      return h;
    }
  }

  /** The cached writable channel of file {@code f}, acquired, or null if there is none. */
  Handle acquireIfWritable(int f) {
    synchronized (lock) {
      Handle h = handles[f];
      if (h == null || !h.writable) {
        return null;
      }
      h.users++;
      return h;
    }
  }

  /** Ends a use of {@code h}; {@code wrote} marks its file as needing a flush. */
  void release(Handle h, boolean wrote) {
    synchronized (lock) {
      if (wrote) {
        dirty.set(h.file);
      }
      if (--h.users == 0 && h.retired) {
        closeQuietly(h);
      }
    }
  }

  /** Drops {@code h} from the cache (its channel was closed under it); the caller still releases it. */
  void discard(Handle h) {
    synchronized (lock) {
      if (!h.retired) {
        retire(h);
      }
    }
  }

  /** The files written since the last call, now considered clean. */
  BitSet takeDirty() throws IOException {
    synchronized (lock) {
      checkOpen();
      BitSet d = (BitSet) dirty.clone();
      dirty.clear();
      return d;
    }
  }

  /** Marks file {@code f} as needing a flush again (its flush failed). */
  void markDirty(int f) {
    synchronized (lock) {
      dirty.set(f);
    }
  }

  boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  int openCount() {
    synchronized (lock) {
      return openCount;
    }
  }

  /** Closes every channel (those in use when their user releases them); later acquires fail. Idempotent. */
  void close() {
    synchronized (lock) {
      closed = true;
      while (tail != null) {
        retire(tail);
      }
    }
  }

  private void checkOpen() throws IOException {
    if (closed) {
      throw new IOException("storage is closed: " + name);
    }
  }

  // Guarded by lock. Removes h from the cache; its channel closes once no thread uses it.
  private void retire(Handle h) {
    unlink(h);
    handles[h.file] = null;
    openCount--;
    h.retired = true;
    if (h.users == 0) {
      closeQuietly(h);
    }
  }

  private void linkFirst(Handle h) {
    h.prev = null;
    h.next = head;
    if (head != null) {
      head.prev = h;
    }
    head = h;
    if (tail == null) {
      tail = h;
    }
  }

  private void unlink(Handle h) {
    if (h.prev != null) {
      h.prev.next = h.next;
    } else {
      head = h.next;
    }
    if (h.next != null) {
      h.next.prev = h.prev;
    } else {
      tail = h.prev;
    }
    h.prev = null;
    h.next = null;
  }

  private void closeQuietly(Handle h) {
    try {
      h.channel.close();
    } catch (IOException e) {
      LOG.debug("{}: closing file {} failed", name, h.file, e);
    }
  }
}
