package dev.reel.engine.testkit;

import dev.reel.engine.bencode.BEncoder;
import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.metainfo.InvalidTorrentException;
import dev.reel.engine.metainfo.Metainfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.zip.CRC32;

/**
 * An Internet-Archive-shaped torrent and its web seeds, for tests. Like {@code {id}_archive.torrent}: the torrent is
 * named after the item id; its files are the item's files in name order (a video, a description, a thumbnail, a
 * subtitle with spaces and non-ASCII in its name, a file in a subfolder, {@code _meta.xml}), each with IA's extra keys
 * ({@code mtime}, {@code md5}, {@code crc32}, {@code sha1} as hex); between files, BEP 47 padding files ({@code attr
 * "p"}) in the {@code ._____padding_file} folder align every file to a piece boundary; {@code url-list} holds
 * several folder bases, each served by its own {@link WebSeedServer} at one of IA's URL shapes: {@code
 * http://127.0.0.1:p/download/} (archive.org's) and {@code http://127.0.0.1:q/0/items/} (a data node's), so the file
 * URL is base + item id + '/' + path (BEP 19).
 *
 * <p>The video is a real H.264/AAC MP4 made by ffmpeg when it is installed ({@link #realVideo()}), else random bytes
 * under the same name. Content is deterministic for a given configuration. The .torrent is built with our own
 * bencoder (mktorrent cannot make padding files).
 *
 * <p>Layout on disk: {@code <dir>/items/<id>/...} (what the servers serve, and the expected download) and {@code
 * <dir>/<id>_archive.torrent}. {@link #close()} stops the servers. Not thread-safe, except the servers.
 */
public final class ArchiveFixture implements AutoCloseable {
  /** The Internet Archive's padding folder. */
  public static final String PADDING_FOLDER = "._____padding_file";
  private static final long MTIME = 1_700_000_000L;
  private static final Duration FFMPEG_TTL = Duration.ofMinutes(2);

  private final String itemId;
  private final Path itemsRoot;
  private final Path torrentFile;
  private final byte[] torrent;
  private final List<WebSeedServer> servers;
  private final Path video;
  private final boolean realVideo;

  private ArchiveFixture(String itemId, Path itemsRoot, Path torrentFile, byte[] torrent, List<WebSeedServer> servers,
      Path video, boolean realVideo) {
    this.itemId = itemId;
    this.itemsRoot = itemsRoot;
    this.torrentFile = torrentFile;
    this.torrent = torrent;
    this.servers = servers;
    this.video = video;
    this.realVideo = realVideo;
  }

  public static Builder builder(Path dir) {
    return new Builder(dir);
  }

  /** Builder; defaults: item {@code reel_fixture_item}, 16 KiB pieces, 2 mirrors, a 5-second video. */
  public static final class Builder {
    private final Path dir;
    private String itemId = "reel_fixture_item";
    private int pieceLength = 16 * 1024;
    private int mirrors = 2;
    private int videoSeconds = 5;
    private Path logDir;
    private final List<String> trackers = new ArrayList<>();

    private Builder(Path dir) {
      this.dir = dir.toAbsolutePath();
    }

    public Builder itemId(String id) {
      if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
        throw new IllegalArgumentException("not an IA-style item id: " + id);
      }
      this.itemId = id;
      return this;
    }

    public Builder pieceLength(int bytes) {
      if (bytes < 1024 || Integer.bitCount(bytes) != 1) {
        throw new IllegalArgumentException("piece length must be a power of two >= 1024: " + bytes);
      }
      this.pieceLength = bytes;
      return this;
    }

