package dev.reel.engine.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores a torrent's data in files below a root directory, laid out per its {@link StorageLayout} (BEP 3): a block
 * that crosses a file boundary is split across the files; padding files (BEP 47) are never created or written and
 * read as zeros.
 *
 * <p>Files are opened lazily: for reading only until the first write (so a read-only folder can be seeded), then for
 * reading and writing, creating missing parent directories. At most {@link #MAX_OPEN_FILES} files are open at once;
 * the least recently used is closed when another is needed. Zero-length files are created by {@link
 * #createEmptyFiles()}, which the session calls when the torrent completes.
 *
 * <p>Thread-safety: safe for concurrent use. Reads and writes use positional {@link FileChannel} I/O, which runs in
 * parallel on the same file; only the open-file cache is guarded by a lock (held briefly per file segment, and while
 * a file is opened). A thread interrupted during I/O gets {@link ClosedByInterruptException}; other threads sharing
 * the channel that this closes reopen the file and carry on.
 *
 * <p>Blocking: every method blocks on disk I/O. {@link #close()} does not force data to the device: call {@link
 * #flush()} first where that matters.
 */
public final class FileStorage implements Storage {
  /** Most files kept open at once. */
  public static final int MAX_OPEN_FILES = 64;

  private static final Logger LOG = LoggerFactory.getLogger(FileStorage.class);
  private static final int ZERO_CHUNK = 16 * 1024;
  private static final byte[] ZEROS = new byte[ZERO_CHUNK];
  // A channel closed by other threads' interrupts is reopened this many times per segment before giving up (each
  // retry rewrites or rereads the same bytes at the same position, so a retry is harmless).
  private static final int MAX_REOPEN = 100;

  private final Path root;
  private final StorageLayout layout;
  private final List<StoredFile> files;
  private final Path[] paths;
  private final OpenFiles cache;

  /**
   * A storage for {@code layout} below {@code root}. Touches no file until the first read or write.
   *
   * @param root the directory the layout's relative paths are resolved against; created on the first write
   */
  public FileStorage(Path root, StorageLayout layout) {
    this(root, layout, MAX_OPEN_FILES);
  }

  /** As above with a smaller open-file limit (tests exercise eviction with it). */
  FileStorage(Path root, StorageLayout layout, int maxOpenFiles) {
    this.root = root.toAbsolutePath().normalize();
    this.layout = layout;
    this.files = layout.files();
    this.paths = new Path[files.size()];
    for (int i = 0; i < paths.length; i++) {
      paths[i] = resolve(this.root, files.get(i).relativePath());
    }
    this.cache = new OpenFiles(paths.length, maxOpenFiles, this::open, this.root.toString());
  }

  /** Where file {@code relativePath} of a layout lives below {@code root}; always strictly under root. */
  static Path resolve(Path root, Path relativePath) {
    Path absRoot = root.toAbsolutePath().normalize();
    Path p = absRoot.resolve(relativePath.toString()).normalize();
    if (!p.startsWith(absRoot) || p.equals(absRoot)) {
      throw new IllegalArgumentException("file path " + relativePath + " escapes the storage root " + absRoot);
    }
    return p;
  }

  public Path root() {
    return root;
  }

  public StorageLayout layout() {
    return layout;
  }

  /** The absolute path of file {@code fileIndex}. */
  public Path path(int fileIndex) {
    return paths[fileIndex];
  }

  @Override
  public void write(int piece, int offset, ByteBuffer src) throws IOException {
    transfer(piece, offset, src, true);
  }

  @Override
  public void read(int piece, int offset, ByteBuffer dst) throws IOException {
    transfer(piece, offset, dst, false);
  }

  private void transfer(int piece, int offset, ByteBuffer buf, boolean write) throws IOException {
    int length = buf.remaining();
    layout.checkBlock(piece, offset, length);
    if (length == 0) {
      return;
    }
    long pos = (long) piece * layout.pieceLength() + offset;
    long end = pos + length;
    int limit = buf.limit();
    try {
      int f = layout.fileAt(pos);
      while (true) {
        StoredFile file = files.get(f);
        int n = (int) (Math.min(end, file.end()) - pos);
        if (file.padding()) {
          if (write) {
            buf.position(buf.position() + n);
          } else {
            fillZeros(buf, n);
          }
        } else {
          buf.limit(buf.position() + n);
          segment(f, pos - file.offset(), buf, write, piece, offset);
          buf.limit(limit);
        }
        pos += n;
        if (pos >= end) {
          return;
        }
        do {
          f++;
        } while (files.get(f).length() == 0);
      }
    } finally {
      buf.limit(limit);
    }
  }

  private static void fillZeros(ByteBuffer dst, int n) {
    while (n > 0) {
      int k = Math.min(n, ZERO_CHUNK);
      dst.put(ZEROS, 0, k);
      n -= k;
    }
  }

  // Moves buf's remaining bytes to or from file f at filePos.
  private void segment(int f, long filePos, ByteBuffer buf, boolean write, int piece, int offset) throws IOException {
    for (int attempt = 0; ; attempt++) {
      OpenFiles.Handle h = cache.acquire(f, write, piece, offset);
      boolean wrote = false;
      try {
        if (write) {
          while (buf.hasRemaining()) {
            int k = h.channel.write(buf, filePos);
            filePos += k;
            wrote |= k > 0;
          }
        } else {
          while (buf.hasRemaining()) {
            int k = h.channel.read(buf, filePos);
            if (k < 0) {
              throw new MissingDataException("piece " + piece + " offset " + offset + ": file " + relative(f)
                  + " ends at byte " + filePos + ", the piece needs bytes up to " + (filePos + buf.remaining()));
            }
            filePos += k;
          }
        }
        return;
      } catch (ClosedByInterruptException e) {
        cache.discard(h);
        throw e;
      } catch (ClosedChannelException e) {
        // Another thread's interrupt (or an eviction race) closed the shared channel: reopen and resume.
        cache.discard(h);
        if (attempt + 1 >= MAX_REOPEN || cache.isClosed()) {
          throw new IOException(
              "file " + relative(f) + " was closed during I/O" + (cache.isClosed() ? " (storage closed)" : ""), e);
        }
      } finally {
        cache.release(h, wrote);
      }
    }
  }

  /**
   * Opens file {@code f}, never through a symbolic link that leads out of the root: a link already in the download
   * folder (say {@code Film -> /home/me/.ssh}) must not let a torrent's data be written, or read and uploaded, outside
   * it. The file itself is opened with {@link LinkOption#NOFOLLOW_LINKS}; its folder's real path must lie under the
   * root's real path (the root itself may be a link: that is the user's choice). Links inside the root stay usable.
   */
  private FileChannel open(int f, boolean write, int piece, int offset) throws IOException {
    Path p = paths[f];
    if (write) {
      try {
        Files.createDirectories(p.getParent());
        checkInsideRoot(p);
        return FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
      } catch (IOException e) {
        throw new IOException("cannot open " + p + " for writing: " + linkMessage(p, e), e);
      }
    }
    try {
      FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
      try {
        checkInsideRoot(p);
      } catch (IOException e) {
        ch.close();
        throw e;
      }
      return ch;
    } catch (NoSuchFileException e) {
      throw new MissingDataException("piece " + piece + " offset " + offset + ": file " + relative(f) + " is missing", e);
    } catch (IOException e) {
      throw new IOException("cannot open " + p + " for reading: " + linkMessage(p, e), e);
    }
  }

  /** Throws if a symbolic link among {@code p}'s folders leads outside the root. */
  private void checkInsideRoot(Path p) throws IOException {
    Path realParent = p.getParent().toRealPath();
    Path realRoot = root.toRealPath();
    if (!realParent.startsWith(realRoot)) {
      throw new IOException("refusing to follow a symbolic link out of the download folder: " + p.getParent()
          + " is really " + realParent + ", outside " + realRoot);
    }
  }

  /** The failure, said plainly when the file itself is a symbolic link (O_NOFOLLOW's "too many levels"). */
  private static String linkMessage(Path p, IOException e) {
    if (Files.isSymbolicLink(p)) {
      return "it is a symbolic link, which is never followed (" + e.getMessage() + ")";
    }
    return e.getMessage() != null && e.getMessage().startsWith("refusing") ? e.getMessage() : e.toString();
  }

  private String relative(int f) {
    return files.get(f).relativePath().toString();
  }

  /**
   * Forces every byte written so far onto the device, including bytes written through files closed since (they are
   * reopened briefly).
   */
  @Override
  public void flush() throws IOException {
    BitSet toForce = cache.takeDirty();
    IOException failure = null;
    for (int f = toForce.nextSetBit(0); f >= 0; f = toForce.nextSetBit(f + 1)) {
      try {
        force(f);
      } catch (IOException e) {
        cache.markDirty(f);
        if (failure == null) {
          failure = new IOException("cannot flush " + paths[f] + ": " + e, e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void force(int f) throws IOException {
    OpenFiles.Handle h = cache.acquireIfWritable(f);
    if (h != null) {
      try {
        h.channel.force(false);
        return;
      } catch (ClosedChannelException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw e;
        }
        // Closed under us: force through a fresh channel below.
      } finally {
        cache.release(h, false);
      }
    }
    try (FileChannel ch = FileChannel.open(paths[f], StandardOpenOption.WRITE)) {
      ch.force(false);
    } catch (NoSuchFileException e) {
      LOG.debug("{} vanished before it could be flushed", paths[f]);
    }
  }

  /**
   * How many leading bytes of file {@code fileIndex} are on disk: its size capped at its length; 0 when it is missing
   * or not a regular file; a padding file's full length.
   */
  @Override
  public long availableBytes(int fileIndex) throws IOException {
    StoredFile file = files.get(fileIndex);
    if (file.padding()) {
      return file.length();
    }
    try {
      BasicFileAttributes a = Files.readAttributes(paths[fileIndex], BasicFileAttributes.class);
      return a.isRegularFile() ? Math.min(a.size(), file.length()) : 0;
    } catch (NoSuchFileException e) {
      return 0;
    }
  }

  /** Creates every zero-length (non-padding) file that does not exist yet, with its parent directories. */
  public void createEmptyFiles() throws IOException {
    for (int i = 0; i < files.size(); i++) {
      StoredFile f = files.get(i);
      if (f.length() == 0 && !f.padding()) {
        Files.createDirectories(paths[i].getParent());
        checkInsideRoot(paths[i]);
        try {
          Files.createFile(paths[i]);
        } catch (FileAlreadyExistsException e) {
          // Already there: nothing to do.
        }
      }
    }
  }

  /**
   * Closes the storage, deletes the layout's files below the root, then the directories below the root that this
   * left empty. Never deletes the root itself, a directory holding anything else, or anything reached through a
   * symbolic link that leads outside the root.
   */
  public void deleteData() throws IOException {
    close();
    if (!Files.isDirectory(root)) {
      return;
    }
    Path realRoot = root.toRealPath();
    Set<Path> dirs = new LinkedHashSet<>();
    IOException failure = null;
    for (int i = 0; i < files.size(); i++) {
      if (files.get(i).padding()) {
        continue;
      }
      Path p = paths[i];
      for (Path d = p.getParent(); d != null && d.startsWith(root) && !d.equals(root); d = d.getParent()) {
        dirs.add(d);
      }
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      try {
        if (!p.getParent().toRealPath().startsWith(realRoot)) {
          LOG.warn("not deleting {}: its directory leads outside {}", p, root);
          continue;
        }
        Files.deleteIfExists(p);
      } catch (IOException e) {
        if (failure == null) {
          failure = new IOException("cannot delete " + p + ": " + e, e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    List<Path> deepestFirst = new ArrayList<>(dirs);
    deepestFirst.sort(Comparator.comparingInt(Path::getNameCount).reversed());
    for (Path d : deepestFirst) {
      try {
        if (Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS) && d.toRealPath().startsWith(realRoot)) {
          Files.delete(d);
        }
      } catch (DirectoryNotEmptyException | NoSuchFileException e) {
        // Holds something else, or already gone: keep going.
      } catch (IOException e) {
        LOG.debug("cannot delete directory {}", d, e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Closes every open file (files in use close when their current operation ends). Idempotent. */
  @Override
  public void close() {
    cache.close();
  }

  /** Files currently open (for tests). */
  int openFiles() {
    return cache.openCount();
  }

  @Override
  public String toString() {
    return "FileStorage[" + root + ", " + files.size() + " files]";
  }
}
