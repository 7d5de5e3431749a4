package dev.reel.app.cli;

import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.metainfo.TorrentCreator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/** {@code reel create PATH -o FILE}: hashes a file or folder into a .torrent, written atomically. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = {
      "Create a .torrent from a file or folder.",
      "Prints the name, info-hash, piece size and count, and the magnet link. The file is written to a temporary "
          + "file first and renamed into place, so FILE is either complete or untouched."
    })
final class CreateCommand extends ReelSubcommand {
  /** BEP 3 says a power of two; libtorrent's bounds. */
  static final int MIN_PIECE = 16 * 1024;

  static final int MAX_PIECE = 128 * 1024 * 1024;

  private static final SecureRandom RANDOM = new SecureRandom();

  @Parameters(index = "0", paramLabel = "PATH", description = "The file or folder to share.")
  Path path;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Where to write the .torrent (default: <name>.torrent in the current folder).")
  Path output;

  @Option(
      names = "--tracker",
      paramLabel = "URL",
      converter = SwarmOptions.TrackerUrl.class,
      description = "Announce URL; repeatable, each one its own tier (BEP 12), in order.")
  List<String> trackers = new ArrayList<>();

  @Option(names = "--webseed", paramLabel = "URL", description = "Web seed URL (BEP 19); repeatable.")
  List<String> webSeeds = new ArrayList<>();

  @Option(
      names = "--piece-size",
      paramLabel = "BYTES",
      converter = PieceSize.class,
      description = "Piece size: a power of two from 16K to 128M (suffix K or M allowed; default: chosen by size).")
  Integer pieceSize;

  @Option(names = "--private", description = "Set the private flag (BEP 27): peers only from the trackers.")
  boolean privateFlag;

  @Option(names = "--comment", paramLabel = "TEXT", description = "A free-text comment.")
  String comment;

  @Option(names = "--force", description = "Overwrite FILE if it exists.")
  boolean force;

  @Override
  protected int run() throws Exception {
    Path source = path.toAbsolutePath().normalize();
    if (!Files.exists(source)) {
      throw CliException.error("no such file or directory: " + path);
    }
    Path target = (output != null ? output : Path.of(source.getFileName() + ".torrent")).toAbsolutePath().normalize();
    if (Files.isDirectory(target)) {
      throw CliException.error(output + " is a directory; -o takes the .torrent file's path");
    }
    if (Files.exists(target) && !force) {
      throw CliException.error(target + " already exists (use --force to overwrite)");
    }
    if (target.startsWith(source) && Files.isDirectory(source)) {
      throw CliException.error("the .torrent cannot be written inside the folder it describes: " + target);
    }
    for (String seed : webSeeds) {
      if (!seed.matches("(?i)https?://.+")) {
        throw CliException.error("not a web seed URL (http:// or https://): " + seed);
      }
    }

    TorrentCreator creator = TorrentCreator.forPath(source).createdBy("reel/" + ReelCommand.version());
    // Reassigned each time: works whether the builder mutates itself or returns a copy.
    for (String tracker : trackers) {
      creator = creator.addTracker(tracker);
    }
    if (!webSeeds.isEmpty()) {
      creator = creator.webSeeds(webSeeds);
    }
    if (pieceSize != null) {
      creator = creator.pieceLength(pieceSize);
    }
    creator = creator.privateFlag(privateFlag);
    if (comment != null) {
      creator = creator.comment(comment);
    }
    byte[] torrent;
    try {
      torrent = creator.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw CliException.error("cannot create a torrent from " + path + ": " + e.getMessage(), e);
    }
    Metainfo m = Sources.parse(torrent, "created from " + path); // proves what we write is readable
    writeAtomically(target, torrent);

    InfoPrinter.row(out(), "name", m.name());
    InfoPrinter.row(out(), "info-hash", m.infoHash().hex());
    InfoPrinter.row(out(), "piece size", Formats.bytes(m.pieceLength()) + " (" + m.pieceLength() + " bytes)");
    InfoPrinter.row(out(), "pieces", Integer.toString(m.pieceCount()));
    InfoPrinter.row(out(), "total size", Formats.bytes(m.totalLength()) + " (" + m.totalLength() + " bytes)");
    InfoPrinter.row(out(), "magnet", InfoPrinter.magnet(m));
    InfoPrinter.row(out(), "saved", target.toString());
    return ExitCodes.OK;
  }

  /** Temp file in the target's folder, fsync, rename over the target; the temp file never outlives a failure. */
  static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path dir = target.getParent();
    Files.createDirectories(dir);
    // A fresh name opened with CREATE_NEW: the file gets the umask's permissions (createTempFile would make it 0600).
    Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** "262144", "256K", "256KiB", "1M", "4MiB": a power of two in [16 KiB, 128 MiB]. */
  static final class PieceSize implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      String v = value.trim().toUpperCase(Locale.ROOT).replace("IB", "").replace("B", "");
      long mult = 1;
      if (v.endsWith("K")) {
        mult = 1024;
        v = v.substring(0, v.length() - 1);
      } else if (v.endsWith("M")) {
        mult = 1024 * 1024;
        v = v.substring(0, v.length() - 1);
      }
      long n;
      try {
        n = Long.parseLong(v.trim()) * mult;
      } catch (NumberFormatException e) {
        throw new TypeConversionException("not a size: '" + value + "'");
      }
      if (n < MIN_PIECE || n > MAX_PIECE || Long.bitCount(n) != 1) {
        throw new TypeConversionException("piece size must be a power of two from 16K to 128M, not " + value);
      }
      return (int) n;
    }
  }
}
