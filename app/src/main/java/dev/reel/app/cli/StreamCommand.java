package dev.reel.app.cli;

import dev.reel.app.player.PlayerLauncher;
import dev.reel.app.server.HttpServer;
import dev.reel.app.server.HttpServerConfig;
import dev.reel.app.stream.EngineStreams;
import dev.reel.app.stream.MediaTypes;
import dev.reel.app.stream.StreamRoutes;
import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.FilePriority;
import dev.reel.engine.Torrent;
import dev.reel.engine.TorrentState;
import dev.reel.engine.TorrentStatus;
import dev.reel.engine.media.ProbeResult;
import dev.reel.engine.metainfo.FileEntry;
import dev.reel.engine.metainfo.Metainfo;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code reel stream <source>}: streams one file of a torrent over HTTP while it downloads and opens a player on it.
 * Prints {@code Streaming <name> at <url>} on stdout once the file's head and container-critical ranges are verified
 * (a player can start), then shows a status line on stderr until the player exits or Ctrl-C; the downloaded data is
 * deleted at exit unless {@code --keep}. {@code --list} prints the files and exits.
 */
@Command(
    name = "stream",
    mixinStandardHelpOptions = true,
    description = {
      "Stream a video from a torrent while it downloads: serves it on http://127.0.0.1 and opens a player.",
      "Picks the largest video file unless --file or --name says otherwise. Prints the stream URL on stdout as soon "
          + "as playback can start; stops when the player exits or on Ctrl-C, deleting the data unless --keep."
    })
final class StreamCommand extends ReelSubcommand {
  private static final Duration POLL = Duration.ofMillis(250);
  private static final Duration METADATA_TIMEOUT = Duration.ofMinutes(5);

  /** The players {@code --player} knows. */
  enum Player { vlc, mpv, browser, none }

  @Parameters(index = "0", paramLabel = "<source>",
      description = "Magnet link, .torrent path, http(s) URL of a .torrent, or 40-hex info-hash.")
  String source;

  @Option(names = "--file", paramLabel = "N", description = "Stream file N (index from --list or 'reel info').")
  Integer fileIndex;

  @Option(names = "--name", paramLabel = "GLOB", description = "Stream the largest file whose path matches GLOB.")
  String nameGlob;

  @Option(names = "--player", paramLabel = "PLAYER", defaultValue = "vlc",
      description = "vlc, mpv, browser (xdg-open) or none (just serve; default: ${DEFAULT-VALUE}).")
  Player player;

  @Option(names = "--http-port", paramLabel = "N", defaultValue = "0",
      description = "HTTP port of the stream server on 127.0.0.1 (default: any free one).")
  int httpPort;

  @Option(names = "--keep", description = "Keep the downloaded data at exit (in --output).")
  boolean keep;

