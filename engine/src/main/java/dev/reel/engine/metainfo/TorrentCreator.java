package dev.reel.engine.metainfo;

import dev.reel.engine.bencode.BEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Builds a v1 .torrent (BEP 3) for a file or a directory. Not thread-safe; {@link #build()} blocks while it reads and
 * hashes every byte.
 *
 * <p>A directory contributes its regular files, recursively, in order of their relative paths (compared element by
 * element); symbolic links and other special files are skipped. The output is canonical bencoding with
 * {@code announce} (the first tracker), {@code announce-list} when there is more than one tracker (BEP 12),
 * {@code url-list} (BEP 19), {@code private} (BEP 27), {@code comment}, {@code created by} and {@code creation date}.
 */
public final class TorrentCreator {
  public static final int MIN_PIECE_LENGTH = 16 * 1024;
  public static final int MAX_AUTO_PIECE_LENGTH = 16 * 1024 * 1024;
  /** Number of pieces {@link #choosePieceLength} aims at. */
  public static final int TARGET_PIECES = 1500;
  /** Read buffer for hashing. */
  static final int READ_BUFFER = 4 * 1024 * 1024;
  public static final String DEFAULT_CREATED_BY = "Reel";

  private final Path root;
  private List<List<String>> trackers = new ArrayList<>();
  private List<String> webSeeds = List.of();
  private int pieceLength;
  private boolean privateFlag;
  private String comment;
  private String createdBy = DEFAULT_CREATED_BY;
  private Optional<Instant> creationDate = Optional.empty();
  private boolean creationDateSet;

  private TorrentCreator(Path root) {
    this.root = Objects.requireNonNull(root, "root");
  }

  /** A creator for a regular file (single-file torrent) or a directory (multi-file torrent named after it). */
  public static TorrentCreator forPath(Path path) {
    return new TorrentCreator(path);
  }

  /** BEP 12 tiers, replacing any trackers added before. */
  public TorrentCreator trackers(List<List<String>> tiers) {
    this.trackers = new ArrayList<>();
    for (List<String> tier : tiers) {
      if (!tier.isEmpty()) {
        this.trackers.add(new ArrayList<>(tier));
      }
    }
    return this;
  }

  /** Adds a tracker in a tier of its own, after the existing ones. */
  public TorrentCreator addTracker(String url) {
    trackers.add(new ArrayList<>(List.of(url)));
    return this;
  }

  public TorrentCreator webSeeds(List<String> urls) {
    this.webSeeds = List.copyOf(urls);
    return this;
  }

  /** A fixed piece length (a power of two of at least 16 KiB); by default {@link #choosePieceLength} decides. */
  public TorrentCreator pieceLength(int pieceLength) {
    if (pieceLength < MIN_PIECE_LENGTH || Integer.bitCount(pieceLength) != 1
        || pieceLength > Metainfo.MAX_PIECE_LENGTH) {
      throw new IllegalArgumentException("piece length must be a power of two from 16 KiB to 128 MiB: " + pieceLength);
    }
    this.pieceLength = pieceLength;
    return this;
  }

  public TorrentCreator privateFlag(boolean privateFlag) {
    this.privateFlag = privateFlag;
    return this;
  }

  public TorrentCreator comment(String comment) {
    this.comment = comment;
    return this;
  }

  public TorrentCreator createdBy(String createdBy) {
    this.createdBy = createdBy;
    return this;
  }

  /** The creation date written; {@code null} leaves it out. Defaults to the time of {@link #build()}. */
  public TorrentCreator creationDate(Instant when) {
    this.creationDate = Optional.ofNullable(when);
    this.creationDateSet = true;
    return this;
  }

  /**
   * A power of two between 16 KiB and 16 MiB giving about {@link #TARGET_PIECES} pieces: total / 1500 rounded up to a
   * power of two, clamped. E.g. 35 MB gives 32 KiB, 700 MB 512 KiB, 4.7 GB 4 MiB.
   */
  public static int choosePieceLength(long totalSize) {
    long target = Math.max(1, totalSize / TARGET_PIECES);
    if (target >= MAX_AUTO_PIECE_LENGTH) {
      return MAX_AUTO_PIECE_LENGTH;
    }
    int p = Integer.highestOneBit((int) target);
    if (p < target) {
      p <<= 1;
    }
    return Math.max(MIN_PIECE_LENGTH, Math.min(MAX_AUTO_PIECE_LENGTH, p));
  }

  private record Source(Path file, List<String> path, long length) {}

  /** Reads and hashes the files and returns the .torrent bytes. */
  public byte[] build() throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("no such file or directory: " + root);
    }
    Path fileName = root.toAbsolutePath().normalize().getFileName();
    if (fileName == null) {
      throw new IOException("cannot name a torrent after the root directory");
    }
    String name = fileName.toString();
    boolean multiFile = Files.isDirectory(root);
    List<Source> sources = multiFile ? listDirectory() : List.of(new Source(root, List.of(name), Files.size(root)));
    if (sources.isEmpty()) {
      throw new IOException("no regular files under " + root);
    }
    long total = 0;
    for (Source s : sources) {
      total = Math.addExact(total, s.length);
    }
    if (total == 0) {
      throw new IOException("cannot create a torrent of empty files: " + root);
    }
    int pl = pieceLength > 0 ? pieceLength : choosePieceLength(total);
    long pieceCount = (total - 1) / pl + 1;
    if (pieceCount > Metainfo.MAX_PIECES) {
      throw new IOException(pieceCount + " pieces exceed the limit of " + Metainfo.MAX_PIECES + "; use larger pieces");
    }
    byte[] pieces = hash(sources, pl, total);

    Map<String, Object> info = new LinkedHashMap<>();
    if (multiFile) {
      List<Object> files = new ArrayList<>();
      for (Source s : sources) {
        files.add(Map.of("length", s.length, "path", s.path));
      }
      info.put("files", files);
    } else {
      info.put("length", total);
    }
    info.put("name", name);
    info.put("piece length", pl);
    info.put("pieces", pieces);
    if (privateFlag) {
      info.put("private", 1);
    }

    Map<String, Object> before = new LinkedHashMap<>();
    List<List<String>> tiers = trackers.stream()
        .map(t -> t.stream().map(String::strip).filter(u -> !u.isEmpty()).toList())
        .filter(t -> !t.isEmpty()).toList();
    if (!tiers.isEmpty()) {
      before.put("announce", tiers.get(0).get(0));
      if (tiers.stream().mapToInt(List::size).sum() > 1) {
        before.put("announce-list", tiers);
      }
    }
    if (comment != null && !comment.isEmpty()) {
      before.put("comment", comment);
    }
    if (createdBy != null && !createdBy.isEmpty()) {
      before.put("created by", createdBy);
    }
    Optional<Instant> date = creationDateSet ? creationDate : Optional.of(Instant.now());
    date.ifPresent(d -> before.put("creation date", d.getEpochSecond()));
    Map<String, Object> after = new LinkedHashMap<>();
    if (!webSeeds.isEmpty()) {
      after.put("url-list", webSeeds);
    }
    return Metainfo.assemble(before, BEncoder.encode(info), after);
  }

  private List<Source> listDirectory() throws IOException {
    List<Source> out = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          List<String> rel = new ArrayList<>();
          root.relativize(p).forEach(e -> rel.add(e.toString()));
          out.add(new Source(p, List.copyOf(rel), Files.size(p)));
        }
      }
    }
    Comparator<List<String>> byElements = (a, b) -> {
      for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
        int c = a.get(i).compareTo(b.get(i));
        if (c != 0) {
          return c;
        }
      }
      return Integer.compare(a.size(), b.size());
    };
    out.sort(Comparator.comparing(Source::path, byElements));
    return out;
  }

  /** SHA-1 of every piece over the concatenated files, with one digest and one large buffer. */
  private static byte[] hash(List<Source> sources, int pieceLength, long total) throws IOException {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by every JDK", e);
    }
    long pieceCount = (total - 1) / pieceLength + 1;
    ByteArrayOutputStream pieces = new ByteArrayOutputStream((int) pieceCount * Metainfo.HASH_LENGTH);
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(READ_BUFFER, Math.max(total, 1)));
    long inPiece = 0;
    for (Source s : sources) {
      long remaining = s.length;
      try (FileChannel ch = FileChannel.open(s.file, StandardOpenOption.READ)) {
        while (remaining > 0) {
          buf.clear();
          buf.limit((int) Math.min(buf.capacity(), remaining));
          int n = ch.read(buf);
          if (n < 0) {
            throw new IOException(s.file + " shrank while it was being hashed");
          }
          buf.flip();
          remaining -= n;
          while (buf.hasRemaining()) {
            int take = (int) Math.min(buf.remaining(), pieceLength - inPiece);
            int limit = buf.limit();
            buf.limit(buf.position() + take);
            sha1.update(buf);
            buf.limit(limit);
            inPiece += take;
            if (inPiece == pieceLength) {
              pieces.writeBytes(sha1.digest());
              inPiece = 0;
            }
          }
        }
      }
    }
    if (inPiece > 0) {
      pieces.writeBytes(sha1.digest());
    }
    return pieces.toByteArray();
  }
}