    /** Number of web seed servers (url-list entries), at least 1. */
    public Builder mirrors(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("at least one mirror");
      }
      this.mirrors = n;
      return this;
    }

    public Builder videoSeconds(int s) {
      this.videoSeconds = s;
      return this;
    }

    /** Adds an announce URL (its own tier). IA lists bt1/bt2.archive.org; tests may pass a local tracker. */
    public Builder tracker(String url) {
      trackers.add(url);
      return this;
    }

    /** Where ffmpeg's output goes (default {@code <dir>/logs}). */
    public Builder logDir(Path d) {
      this.logDir = d;
      return this;
    }

    public ArchiveFixture build() {
      Path itemsRoot = dir.resolve("items");
      Path item = itemsRoot.resolve(itemId);
      Path video = item.resolve(itemId + ".mp4");
      boolean real = makeVideo(video, videoSeconds, logDir != null ? logDir : dir.resolve("logs"));
      if (!real) {
        TestData.file(video, 150_000 + 4321, 1968);
      }
      writeText(item.resolve(itemId + ".txt"), "A public-domain test item for Reel.\nIt has the shape of an "
          + "Internet Archive item.\n");
      TestData.file(item.resolve("__ia_thumb.jpg"), 23_456, 7);
      TestData.file(item.resolve(itemId + ".thumbs").resolve(itemId + "_000001.jpg"), 9_001, 8);
      writeText(item.resolve("Intro – Café (1080p) [en].srt"), "1\n00:00:00,000 --> 00:00:02,000\nBonjour, café !\n");
      writeText(item.resolve(itemId + "_meta.xml"), "<metadata><identifier>" + itemId
          + "</identifier><mediatype>movies</mediatype><collection>opensource_movies</collection></metadata>\n");

      List<WebSeedServer> servers = new ArrayList<>();
      for (int i = 0; i < mirrors; i++) {
        servers.add(WebSeedServer.start(itemsRoot, i == 0 ? "/download/" : "/" + (i - 1) + "/items/"));
      }
      try {
        List<String> urlList = servers.stream().map(WebSeedServer::baseUrl).toList();
        byte[] torrent = torrent(item, urlList);
        Path torrentFile = dir.resolve(itemId + "_archive.torrent");
        Files.write(torrentFile, torrent);
        return new ArchiveFixture(itemId, itemsRoot, torrentFile, torrent, List.copyOf(servers), video, real);
      } catch (IOException | RuntimeException e) {
        servers.forEach(WebSeedServer::close);
        throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
      }
    }

    private byte[] torrent(Path item, List<String> urlList) throws IOException {
      List<Path> files;
      try (var s = Files.walk(item)) {
        files = s.filter(Files::isRegularFile).sorted((a, b) -> rel(item, a).compareTo(rel(item, b))).toList();
      }
      List<Object> entries = new ArrayList<>();
      Pieces pieces = new Pieces(pieceLength);
      int pads = 0;
      for (int i = 0; i < files.size(); i++) {
        Path f = files.get(i);
        byte[] data = Files.readAllBytes(f);
        pieces.add(data, data.length);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("crc32", crc32(data));
        e.put("length", (long) data.length);
        e.put("md5", hex("MD5", data));
        e.put("mtime", Long.toString(MTIME));
        e.put("path", List.of(rel(item, f).split("/")));
        e.put("sha1", hex("SHA-1", data));
        entries.add(e);
        int tail = data.length % pieceLength;
        if (i < files.size() - 1 && tail != 0) {
          long padLength = pieceLength - tail;
          pieces.add(null, (int) padLength);
          entries.add(Map.of("attr", "p", "length", padLength, "path",
              List.of(PADDING_FOLDER, Integer.toString(pads++))));
        }
      }
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("collections", List.of("org.archive." + itemId));
      info.put("files", entries);
      info.put("name", itemId);
      info.put("piece length", (long) pieceLength);
      info.put("pieces", pieces.finish());
      Map<String, Object> top = new LinkedHashMap<>();
      if (!trackers.isEmpty()) {
        top.put("announce", trackers.get(0));
        top.put("announce-list", trackers.stream().map(List::of).toList());
      }
      top.put("comment", "This content hosted at the Internet Archive at https://archive.org/details/" + itemId
          + "\nFiles may have changed, which prevents torrents from downloading correctly or completely; please "
          + "check for an updated torrent at https://archive.org/download/" + itemId + "/" + itemId
          + "_archive.torrent\nNote: retrieval usually requires a client that supports webseeding (GetRight style)."
          + "\nNote: many Internet Archive torrents contain a 'pad file' directory. This directory and the files "
          + "within it may be erased once retrieval completes.");
      top.put("created by", "Reel ArchiveFixture");
      top.put("creation date", MTIME);
      top.put("info", info);
      top.put("locale", "en");
      top.put("title", itemId);
      top.put("url-list", urlList);
      return BEncoder.encode(top);
    }
  }

  /** SHA-1 of each piece of the concatenated files, padding included as zeros. */
  private static final class Pieces {
    private final int pieceLength;
    private final MessageDigest sha1 = digest("SHA-1");
    private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    private int inPiece;

    Pieces(int pieceLength) {
      this.pieceLength = pieceLength;
    }

    /** Adds {@code n} bytes of {@code data}, or {@code n} zeros when data is null. */
    void add(byte[] data, int n) {
      byte[] zeros = data == null ? new byte[Math.min(n, pieceLength)] : null;
      int at = 0;
      while (at < n) {
        int k = Math.min(n - at, pieceLength - inPiece);
        if (data != null) {
          sha1.update(data, at, k);
        } else {
          sha1.update(zeros, 0, k);
        }
        at += k;
        inPiece += k;
        if (inPiece == pieceLength) {
          out.writeBytes(sha1.digest());
          inPiece = 0;
        }
      }
    }

    byte[] finish() {
      if (inPiece > 0) {
        out.writeBytes(sha1.digest());
        inPiece = 0;
      }
      return out.toByteArray();
    }
  }

  /** The IA item id, which is also the torrent's name. */
  public String itemId() {
    return itemId;
  }

  /** The folder holding the item's files, as a complete download must look: {@code <dir>/items/<id>}. */
  public Path itemDir() {
    return itemsRoot.resolve(itemId);
  }

  public Path torrentFile() {
    return torrentFile;
  }

  public byte[] torrentBytes() {
    return torrent.clone();
  }

  public Metainfo metainfo() {
    try {
      return Metainfo.parse(torrent);
    } catch (InvalidTorrentException e) {
      throw new IllegalStateException("the fixture's torrent does not parse: " + e.getMessage(), e);
    }
  }

  public InfoHash infoHash() {
    return metainfo().infoHash();
  }

  /** The web seed servers, in url-list order. */
  public List<WebSeedServer> servers() {
    return servers;
  }

  /** The url-list, as in the torrent. */
  public List<String> urlList() {
    return servers.stream().map(WebSeedServer::baseUrl).toList();
  }

  /** A magnet with the item id as {@code dn} and every mirror as {@code ws} (BEP 19 via BEP 9 links). */
  public String magnet() {
    StringBuilder b = new StringBuilder("magnet:?xt=urn:btih:").append(infoHash().hex()).append("&dn=")
        .append(URLEncoder.encode(itemId, StandardCharsets.UTF_8));
    urlList().forEach(u -> b.append("&ws=").append(URLEncoder.encode(u, StandardCharsets.UTF_8)));
    return b.toString();
  }

  /** The item's video file (inside {@link #itemDir()}). */
  public Path videoFile() {
    return video;
  }

  /** Whether {@link #videoFile()} is a real MP4 (ffmpeg was available) rather than random bytes. */
  public boolean realVideo() {
    return realVideo;
  }

  @Override
  public void close() {
    servers.forEach(WebSeedServer::close);
  }

  // Makes a small H.264/AAC MP4 with ffmpeg if it is installed; false if not (or it failed: see the log).
  private static boolean makeVideo(Path out, int seconds, Path logDir) {
    if (Tools.findExecutable("ffmpeg") == null || Tools.findExecutable("timeout") == null) {
      return false;
    }
    try {
      Files.createDirectories(out.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> cmd = List.of("ffmpeg", "-hide_banner", "-nostdin", "-y", "-loglevel", "error",
        "-f", "lavfi", "-i", "testsrc=duration=" + seconds + ":size=320x240:rate=24",
        "-f", "lavfi", "-i", "sine=frequency=440:duration=" + seconds,
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
        "-movflags", "+faststart", "-fflags", "+bitexact", "-map_metadata", "-1", out.toString());
    try (ManagedProcess p = ManagedProcess.start("ffmpeg-" + out.getFileName(), cmd, logDir, null, FFMPEG_TTL,
        null)) {
      OptionalInt rc = p.waitFor(FFMPEG_TTL);
      return rc.isPresent() && rc.getAsInt() == 0 && Files.size(out) > 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running ffmpeg", e);
    }
  }

  private static String rel(Path root, Path f) {
    return root.relativize(f).toString().replace('\\', '/');
  }

  private static void writeText(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String hex(String algorithm, byte[] data) {
    return HexFormat.of().formatHex(digest(algorithm).digest(data));
  }

  private static String crc32(byte[] data) {
    CRC32 c = new CRC32();
    c.update(data);
    return String.format("%08x", c.getValue());
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is required by every JDK", e);
    }
  }
}
