package dev.reel.app.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A size-bounded cache of byte blobs on disk (provider responses, posters), least recently used out first.
 *
 * <p>Each entry is one file named by the SHA-256 of its key, holding the time it was written followed by the bytes; its
 * modification time records the last access. Writes are atomic (a temporary file moved into place), so a crash leaves
 * either the old entry or the new one, never a torn one. After each write, entries are evicted by oldest access until
 * the files total at most {@code maxBytes}; an entry larger than the limit is not stored. The index is rebuilt from the
 * folder when the cache is opened, leftover temporary files are removed.
 *
 * <p>Thread-safe (one lock; entries are small). I/O errors on read count as a miss; on write they are thrown as
 * {@link UncheckedIOException}. Time comes from the given {@link InstantSource}, so tests control the LRU order.
 */
public final class DiskCache {
  private static final String SUFFIX = ".entry";
  private static final String TEMP_SUFFIX = ".part";
  private static final int HEADER = Long.BYTES;

  /** A cached blob and when it was written. */
  public record Entry(byte[] data, Instant written) {
    public boolean freshAt(Instant now, Duration ttl) {
      return !written.plus(ttl).isBefore(now) && !written.isAfter(now.plus(Duration.ofMinutes(5)));
    }
  }

  private record Meta(long size, Instant accessed) {}

  private final Path dir;
  private final long maxBytes;
  private final InstantSource clock;
  /** File name to size and last access, in access order (least recent first). */
  private final LinkedHashMap<String, Meta> index = new LinkedHashMap<>(16, 0.75f, true);
  private long totalBytes;

  public DiskCache(Path dir, long maxBytes) throws IOException {
    this(dir, maxBytes, InstantSource.system());
  }

  /**
   * Opens (creating if needed) the cache in {@code dir}, which it owns: other files there are left alone but nothing
   * else should write {@code *.entry} files into it.
   */
  public DiskCache(Path dir, long maxBytes, InstantSource clock) throws IOException {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
    }
    this.dir = Files.createDirectories(dir);
    this.maxBytes = maxBytes;
    this.clock = clock;
    load();
  }

  private void load() throws IOException {
    record Found(String name, long size, Instant accessed) {}
    java.util.List<Found> found = new java.util.ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path p : files) {
        String n = p.getFileName().toString();
        if (n.endsWith(TEMP_SUFFIX)) {
          Files.deleteIfExists(p);
        } else if (n.endsWith(SUFFIX) && Files.isRegularFile(p)) {
          found.add(new Found(n, Files.size(p), Files.getLastModifiedTime(p).toInstant()));
        }
      }
    }
    found.sort(java.util.Comparator.comparing(Found::accessed));
    synchronized (this) {
      for (Found f : found) {
        index.put(f.name(), new Meta(f.size(), f.accessed()));
        totalBytes += f.size();
      }
      evict();
    }
  }

  private static String fileName(String key) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h) + SUFFIX;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }

  /** The entry for {@code key}, marking it as just used; empty when absent or unreadable. */
  public synchronized Optional<Entry> get(String key) {
    String name = fileName(key);
    Meta meta = index.get(name);
    if (meta == null) {
      return Optional.empty();
    }
    Path p = dir.resolve(name);
    try {
      byte[] raw = Files.readAllBytes(p);
      if (raw.length < HEADER) {
        drop(name);
        return Optional.empty();
      }
      Instant written = Instant.ofEpochMilli(ByteBuffer.wrap(raw, 0, HEADER).getLong());
      Instant now = clock.instant();
      Files.setLastModifiedTime(p, FileTime.from(now));
      index.put(name, new Meta(meta.size(), now));
      return Optional.of(new Entry(java.util.Arrays.copyOfRange(raw, HEADER, raw.length), written));
    } catch (IOException e) {
      drop(name);
      return Optional.empty();
    }
  }

  /** The bytes for {@code key} if they were written less than {@code ttl} ago. */
  public Optional<byte[]> getFresh(String key, Duration ttl) {
    Instant now = clock.instant();
    return get(key).filter(e -> e.freshAt(now, ttl)).map(Entry::data);
  }

  /** Stores {@code data} under {@code key}, replacing any previous entry, then evicts down to the size limit. */
  public synchronized void put(String key, byte[] data) {
    String name = fileName(key);
    long size = (long) data.length + HEADER;
    if (size > maxBytes) {
      drop(name);
      return;
    }
    Instant now = clock.instant();
    Path target = dir.resolve(name);
    try {
      Path tmp = Files.createTempFile(dir, "w", TEMP_SUFFIX);
      try {
        ByteBuffer header = ByteBuffer.allocate(HEADER).putLong(0, now.toEpochMilli());
        byte[] raw = new byte[(int) size];
        header.get(0, raw, 0, HEADER);
        System.arraycopy(data, 0, raw, HEADER, data.length);
        Files.write(tmp, raw);
        Files.setLastModifiedTime(tmp, FileTime.from(now));
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write cache entry in " + dir + ": " + e.getMessage(), e);
    }
    Meta old = index.put(name, new Meta(size, now));
    totalBytes += size - (old == null ? 0 : old.size());
    evict();
  }

  public synchronized void remove(String key) {
    drop(fileName(key));
  }

  /** Removes every entry. */
  public synchronized void clear() {
    for (String name : java.util.List.copyOf(index.keySet())) {
      drop(name);
    }
  }

  /** Bytes on disk taken by entries (headers included); at most {@link #maxBytes()}. */
  public synchronized long sizeBytes() {
    return totalBytes;
  }

  public long maxBytes() {
    return maxBytes;
  }

  public synchronized int entryCount() {
    return index.size();
  }

  public synchronized boolean contains(String key) {
    return index.containsKey(fileName(key));
  }

  private void evict() {
    var it = index.entrySet().iterator();
    while (totalBytes > maxBytes && it.hasNext()) {
      Map.Entry<String, Meta> e = it.next();
      it.remove();
      totalBytes -= e.getValue().size();
      delete(e.getKey());
    }
  }

  private void drop(String name) {
    Meta m = index.remove(name);
    if (m != null) {
      totalBytes -= m.size();
    }
    delete(name);
  }

  private void delete(String name) {
    try {
      Files.deleteIfExists(dir.resolve(name));
    } catch (NoSuchFileException e) {
      // already gone
    } catch (IOException e) {
      // the entry is out of the index; a leftover file is found again (and counted) on the next open
    }
  }
}
