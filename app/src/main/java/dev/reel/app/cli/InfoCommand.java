package dev.reel.app.cli;

import dev.reel.engine.Engine;
import dev.reel.engine.TorrentSource;
import dev.reel.engine.metainfo.Metainfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reel info <source>}: what a torrent contains; for a magnet or info-hash, asks the swarm first (BEP 9). */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = {
      "Show a torrent: name, info-hash, piece size and count, total size, files, private flag, trackers, web seeds.",
      "For a magnet link or info-hash the metadata is fetched from peers first (see --timeout)."
    })
final class InfoCommand extends ReelSubcommand {
  @Parameters(
      index = "0",
      paramLabel = "<source>",
      description = "Magnet link, .torrent path, http(s) URL of a .torrent, or 40-hex info-hash.")
  String source;

  @Option(
      names = "--json",
      description = "Print one JSON object (fields: name, infoHash, pieceLength, pieceCount, totalLength, private, "
          + "trackers, webSeeds, files[index, path, length]).")
  boolean json;

  @Option(
      names = "--peer-timeout",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description = "Give up (exit 3) if no peer connects within this (default: ${DEFAULT-VALUE}).")
  int peerTimeoutSeconds;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description = "Give up (exit 3) if the metadata has not arrived within this (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Mixin SwarmOptions swarm;

  @Override
  protected int run() throws Exception {
    Sources.Resolved resolved = Sources.resolve(source);
    Metainfo m = resolved.metainfo().isPresent() ? resolved.metainfo().get() : fetchMetadata(resolved.source());
    if (json) {
      out().println(InfoPrinter.json(m));
    } else {
      InfoPrinter.text(m, out());
    }
    return ExitCodes.OK;
  }

  /** Joins the swarm just long enough to get the info dictionary. */
  private Metainfo fetchMetadata(TorrentSource source) throws Exception {
    Path scratch = Files.createTempDirectory("reel-info-");
    SwarmWatch watch = new SwarmWatch();
    try (Engine engine = swarm.startEngine(scratch, watch)) {
      return MetadataFetch.fetch(engine, source, swarm, watch, stopSignal(), Duration.ofSeconds(peerTimeoutSeconds),
          Duration.ofSeconds(timeoutSeconds));
    } finally {
      FileCleanup.deleteTree(scratch);
    }
  }
}
