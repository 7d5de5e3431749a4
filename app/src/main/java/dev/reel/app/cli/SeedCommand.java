package dev.reel.app.cli;

import dev.reel.engine.Engine;
import dev.reel.engine.Torrent;
import dev.reel.engine.TorrentState;
import dev.reel.engine.TorrentStatus;
import dev.reel.engine.metainfo.Metainfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reel seed <torrent> DIR}: verifies the data, then seeds until Ctrl-C / SIGTERM (exit 0). */
@Command(
    name = "seed",
    mixinStandardHelpOptions = true,
    description = {
      "Seed a torrent from data you already have.",
      "Checks every piece first, then uploads until Ctrl-C / SIGTERM, which announces 'stopped' to the trackers "
          + "and exits 0. Incomplete data is an error (exit 1); nothing is downloaded."
    })
final class SeedCommand extends ReelSubcommand {
  private static final Duration POLL = Duration.ofMillis(200);

  /** Short, so that incomplete data is seen before any peer could send a block. */
  private static final Duration CHECK_POLL = Duration.ofMillis(50);

  @Parameters(index = "0", paramLabel = "<torrent>", description = "The .torrent file (path or http(s) URL).")
  String torrentArg;

  @Parameters(
      index = "1",
      paramLabel = "DIR",
      description = "The folder that holds the data (the torrent's name is inside it).")
  Path dataDir;

  @Option(names = {"-q", "--quiet"}, description = "No progress output.")
  boolean quiet;

  @Mixin SwarmOptions swarm;

  @Override
  protected int run() throws Exception {
    Metainfo m = Sources.resolveTorrentFile(torrentArg).metainfo().orElseThrow();
    Path dir = dataDir.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw CliException.error("no such folder: " + dataDir);
    }
    try (ProgressView view = ProgressView.create(err(), quiet);
        Engine engine = swarm.startEngine(dir, new SwarmWatch())) {
      Torrent torrent = engine.add(m, swarm.addOptions(dir).withSeedMode(true));
      view.note("Checking " + m.name() + " in " + dir + " (" + Formats.bytes(m.totalLength()) + ")");
      awaitCheck(torrent, view, m, dir);
      view.note("Seeding " + m.name() + " (" + m.infoHash().hex() + ") on port " + engine.listenPort()
          + "; Ctrl-C to stop");
      while (!stopSignal().await(POLL)) {
        TorrentStatus s = torrent.status();
        if (s.state() == TorrentState.ERROR) {
          throw CliException.error(s.error().orElse("the torrent stopped with an error"));
        }
        view.update(s, System.nanoTime());
      }
    } // closing the engine announces "stopped"
    return ExitCodes.OK;
  }

  /**
   * Returns once every piece verified; throws if the data is incomplete or cannot be read. A torrent added from a
   * .torrent starts in CHECKING and leaves it for SEEDING (complete) or DOWNLOADING (something missing).
   */
  private void awaitCheck(Torrent torrent, ProgressView view, Metainfo m, Path dir) throws Exception {
    while (true) {
      if (torrent.completion().isDone()) {
        try {
          torrent.completion().get();
          return;
        } catch (ExecutionException e) {
          throw CliException.error(describe(e.getCause() != null ? e.getCause() : e), e);
        }
      }
      TorrentStatus s = torrent.status();
      switch (s.state()) {
        case SEEDING -> {
          return;
        }
        case ERROR -> throw CliException.error(s.error().orElse("cannot read the data in " + dir));
        case DOWNLOADING -> {
          torrent.remove(false); // at once: never download into, or delete, the user's data
          throw CliException.error("the data in " + dir + " is incomplete: " + s.piecesHave() + " of "
              + m.pieceCount() + " pieces verified (" + m.name() + "); seed needs the complete files");
        }
        default -> view.update(s, System.nanoTime());
      }
      if (stopSignal().await(CHECK_POLL)) {
        throw new CliException(ExitCodes.OK, "stopped before the check finished");
      }
    }
  }
}
