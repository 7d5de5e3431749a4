package dev.reel.engine.testkit;

import dev.reel.engine.bencode.BDecoder;
import dev.reel.engine.bencode.BDict;
import dev.reel.engine.bencode.BencodeException;
import dev.reel.engine.bencode.Span;
import dev.reel.engine.metainfo.InfoHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Creates .torrent files with {@code mktorrent} — independent of our own creator, so interop tests really test
 * interop. Builder style; not thread-safe. Example:
 *
 * <pre>{@code
 * Path t = MkTorrent.of(content).pieceLengthLog2(16).announce(tracker.announceUrl()).create(dir.resolve("x.torrent"), logs);
 * InfoHash ih = MkTorrent.infoHash(t);
 * }</pre>
 */
public final class MkTorrent {
  /** mktorrent's range for -l. */
  public static final int MIN_PIECE_LOG2 = 15;
  public static final int MAX_PIECE_LOG2 = 28;
  private static final Duration TTL = Duration.ofMinutes(2);

  private final Path content;
  private int pieceLog2 = 16;
  private final List<String> announce = new ArrayList<>();
  private final List<String> webSeeds = new ArrayList<>();
  private boolean privateFlag;
  private String comment;

  private MkTorrent(Path content) {
    this.content = content.toAbsolutePath();
  }

  /** A torrent of a file, or of a folder (multi-file; the torrent's name is the folder's name). */
  public static MkTorrent of(Path content) {
    return new MkTorrent(content);
  }

  /** Piece length 2^log2 bytes (default 16 = 64 KiB). */
  public MkTorrent pieceLengthLog2(int log2) {
    if (log2 < MIN_PIECE_LOG2 || log2 > MAX_PIECE_LOG2) {
      throw new IllegalArgumentException("mktorrent accepts piece length 2^15..2^28, not 2^" + log2);
    }
    this.pieceLog2 = log2;
    return this;
  }

  /** Adds a tracker tier; several URLs in one call form one tier (BEP 12). No tracker at all is allowed. */
  public MkTorrent announce(String... urlsOfOneTier) {
    announce.add(String.join(",", urlsOfOneTier));
    return this;
  }

  /** Adds web seeds (BEP 19 url-list). */
  public MkTorrent webSeeds(String... urls) {
    webSeeds.addAll(List.of(urls));
    return this;
  }

  public MkTorrent privateFlag(boolean on) {
    this.privateFlag = on;
    return this;
  }

  public MkTorrent comment(String text) {
    this.comment = text;
    return this;
  }

  /** Runs mktorrent; returns {@code out}. Its output goes to {@code <logDir>/mktorrent-<name>.log}. */
  public Path create(Path out, Path logDir) {
    Tools.requireMktorrent();
    List<String> cmd = new ArrayList<>(List.of("mktorrent", "-l", Integer.toString(pieceLog2), "-d"));
    for (String tier : announce) {
      cmd.addAll(List.of("-a", tier));
    }
    if (!webSeeds.isEmpty()) {
      cmd.addAll(List.of("-w", String.join(",", webSeeds)));
    }
    if (privateFlag) {
      cmd.add("-p");
    }
    if (comment != null) {
      cmd.addAll(List.of("-c", comment));
    }
    cmd.addAll(List.of("-o", out.toAbsolutePath().toString(), content.toString()));
    try {
      Files.deleteIfExists(out); // mktorrent refuses to overwrite
      Files.createDirectories(out.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (ManagedProcess p = ManagedProcess.start("mktorrent-" + out.getFileName(), cmd, logDir, null, TTL, null)) {
      OptionalInt rc = p.waitFor(TTL);
      if (rc.isEmpty() || rc.getAsInt() != 0 || !Files.isRegularFile(out)) {
        throw new IllegalStateException("mktorrent failed (" + rc + "); " + p.logTail());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running mktorrent", e);
    }
    return out;
  }

  /** The v1 info-hash of a .torrent: SHA-1 over the raw bytes of its {@code info} value (BEP 3). */
  public static InfoHash infoHash(Path torrent) {
    try {
      BDict root = (BDict) BDecoder.decode(Files.readAllBytes(torrent));
      Span info = root.dict("info").orElseThrow(() -> new IllegalArgumentException(torrent + " has no info dict"))
          .span();
      return InfoHash.ofInfoBytes(info.source(), info.offset(), info.length());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (BencodeException | ClassCastException e) {
      throw new IllegalArgumentException(torrent + " is not a valid .torrent", e);
    }
  }

  /** The torrent's name (the {@code info.name} field). */
  public static String name(Path torrent) {
    try {
      BDict root = (BDict) BDecoder.decode(Files.readAllBytes(torrent));
      return root.dict("info").flatMap(i -> i.text("name")).orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (BencodeException e) {
      throw new IllegalArgumentException(torrent + " is not a valid .torrent", e);
    }
  }

  /** A BEP 9 magnet URI: {@code xt} and, when given, {@code dn}, {@code tr} and {@code x.pe} (peer addresses). */
  public static String magnet(InfoHash infoHash, String displayName, List<String> trackers, List<String> peers) {
    StringBuilder b = new StringBuilder("magnet:?xt=urn:btih:").append(infoHash.hex());
    if (displayName != null) {
      b.append("&dn=").append(URLEncoder.encode(displayName, StandardCharsets.UTF_8));
    }
    trackers.forEach(t -> b.append("&tr=").append(URLEncoder.encode(t, StandardCharsets.UTF_8)));
    peers.forEach(p -> b.append("&x.pe=").append(p));
    return b.toString();
  }
}
