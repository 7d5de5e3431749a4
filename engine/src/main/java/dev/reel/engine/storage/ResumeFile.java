package dev.reel.engine.storage;

import dev.reel.engine.metainfo.InfoHash;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves and loads {@link ResumeState} so that a restart does not rehash what it had verified.
 *
 * <p>Format (big-endian): the magic {@code "REELRSUM"}, a version (int, {@link #VERSION}), the info-hash (20 bytes),
 * the piece count (int), the verified pieces as a BEP 3 bitfield (high bit of the first byte = piece 0), the file
 * count (int), per file its length and last-modified millis (two longs), and a CRC-32 (int) of everything before it.
 *
 * <p>Crash safety: {@link #save} writes {@code <file>.tmp}, forces it to the device, renames it over {@code file}
 * atomically and forces the directory, so {@code file} always holds either the old or the new state. {@link #load}
 * never reads the temp file, and treats a missing, truncated, corrupt or unknown-version file as absent.
 *
 * <p>Thread-safety: the methods are stateless; concurrent saves to the same file must be serialized by the caller
 * (they share the temp file).
 */
public final class ResumeFile {
  public static final int VERSION = 1;
  /** Most files a resume file may list. */
  public static final int MAX_FILES = 1_000_000;

  private static final Logger LOG = LoggerFactory.getLogger(ResumeFile.class);
  private static final byte[] MAGIC = "REELRSUM".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER = MAGIC.length + 4 + InfoHash.LENGTH + 4;
  private static final long MAX_BYTES =
      HEADER + StorageLayout.MAX_PIECES / 8 + 4 + (long) MAX_FILES * 16 + 4;

  private ResumeFile() {}

  /**
   * Atomically replaces {@code file} with {@code state}: on return (or after a crash at any point) the file holds
   * either the previous state or this one.
   */
  public static void save(Path file, ResumeState state) throws IOException {
    if (state.files().size() > MAX_FILES) {
      throw new IllegalArgumentException("too many files for a resume file: " + state.files().size());
    }
    ByteBuffer buf = encode(state);
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.createDirectories(dir);
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      moved = true;
    } finally {
      if (!moved) {
        Files.deleteIfExists(tmp);
      }
    }
    forceDirectory(dir);
  }

  // Makes the rename durable. Some platforms cannot open or force a directory; the rename is still atomic there.
  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("cannot force directory {}: {}", dir, e.toString());
    }
  }

  /**
   * The state saved in {@code file}, or empty if there is none: the file is missing, unreadable, truncated, corrupt
   * or of an unknown version (each logged as a warning, except missing). Never throws for bad content.
   */
  public static Optional<ResumeState> load(Path file) {
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        LOG.warn("ignoring resume file {}: {} bytes is more than the {} allowed", file, size, MAX_BYTES);
        return Optional.empty();
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      LOG.warn("ignoring resume file {}: cannot read it: {}", file, e.toString());
      return Optional.empty();
    }
    try {
      return Optional.of(decode(bytes));
    } catch (CorruptException e) {
      LOG.warn("ignoring resume file {}: {}", file, e.getMessage());
      return Optional.empty();
    }
  }

  static ByteBuffer encode(ResumeState s) {
    int bitfieldBytes = (s.pieceCount() + 7) / 8;
    List<FileStamp> files = s.files();
    int size = HEADER + bitfieldBytes + 4 + files.size() * 16 + 4;
    ByteBuffer buf = ByteBuffer.allocate(size);
    buf.put(MAGIC).putInt(VERSION).put(s.infoHash().bytes()).putInt(s.pieceCount());
    byte[] bitfield = new byte[bitfieldBytes];
    BitSet have = s.have();
    for (int i = have.nextSetBit(0); i >= 0; i = have.nextSetBit(i + 1)) {
      bitfield[i >>> 3] |= (byte) (0x80 >>> (i & 7));
    }
    buf.put(bitfield).putInt(files.size());
    for (FileStamp f : files) {
      buf.putLong(f.length()).putLong(f.lastModifiedMillis());
    }
    CRC32 crc = new CRC32();
    crc.update(buf.array(), 0, buf.position());
    buf.putInt((int) crc.getValue());
    return buf.flip();
  }

  static ResumeState decode(byte[] bytes) throws CorruptException {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    try {
      byte[] magic = new byte[MAGIC.length];
      buf.get(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new CorruptException("not a resume file (bad magic)");
      }
      int version = buf.getInt();
      if (version != VERSION) {
        throw new CorruptException("unsupported version " + version + " (this build reads " + VERSION + ")");
      }
      if (bytes.length < 4 + HEADER) {
        throw new CorruptException("truncated at " + bytes.length + " bytes");
      }
      CRC32 crc = new CRC32();
      crc.update(bytes, 0, bytes.length - 4);
      int expectedCrc = ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
      if ((int) crc.getValue() != expectedCrc) {
        throw new CorruptException("checksum mismatch (truncated or damaged)");
      }
      byte[] hash = new byte[InfoHash.LENGTH];
      buf.get(hash);
      int pieceCount = buf.getInt();
      if (pieceCount < 0 || pieceCount > StorageLayout.MAX_PIECES) {
        throw new CorruptException("piece count out of range: " + pieceCount);
      }
      BitSet have = new BitSet(pieceCount);
      for (int i = 0, n = (pieceCount + 7) / 8; i < n; i++) {
        int b = buf.get() & 0xff;
        for (int bit = 0; bit < 8 && b != 0; bit++) {
          if ((b & (0x80 >>> bit)) != 0) {
            int piece = i * 8 + bit;
            if (piece >= pieceCount) {
              throw new CorruptException("bit set past the last piece " + (pieceCount - 1));
            }
            have.set(piece);
          }
        }
      }
      int fileCount = buf.getInt();
      if (fileCount < 0 || fileCount > MAX_FILES || (long) fileCount * 16 != buf.remaining() - 4) {
        throw new CorruptException("file count " + fileCount + " does not match the " + bytes.length + " bytes");
      }
      List<FileStamp> files = new ArrayList<>(fileCount);
      for (int i = 0; i < fileCount; i++) {
        files.add(new FileStamp(buf.getLong(), buf.getLong()));
      }
      return new ResumeState(InfoHash.of(hash), pieceCount, have, files);
    } catch (BufferUnderflowException e) {
      throw new CorruptException("truncated at " + bytes.length + " bytes");
    }
  }

  /** The stamps of the layout's files below {@code root} now, in layout order (padding files: {@link FileStamp#MISSING}). */
  public static List<FileStamp> stamps(StorageLayout layout, Path root) throws IOException {
    List<StoredFile> files = layout.files();
    List<FileStamp> out = new ArrayList<>(files.size());
    for (StoredFile f : files) {
      out.add(f.padding() ? FileStamp.MISSING : FileStamp.of(FileStorage.resolve(root, f.relativePath())));
    }
    return out;
  }

  /**
   * The pieces of {@code state} that can be trusted without rehashing: those whose files all still have the size
   * and last-modified time saved in {@code state}. Returns an empty set when {@code state} does not describe {@code
   * layout} (other piece count or file count). The caller checks that the info-hash is the torrent's.
   */
  public static BitSet trusted(ResumeState state, StorageLayout layout, Path root) {
    List<StoredFile> files = layout.files();
    if (state.pieceCount() != layout.pieceCount() || state.files().size() != files.size()) {
      return new BitSet();
    }
    BitSet trusted = state.have();
    for (int i = 0; i < files.size(); i++) {
      StoredFile f = files.get(i);
      if (f.padding() || f.length() == 0) {
        continue;
      }
      FileStamp now;
      try {
        now = FileStamp.of(FileStorage.resolve(root, f.relativePath()));
      } catch (IOException e) {
        now = FileStamp.MISSING;
      }
      if (now.missing() || !now.equals(state.files().get(i))) {
        trusted.clear(layout.firstPiece(i), layout.lastPiece(i) + 1);
      }
    }
    return trusted;
  }

  /** Bad content in a resume file. */
  static final class CorruptException extends Exception {
    private static final long serialVersionUID = 1L;

    CorruptException(String message) {
      super(message);
    }
  }
}
