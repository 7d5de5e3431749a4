package dev.reel.engine.metainfo;

import dev.reel.engine.bencode.BDecoder;
import dev.reel.engine.bencode.BDict;
import dev.reel.engine.bencode.BEncoder;
import dev.reel.engine.bencode.BList;
import dev.reel.engine.bencode.BString;
import dev.reel.engine.bencode.BValue;
import dev.reel.engine.bencode.BencodeException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed v1 .torrent (BEP 3) or info dictionary received through ut_metadata (BEP 9). Immutable and thread-safe.
 *
 * <p>The info-hash is the SHA-1 of the info dictionary's bytes exactly as received (never a re-encoding), so a
 * torrent with unsorted keys keeps its real identity. Hybrid v1+v2 torrents (BEP 52) are read through their v1 part;
 * v2-only torrents are rejected. Trackers follow BEP 12, web seeds BEP 19, the private flag BEP 27, padding files
 * BEP 47. File paths are kept raw; {@link #resolveFile} applies {@link PathSanitizer}.
 */
public final class Metainfo {
  /** Largest .torrent file accepted (libtorrent's default). */
  public static final int MAX_TORRENT_SIZE = 10 * 1024 * 1024;
  /** Largest bare info dictionary accepted by {@link #fromInfoBytes} (the ut_metadata limit, as libtorrent's). */
  public static final int MAX_INFO_SIZE = 16 * 1024 * 1024;
  /** Largest piece length accepted. */
  public static final int MAX_PIECE_LENGTH = 128 * 1024 * 1024;
  /** Most pieces accepted (libtorrent's limit). */
  public static final int MAX_PIECES = 2_097_152;
  /** Deepest directory nesting accepted for a file's path. */
  public static final int MAX_PATH_DEPTH = 100;
  /** Most files accepted. */
  public static final int MAX_FILES = 1_000_000;

  static final int HASH_LENGTH = 20;

  private final byte[] infoBytes;
  private final InfoHash infoHash;
  private final String name;
  private final int pieceLength;
  private final byte[] pieces;
  private final long totalLength;
  private final List<FileEntry> files;
  private final boolean multiFile;
  private final boolean isPrivate;
  private final List<List<String>> announceTiers;
  private final List<String> urlList;
  private final Optional<String> comment;
  private final Optional<String> createdBy;
  private final Optional<Instant> creationDate;

  private Metainfo(Info info, byte[] infoBytes, List<List<String>> tiers, List<String> urlList, Optional<String> comment,
      Optional<String> createdBy, Optional<Instant> creationDate) {
    this.infoBytes = infoBytes;
    this.infoHash = InfoHash.ofInfoBytes(infoBytes);
    this.name = info.name;
    this.pieceLength = info.pieceLength;
    this.pieces = info.pieces;
    this.totalLength = info.totalLength;
    this.files = info.files;
    this.multiFile = info.multiFile;
    this.isPrivate = info.isPrivate;
    this.announceTiers = tiers.stream().map(List::copyOf).toList();
    this.urlList = List.copyOf(urlList);
    this.comment = comment;
    this.createdBy = createdBy;
    this.creationDate = creationDate;
  }

  /** Parses a whole .torrent file. */
  public static Metainfo parse(byte[] torrent) throws InvalidTorrentException {
    if (torrent.length > MAX_TORRENT_SIZE) {
      throw new InvalidTorrentException(
          "torrent file of " + torrent.length + " bytes exceeds the limit of " + MAX_TORRENT_SIZE + " bytes");
    }
    if (torrent.length == 0) {
      throw new InvalidTorrentException("torrent file is empty");
    }
    BValue root = decode(torrent, "torrent file");
    if (!(root instanceof BDict top)) {
      throw new InvalidTorrentException("torrent file is not a bencoded dictionary");
    }
    if (!(top.get("info") instanceof BDict infoDict)) {
      throw new InvalidTorrentException(top.has("info") ? "'info' is not a dictionary" : "missing 'info' dictionary");
    }
    byte[] infoBytes = infoDict.span().bytes();
    Info info = Info.of(infoDict);
    return new Metainfo(info, infoBytes, tiers(top), urlList(top), optionalText(top, "comment"),
        optionalText(top, "created by"), creationDate(top));
  }

  /**
   * Builds a torrent from a bare info dictionary, e.g. after ut_metadata (BEP 9) delivered and verified it, with the
   * trackers and web seeds known from the magnet link.
   */
  public static Metainfo fromInfoBytes(byte[] info, List<List<String>> announceTiers, List<String> urlList)
      throws InvalidTorrentException {
    if (info.length > MAX_INFO_SIZE) {
      throw new InvalidTorrentException(
          "info dictionary of " + info.length + " bytes exceeds the limit of " + MAX_INFO_SIZE + " bytes");
    }
    if (!(decode(info, "info dictionary") instanceof BDict infoDict)) {
      throw new InvalidTorrentException("info is not a bencoded dictionary");
    }
    List<List<String>> tiers = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (List<String> tier : announceTiers) {
      List<String> t = tier.stream().map(String::strip).filter(u -> !u.isEmpty() && seen.add(u)).toList();
      if (!t.isEmpty()) {
        tiers.add(t);
      }
    }
    List<String> seeds = urlList.stream().map(String::strip).filter(u -> !u.isEmpty()).distinct().toList();
    return new Metainfo(Info.of(infoDict), info.clone(), tiers, seeds, Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  private static BValue decode(byte[] bytes, String what) throws InvalidTorrentException {
    try {
      return BDecoder.decode(bytes);
    } catch (BencodeException e) {
      throw new InvalidTorrentException(what + " is not valid bencoding: " + e.getMessage(), e);
    }
  }

  // ---- the info dictionary -------------------------------------------------------------------------------------

  private record Info(String name, int pieceLength, byte[] pieces, long totalLength, List<FileEntry> files,
      boolean multiFile, boolean isPrivate) {

    static Info of(BDict info) throws InvalidTorrentException {
      boolean hasPieces = info.has("pieces");
      if (!hasPieces && info.integer("meta version").orElse(1L) >= 2) {
        throw new InvalidTorrentException("BitTorrent v2-only torrents are not supported yet");
      }
      String name = text(info, "name.utf-8").filter(n -> !n.isEmpty()).or(() -> text(info, "name"))
          .orElseThrow(() -> new InvalidTorrentException("missing or non-string 'name' in info"));
      if (name.isEmpty()) {
        throw new InvalidTorrentException("empty 'name' in info");
      }
      long pieceLength = info.integer("piece length")
          .orElseThrow(() -> new InvalidTorrentException("missing or non-integer 'piece length' in info"));
      if (pieceLength <= 0 || pieceLength > MAX_PIECE_LENGTH) {
        throw new InvalidTorrentException(
            "'piece length' " + pieceLength + " is out of range (1.." + MAX_PIECE_LENGTH + ")");
      }
      BString pieces = info.string("pieces")
          .orElseThrow(() -> new InvalidTorrentException("missing or non-string 'pieces' in info"));
      if (pieces.length() % HASH_LENGTH != 0) {
        throw new InvalidTorrentException("'pieces' length " + pieces.length() + " is not a multiple of 20");
      }

      List<FileEntry> files;
      boolean multiFile;
      if (info.has("files")) {
        files = files(info);
        multiFile = true;
      } else {
        long length = info.integer("length")
            .orElseThrow(() -> new InvalidTorrentException("info has neither 'length' nor 'files'"));
        if (length < 0) {
          throw new InvalidTorrentException("negative 'length' " + length);
        }
        files = List.of(new FileEntry(0, List.of(name), length, 0, false));
        multiFile = false;
      }
      FileEntry last = files.get(files.size() - 1);
      long total = last.end();
      if (total <= 0) {
        throw new InvalidTorrentException("torrent has no data (total length is 0)");
      }
      long pieceCount = (total - 1) / pieceLength + 1;
      if (pieceCount > MAX_PIECES) {
        throw new InvalidTorrentException("torrent has " + pieceCount + " pieces, more than the limit of " + MAX_PIECES);
      }
      if (pieces.length() != pieceCount * HASH_LENGTH) {
        throw new InvalidTorrentException("'pieces' holds " + pieces.length() / HASH_LENGTH + " hashes but "
            + total + " bytes in pieces of " + pieceLength + " need " + pieceCount);
      }
      boolean isPrivate = info.integer("private").orElse(0L) == 1;
      return new Info(name, (int) pieceLength, pieces.bytes(), total, files, multiFile, isPrivate);
    }

    private static List<FileEntry> files(BDict info) throws InvalidTorrentException {
      if (!(info.get("files") instanceof BList list)) {
        throw new InvalidTorrentException("'files' is not a list");
      }
      if (list.size() == 0) {
        throw new InvalidTorrentException("'files' is empty");
      }
      if (list.size() > MAX_FILES) {
        throw new InvalidTorrentException("torrent lists " + list.size() + " files, more than " + MAX_FILES);
      }
      List<FileEntry> files = new ArrayList<>(list.size());
      long offset = 0;
      for (int index = 0; index < list.size(); index++) {
        final int i = index;
        if (!(list.get(i) instanceof BDict f)) {
          throw new InvalidTorrentException("file " + i + " is not a dictionary");
        }
        long length = f.integer("length")
            .orElseThrow(() -> new InvalidTorrentException("file " + i + " has no integer 'length'"));
        if (length < 0) {
          throw new InvalidTorrentException("file " + i + " has negative length " + length);
        }
        boolean padAttr = f.text("attr").map(a -> a.indexOf('p') >= 0).orElse(false);
        List<String> path = path(f, i, padAttr, length);
        boolean padding = padAttr || isPaddingPath(path);
        if (offset > Long.MAX_VALUE - length) {
          throw new InvalidTorrentException("total length overflows at file " + i);
        }
        files.add(new FileEntry(i, path, length, offset, padding));
        offset += length;
      }
      return List.copyOf(files);
    }

    private static List<String> path(BDict f, int i, boolean padAttr, long length) throws InvalidTorrentException {
      Optional<List<String>> utf8 = stringList(f.get("path.utf-8"));
      BValue raw = f.get("path");
      if (raw == null && utf8.isEmpty()) {
        if (padAttr) {
          return List.of(".pad", Long.toString(length)); // BEP 47 allows a padding file without a path
        }
        throw new InvalidTorrentException("file " + i + " has no 'path'");
      }
      List<String> path = utf8.isPresent() && !utf8.get().isEmpty() ? utf8.get() : stringList(raw)
          .orElseThrow(() -> new InvalidTorrentException("file " + i + " has a 'path' that is not a list of strings"));
      if (path.isEmpty()) {
        throw new InvalidTorrentException("file " + i + " has an empty 'path'");
      }
      if (path.size() > MAX_PATH_DEPTH) {
        throw new InvalidTorrentException(
            "file " + i + " is nested " + path.size() + " levels deep, more than " + MAX_PATH_DEPTH);
      }
      return path;
    }
  }

  /** BEP 47 padding by name: libtorrent's {@code .pad/N}, BitComet's and the Internet Archive's padding names. */
  static boolean isPaddingPath(List<String> path) {
    if (path.size() == 2 && path.get(0).equals(".pad")) {
      return true;
    }
    for (String element : path) {
      if (element.startsWith("_____padding_file") || element.equals("._____padding_file")) {
        return true;
      }
    }
    return false;
  }

  private static Optional<List<String>> stringList(BValue v) {
    if (!(v instanceof BList l)) {
      return Optional.empty();
    }
    List<String> out = new ArrayList<>(l.size());
    for (BValue item : l.items()) {
      if (!(item instanceof BString s)) {
        return Optional.empty();
      }
      out.add(s.utf8());
    }
    return Optional.of(List.copyOf(out));
  }

  private static Optional<String> text(BDict d, String key) {
    return d.text(key);
  }

  // ---- outside the info dictionary: lenient, a bad optional field is ignored -------------------------------------

  private static List<List<String>> tiers(BDict top) {
    List<List<String>> tiers = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    if (top.get("announce-list") instanceof BList list) {
      for (BValue tierValue : list.items()) {
        if (!(tierValue instanceof BList tierList)) {
          continue;
        }
        List<String> tier = new ArrayList<>();
        for (BValue url : tierList.items()) {
          if (url instanceof BString s) {
            String u = s.utf8().strip();
            if (!u.isEmpty() && seen.add(u)) {
              tier.add(u);
            }
          }
        }
        if (!tier.isEmpty()) {
          tiers.add(List.copyOf(tier));
        }
      }
    }
    if (tiers.isEmpty()) { // BEP 12: announce-list, when usable, supersedes announce
      top.text("announce").map(String::strip).filter(u -> !u.isEmpty()).ifPresent(u -> tiers.add(List.of(u)));
    }
    return tiers;
  }

  private static List<String> urlList(BDict top) {
    BValue v = top.get("url-list");
    List<String> urls = new ArrayList<>();
    if (v instanceof BString s) {
      urls.add(s.utf8());
    } else if (v instanceof BList l) {
      for (BValue item : l.items()) {
        if (item instanceof BString s) {
          urls.add(s.utf8());
        }
      }
    }
    return urls.stream().map(String::strip).filter(u -> !u.isEmpty()).distinct().toList();
  }

  private static Optional<String> optionalText(BDict top, String key) {
    return top.text(key + ".utf-8").or(() -> top.text(key)).filter(s -> !s.isEmpty());
  }

  private static Optional<Instant> creationDate(BDict top) {
    return top.integer("creation date").filter(t -> t > 0 && t < 253_402_300_800L).map(Instant::ofEpochSecond);
  }

  // ---- accessors -----------------------------------------------------------------------------------------------

  public InfoHash infoHash() {
    return infoHash;
  }

  /** The info dictionary exactly as received. A copy. */
  public byte[] infoBytes() {
    return infoBytes.clone();
  }

  /** Size of the info dictionary in bytes (the ut_metadata {@code metadata_size}). */
  public int infoSize() {
    return infoBytes.length;
  }

  /** The torrent's name: the file name of a single-file torrent, the top folder of a multi-file one. Raw. */
  public String name() {
    return name;
  }

  public int pieceLength() {
    return pieceLength;
  }

  public int pieceCount() {
    return pieces.length / HASH_LENGTH;
  }

  /** Bytes in the given piece: {@link #pieceLength()} except for a shorter last piece. */
  public int pieceSize(int piece) {
    checkPiece(piece);
    if (piece < pieceCount() - 1) {
      return pieceLength;
    }
    return (int) (totalLength - (long) piece * pieceLength);
  }

  /** The expected SHA-1 of a piece, 20 bytes. A copy. */
  public byte[] pieceHash(int piece) {
    checkPiece(piece);
    return Arrays.copyOfRange(pieces, piece * HASH_LENGTH, (piece + 1) * HASH_LENGTH);
  }

  private void checkPiece(int piece) {
    if (piece < 0 || piece >= pieceCount()) {
      throw new IndexOutOfBoundsException("piece " + piece + " of " + pieceCount());
    }
  }

  public long totalLength() {
    return totalLength;
  }

  /** All files in torrent order, padding files included. */
  public List<FileEntry> files() {
    return files;
  }

  public boolean multiFile() {
    return multiFile;
  }

  /** BEP 27: peers only from the torrent's trackers (no DHT, PEX or local discovery). */
  public boolean isPrivate() {
    return isPrivate;
  }

  /** BEP 12 tiers, deduplicated, in order; {@code [[announce]]} when there is no usable announce-list. */
  public List<List<String>> announceTiers() {
    return announceTiers;
  }

  /** BEP 19 web seeds. */
  public List<String> urlList() {
    return urlList;
  }

  public Optional<String> comment() {
    return comment;
  }

  public Optional<String> createdBy() {
    return createdBy;
  }

  public Optional<Instant> creationDate() {
    return creationDate;
  }

  /**
   * Where a file lives: {@code downloadDir/name/path...} for a multi-file torrent, {@code downloadDir/name} for a
   * single file, each element sanitized by {@link PathSanitizer}; always strictly under {@code downloadDir}, and for a
   * multi-file torrent strictly under the torrent's folder: a file whose path elements are all dropped (e.g. {@code
   * [".."]}) is {@code name/_}, never the torrent's folder itself. Files whose sanitized paths clash (the same
   * path twice, or a file whose path is another file's folder, {@code a} and {@code a/b}) get distinct names, the same
   * for every client of the torrent ({@link PathSanitizer#resolveDistinct}).
   */
  public Path resolveFile(Path downloadDir, int fileIndex) {
    FileEntry f = files.get(fileIndex);
    Path root = PathSanitizer.resolve(downloadDir, List.of(name));
    if (!multiFile) {
      return root;
    }
    ResolvedPaths r = resolved;
    if (r == null || !r.downloadDir().equals(downloadDir)) {
      List<List<String>> paths = new ArrayList<>(files.size());
      boolean[] padding = new boolean[files.size()];
      for (FileEntry e : files) {
        paths.add(e.path());
        padding[e.index()] = e.padding();
      }
      r = new ResolvedPaths(downloadDir, PathSanitizer.resolveDistinct(root, paths, padding));
      resolved = r;
    }
    return r.paths()[f.index()];
  }

  /** The last {@link #resolveFile} layout (immutable once published; recomputed for another folder). */
  private record ResolvedPaths(Path downloadDir, Path[] paths) {}

  private volatile ResolvedPaths resolved;

  /**
   * A .torrent file for this torrent: the info dictionary embedded verbatim (so the info-hash is unchanged) with the
   * trackers, web seeds, comment, creator and creation date around it, keys in canonical order.
   */
  public byte[] toTorrentBytes() {
    Map<String, Object> before = new LinkedHashMap<>(); // keys sorting before "info"
    Map<String, Object> after = new LinkedHashMap<>(); // keys sorting after "info"
    if (!announceTiers.isEmpty()) {
      before.put("announce", announceTiers.get(0).get(0));
      if (announceTiers.size() > 1 || announceTiers.get(0).size() > 1) {
        before.put("announce-list", announceTiers);
      }
    }
    comment.ifPresent(c -> before.put("comment", c));
    createdBy.ifPresent(c -> before.put("created by", c));
    creationDate.ifPresent(d -> before.put("creation date", d.getEpochSecond()));
    if (!urlList.isEmpty()) {
      after.put("url-list", urlList);
    }
    return assemble(before, infoBytes, after);
  }

  /** Writes {@code d <before...> 4:info <info> <after...> e}; the maps must hold only keys sorting before/after "info". */
  static byte[] assemble(Map<String, Object> before, byte[] info, Map<String, Object> after) {
    byte[] head = BEncoder.encode(before);
    byte[] tail = BEncoder.encode(after);
    ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + info.length + tail.length + 8);
    out.write(head, 0, head.length - 1); // without the closing 'e'
    out.writeBytes("4:info".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(info);
    out.write(tail, 1, tail.length - 1); // without the opening 'd'
    return out.toByteArray();
  }

  @Override
  public String toString() {
    return "Metainfo[" + name + ", " + infoHash.hex() + ", " + totalLength + " bytes, " + files.size() + " files]";
  }
}