  @Option(names = "--list", description = "List the torrent's files (index, size, path) and exit.")
  boolean list;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR",
      description = "Folder to download into (default: <data-dir>/streams).")
  Path outputDir;

  @Option(names = "--peer-timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "Give up (exit 3) if no peer connects within this (default: ${DEFAULT-VALUE}).")
  int peerTimeoutSeconds;

  @Option(names = {"-q", "--quiet"}, description = "No status line.")
  boolean quiet;

  @Mixin SwarmOptions swarm;

  @Override
  protected int run() throws Exception {
    if (fileIndex != null && nameGlob != null) {
      throw new CliException(ExitCodes.USAGE, "--file and --name cannot be used together");
    }
    if (httpPort < 0 || httpPort > 65535) {
      throw new CliException(ExitCodes.USAGE, "--http-port must be 0..65535, not " + httpPort);
    }
    long start = System.nanoTime();
    Sources.Resolved resolved = Sources.resolve(source);
    if (list && resolved.metainfo().isPresent()) {
      printList(resolved.metainfo().get());
      return ExitCodes.OK;
    }
    Path out = (outputDir != null ? outputDir : swarm.dataDir().resolve("streams")).toAbsolutePath().normalize();
    Files.createDirectories(out);
    SwarmWatch watch = new SwarmWatch();
    Torrent torrent = null;
    boolean delete = !keep;
    try (Engine engine = swarm.startEngine(out, watch)) {
      Duration peerTimeout = Duration.ofSeconds(peerTimeoutSeconds);
      AddOptions options = swarm.addOptions(out);
      Metainfo m;
      FileEntry file;
      if (list && resolved.metainfo().isEmpty()) {
        printList(MetadataFetch.fetch(engine, resolved.source(), swarm, watch, stopSignal(), peerTimeout,
            METADATA_TIMEOUT));
        return ExitCodes.OK;
      }
      if (resolved.metainfo().isPresent()) {
        m = resolved.metainfo().get();
        file = choose(m);
        // Added paused: the container probe and its critical ranges are in place before the first request goes out.
        torrent = engine.add(m, options.withFilePriorities(skipAllBut(m, file)).withPaused(true));
        torrent.prepareStream(file.index());
        torrent.resume();
      } else {
        // A magnet keeps its trackers and x.pe peers: add it as is, then select the file once the metadata is in.
        if (!quiet) {
          err().println("Fetching metadata for " + resolved.source().infoHash().hex() + " from the swarm");
          err().flush();
        }
        torrent = engine.add(resolved.source(), options);
        m = awaitMetadata(torrent, watch, peerTimeout);
        if (m == null) {
          return ExitCodes.INTERRUPTED;
        }
        file = choose(m);
        torrent.prepareStream(file.index());
        skipAllBut(m, file).forEach(torrent::setFilePriority);
      }
      String name = EngineStreams.fileName(file);
      try (HttpServer server = new HttpServer(HttpServerConfig.defaults().withPort(httpPort))) {
        StreamRoutes.install(server, new EngineStreams(engine));
        server.start();
        URI url = StreamRoutes.streamUri(server.baseUri(), m.infoHash().hex(), file.index(), name);
        StatusLine status = new StatusLine(err(), quiet);
        Integer early = awaitPlayable(torrent, file, status, watch, peerTimeout, start);
        if (early != null) {
          return early;
        }
        out().println("Streaming " + name + " at " + url);
        out().flush();
        status.note(String.format(java.util.Locale.ROOT, "Ready to play in %.2f s",
            (System.nanoTime() - start) / 1e9));
        Optional<Process> proc = launch(url);
        if (proc.isEmpty() && player != Player.none) {
          status.note("Open the URL above in a player; Ctrl-C to stop.");
        }
        while (!stopSignal().await(POLL)) {
          status.update(torrent, file);
          if (proc.isPresent() && PlayerLauncher.exitEndsStream(player.name()) && !proc.get().isAlive()) {
            status.note("Player exited");
            break;
          }
          if (torrent.status().state() == TorrentState.ERROR) {
            status.close();
            throw CliException.error(torrent.status().error().orElse("the torrent failed"), null);
          }
        }
        status.close();
        proc.ifPresent(Process::destroy);
        return ExitCodes.OK;
      }
    } finally {
      if (torrent != null) {
        torrent.remove(delete);
      }
    }
  }

  private static Map<Integer, FilePriority> skipAllBut(Metainfo m, FileEntry file) {
    Map<Integer, FilePriority> prios = new HashMap<>();
    for (FileEntry f : m.files()) {
      if (f.index() != file.index()) {
        prios.put(f.index(), FilePriority.SKIP);
      }
    }
    return prios;
  }

  /** The magnet's metadata (BEP 9), or null on Ctrl-C; exit 3 without peers or metadata in time. */
  private Metainfo awaitMetadata(Torrent torrent, SwarmWatch watch, Duration peerTimeout) throws Exception {
    long start = System.nanoTime();
    while (true) {
      if (torrent.metadata().isDone()) {
        try {
          return torrent.metadata().get();
        } catch (ExecutionException e) {
          Throwable cause = e.getCause() != null ? e.getCause() : e;
          throw CliException.error("could not get the metadata: " + describe(cause), cause);
        }
      }
      Duration waited = Duration.ofNanos(System.nanoTime() - start);
      if (!watch.anyPeerEver() && torrent.status().peers() == 0 && waited.compareTo(peerTimeout) >= 0) {
        throw CliException.noPeers("no peer connected within " + peerTimeout.toSeconds() + " s");
      }
      if (waited.compareTo(METADATA_TIMEOUT) >= 0) {
        throw CliException.noPeers("metadata not received within " + METADATA_TIMEOUT.toSeconds() + " s");
      }
      if (stopSignal().await(POLL)) {
        return null;
      }
    }
  }

  /** Waits for the head and critical ranges; returns an exit code to stop with, or null when playable. */
  private Integer awaitPlayable(Torrent torrent, FileEntry file, StatusLine status, SwarmWatch watch,
      Duration peerTimeout, long start) throws Exception {
    CompletableFuture<ProbeResult> ready = torrent.prepareStream(file.index());
    while (true) {
      if (ready.isDone()) {
        try {
          ready.get();
          return null;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause() != null ? e.getCause() : e;
          throw CliException.error("cannot prepare the stream: " + describe(cause), cause);
        }
      }
      TorrentStatus s = torrent.status();
      if (s.state() == TorrentState.ERROR) {
        throw CliException.error(s.error().orElse("the torrent failed"), null);
      }
      Duration waited = Duration.ofNanos(System.nanoTime() - start);
      // A web seed (BEP 19) that delivers is a source too: no "no peers" timeout while bytes arrive.
      if (!watch.anyPeerEver() && s.peers() == 0 && s.totalDownloaded() == 0 && waited.compareTo(peerTimeout) >= 0) {
        throw CliException.noPeers("no peer connected within " + peerTimeout.toSeconds() + " s");
      }
      status.update(torrent, file);
      if (stopSignal().await(POLL)) {
        status.close();
        return ExitCodes.INTERRUPTED;
      }
    }
  }

  /** --file, else --name (largest match), else the largest video, else the largest file. */
  FileEntry choose(Metainfo m) throws CliException {
    List<FileEntry> files = InfoPrinter.visibleFiles(m);
    if (fileIndex != null) {
      return files.stream().filter(f -> f.index() == fileIndex).findFirst().orElseThrow(() -> new CliException(
          ExitCodes.USAGE, "--file " + fileIndex + ": no such file (see 'reel stream --list')"));
    }
    Comparator<FileEntry> bySize = Comparator.comparingLong(FileEntry::length);
    if (nameGlob != null) {
      PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + nameGlob);
      return files.stream()
          .filter(f -> glob.matches(Path.of(InfoPrinter.filePath(m, f)))
              || glob.matches(Path.of(EngineStreams.fileName(f))))
          .max(bySize)
          .orElseThrow(() -> new CliException(ExitCodes.USAGE, "--name " + nameGlob + ": no file matches"));
    }
    return files.stream().filter(f -> MediaTypes.isVideo(EngineStreams.fileName(f))).max(bySize)
        .or(() -> files.stream().max(bySize))
        .orElseThrow(() -> CliException.error("the torrent has no files", null));
  }

  private void printList(Metainfo m) {
    for (FileEntry f : InfoPrinter.visibleFiles(m)) {
      out().println(f.index() + "\t" + Formats.bytes(f.length()) + "\t" + InfoPrinter.filePath(m, f));
    }
    out().flush();
  }

  /** Starts the player (an argument list, never a shell); empty when none is wanted or found. */
  private Optional<Process> launch(URI url) {
    List<String> cmd = PlayerLauncher.command(player.name(), url.toString(), System.getenv(), isRoot());
    if (cmd.isEmpty()) {
      String why = PlayerLauncher.whyNot(player.name(), System.getenv(), isRoot());
      if (why != null) {
        err().println("reel: " + why);
        err().flush();
      }
      return Optional.empty();
    }
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      return Optional.of(pb.start());
    } catch (java.io.IOException e) {
      err().println("reel: cannot start " + cmd.get(0) + ": " + e.getMessage());
      err().flush();
      return Optional.empty();
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }
}
