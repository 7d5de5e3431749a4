package dev.reel.app.cli;

import dev.reel.engine.TorrentSource;
import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.metainfo.InvalidTorrentException;
import dev.reel.engine.metainfo.Magnet;
import dev.reel.engine.metainfo.Metainfo;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns a command-line {@code <source>} into a {@link TorrentSource}: a magnet URI, an http(s) URL of a .torrent, a
 * 40-hex info-hash, or a .torrent path (in that order; a file named like an info-hash wins over the hash).
 */
final class Sources {
  private Sources() {}

  /** A resolved source; {@code label} names it in messages (the path or URL as given). */
  record Resolved(TorrentSource source, String label, Optional<Metainfo> metainfo) {
    static Resolved of(Metainfo m, String label) {
      return new Resolved(new TorrentSource.OfMetainfo(m), label, Optional.of(m));
    }
  }

  static Resolved resolve(String arg) throws CliException, InterruptedException {
    String lower = arg.toLowerCase(Locale.ROOT);
    if (lower.startsWith("magnet:")) {
      try {
        return new Resolved(new TorrentSource.OfMagnet(Magnet.parse(arg)), arg, Optional.empty());
      } catch (IllegalArgumentException e) {
        throw CliException.error("not a valid magnet link: " + e.getMessage(), e);
      }
    }
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      return Resolved.of(parse(TorrentFetcher.fetch(uri(arg)), arg), arg);
    }
    if (InfoHash.isHex(arg) && !Files.exists(Path.of(arg))) {
      return new Resolved(new TorrentSource.OfInfoHash(InfoHash.fromHex(arg)), arg, Optional.empty());
    }
    return Resolved.of(parse(readTorrentFile(Path.of(arg)), arg), arg);
  }

  /** A source that must carry the file list itself: a .torrent path or URL (for seed). */
  static Resolved resolveTorrentFile(String arg) throws CliException, InterruptedException {
    Resolved r = resolve(arg);
    if (r.metainfo().isEmpty()) {
      throw CliException.error("needs a .torrent file or URL, not a magnet link or info-hash: " + arg);
    }
    return r;
  }

  static byte[] readTorrentFile(Path file) throws CliException {
    try {
      if (!Files.exists(file)) {
        throw CliException.error("no such file: " + file);
      }
      if (Files.isDirectory(file)) {
        throw CliException.error(file + " is a directory, not a .torrent file");
      }
      if (Files.size(file) > TorrentFetcher.MAX_TORRENT_BYTES) {
        throw CliException.error("not a valid torrent: larger than " + (TorrentFetcher.MAX_TORRENT_BYTES >> 20)
            + " MiB (" + file + ")");
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw CliException.error("cannot read " + file + ": " + ReelSubcommand.describe(e), e);
    }
  }

  static Metainfo parse(byte[] torrent, String label) throws CliException {
    try {
      return Metainfo.parse(torrent);
    } catch (InvalidTorrentException e) {
      throw CliException.error("not a valid torrent: " + e.getMessage() + " (" + label + ")", e);
    }
  }

  private static URI uri(String s) throws CliException {
    try {
      return new URI(s);
    } catch (URISyntaxException e) {
      throw CliException.error("not a valid URL: " + s + " (" + e.getReason() + ")", e);
    }
  }
}
