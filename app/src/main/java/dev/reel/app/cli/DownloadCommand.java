package dev.reel.app.cli;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.FilePriority;
import dev.reel.engine.Torrent;
import dev.reel.engine.TorrentSource;
import dev.reel.engine.TorrentState;
import dev.reel.engine.TorrentStatus;
import dev.reel.engine.metainfo.FileEntry;
import dev.reel.engine.metainfo.Metainfo;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code reel download <source>}: downloads until every selected file is complete and verified, then exits 0 (or,
 * with {@code --seed}, seeds until Ctrl-C). Prints the downloaded path on stdout; progress on stderr.
 */
@Command(
    name = "download",
    mixinStandardHelpOptions = true,
    description = {
      "Download a torrent from a magnet link, .torrent file or URL, or info-hash.",
      "Exits 0 once every selected file is complete and verified (then keeps seeding with --seed until Ctrl-C). "
          + "Prints the downloaded file or folder on stdout. Ctrl-C keeps verified data for a later resume; a "
          + "download that got no data removes what it created."
    })
final class DownloadCommand extends ReelSubcommand {
  /** How often the progress line is redrawn (and the no-peer timeout checked) while downloading or seeding. */
  private static final Duration POLL = Duration.ofMillis(250);

  /** How long --file/--skip on a magnet wait for the metadata. */
  private static final Duration METADATA_TIMEOUT = Duration.ofMinutes(5);

  @Parameters(
      index = "0",
      paramLabel = "<source>",
      description = "Magnet link, .torrent path, http(s) URL of a .torrent, or 40-hex info-hash.")
  String source;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      defaultValue = ".",
      description = "Folder to download into (default: the current folder).")
  Path outputDir;

  @Option(names = "--seed", description = "Keep seeding after the download completes, until Ctrl-C.")
  boolean seed;

  @Option(
      names = "--file",
      paramLabel = "N",
      description = "Download only file N (index from 'reel info'); repeatable.")
  List<Integer> onlyFiles = new ArrayList<>();

  @Option(names = "--skip", paramLabel = "N", description = "Do not download file N; repeatable.")
  List<Integer> skipFiles = new ArrayList<>();

  @Option(
      names = "--peer-timeout",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description = "Give up (exit 3) if no peer connects within this (default: ${DEFAULT-VALUE}).")
  int peerTimeoutSeconds;

  @Option(names = {"-q", "--quiet"}, description = "No progress output.")
  boolean quiet;

  @Mixin SwarmOptions swarm;

  @Override
  protected int run() throws Exception {
    if (peerTimeoutSeconds < 1) {
      throw new CliException(ExitCodes.USAGE, "--peer-timeout must be at least 1 second");
    }
    Sources.Resolved resolved = Sources.resolve(source);
    if (resolved.metainfo().isPresent()) {
      priorities(resolved.metainfo().get()); // bad --file/--skip fails before anything is created
    }
    Path out = outputDir.toAbsolutePath().normalize();
    FileCleanup cleanup = FileCleanup.snapshot(out);
    SwarmWatch watch = new SwarmWatch();
    Outcome outcome = null;
    try (ProgressView view = ProgressView.create(err(), quiet);
        Engine engine = swarm.startEngine(out, watch)) {
      AddOptions options = swarm.addOptions(out);
      if (resolved.metainfo().isEmpty() && (!onlyFiles.isEmpty() || !skipFiles.isEmpty())) {
        // File selection needs the file list before the first request: get the metadata first, then add the
        // torrent with its priorities (added by magnet, every file would start downloading at once).
        view.note("Fetching metadata for " + resolved.source().infoHash().hex() + " from the swarm");
        Metainfo m = MetadataFetch.fetch(engine, resolved.source(), swarm, watch, stopSignal(),
            Duration.ofSeconds(peerTimeoutSeconds), METADATA_TIMEOUT);
        options = options.withPeers(magnetPeers(resolved.source(), options.peers()));
        resolved = Sources.Resolved.of(m, resolved.label());
      }
      if (resolved.metainfo().isPresent()) {
        options = options.withFilePriorities(priorities(resolved.metainfo().get()));
      }
      Torrent torrent = engine.add(resolved.source(), options);
      outcome = download(torrent, resolved, watch, view, out, engine.listenPort());
      if (outcome.code == ExitCodes.OK) {
        Metainfo m = torrent.metainfo().orElseThrow();
        out().println(topLevel(m, out));
        out().flush();
        if (seed) {
          seedUntilStopped(torrent, engine.listenPort());
        }
      } else if (outcome.noData) {
        String top = torrent.metainfo().map(m -> topLevel(m, out).getFileName().toString()).orElse(null);
        boolean ours = top == null || !cleanup.existedBefore(Path.of(top));
        torrent.remove(ours);
        if (ours) {
          outcome = outcome.withCleanup(() -> cleanup.removeCreated(top));
        }
      }
    } finally {
      if (outcome == null) {
        cleanup.removeCreated(null); // failed before the loop: at most the empty output folder to undo
      } else if (outcome.afterClose != null) {
        outcome.afterClose.run(); // after the engine closed its files
      }
    }
    if (outcome.error != null) {
      throw new CliException(outcome.code, outcome.error);
    }
    return outcome.code;
  }

  /** How the download loop ended; {@code noData}: not one verified piece, so what we created can go. */
  private record Outcome(int code, String error, boolean noData, Runnable afterClose) {
    static final Outcome DONE = new Outcome(ExitCodes.OK, null, false, null);

    Outcome withCleanup(Runnable r) {
      return new Outcome(code, error, noData, r);
    }
  }

  private Outcome download(Torrent torrent, Sources.Resolved resolved, SwarmWatch watch, ProgressView view, Path out,
      int port) throws Exception {
    long start = System.nanoTime();
    Duration peerTimeout = Duration.ofSeconds(peerTimeoutSeconds);
    boolean announced = false;
    // Wakes the loop as soon as the download completes or a stop is requested, not at the next progress tick.
    CompletableFuture<Object> wake = CompletableFuture.anyOf(torrent.completion(), stopSignal().asFuture());
    while (true) {
      TorrentStatus status = torrent.status();
      Optional<Metainfo> meta = torrent.metainfo();
      if (meta.isPresent() && !announced) {
        Metainfo m = meta.get();
        int files = InfoPrinter.visibleFiles(m).size();
        view.note("Downloading " + m.name() + " (" + Formats.bytes(m.totalLength()) + ", " + files
            + (files == 1 ? " file" : " files") + ") to " + out);
        announced = true;
      }
      if (torrent.completion().isDone()) {
        try {
          torrent.completion().get();
        } catch (ExecutionException e) {
          Throwable cause = e.getCause() != null ? e.getCause() : e;
          return failed(ExitCodes.ERROR, describe(cause), torrent);
        }
        view.update(torrent.status(), System.nanoTime());
        view.close();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        TorrentStatus done = torrent.status();
        view.note("Done: " + done.name() + ", " + Formats.bytes(done.wantedBytes()) + " in " + Formats.duration(took));
        return Outcome.DONE;
      }
      if (status.state() == TorrentState.ERROR) {
        return failed(ExitCodes.ERROR, status.error().orElse("the torrent stopped with an error"), torrent);
      }
      if (status.state() == TorrentState.REMOVED) {
        return failed(ExitCodes.ERROR, "the torrent was removed", torrent);
      }
      view.update(status, System.nanoTime());
      Duration waited = Duration.ofNanos(System.nanoTime() - start);
      // Web seeds (BEP 19) are sources too: a download they feed does not time out for want of peers.
      if (!watch.anyPeerEver() && status.peers() == 0 && status.totalDownloaded() == 0
          && waited.compareTo(peerTimeout) >= 0) {
        List<String> trackers = swarm.allTrackers(resolved.source(), meta);
        return failed(ExitCodes.NO_PEERS, watch.noPeersMessage(peerTimeout, torrent.infoHash(), trackers,
            swarm.peers, port, swarm.dht().enabled()), torrent);
      }
      awaitQuietly(wake, POLL);
      if (stopSignal().requested()) {
        Outcome o = failed(ExitCodes.INTERRUPTED, "interrupted", torrent);
        return o.noData ? o : new Outcome(ExitCodes.INTERRUPTED,
            "interrupted; verified data kept in " + out + " (run the same command to resume)", false, null);
      }
    }
  }

  /** Waits until {@code f} completes (either way) or {@code timeout} passes. */
  private static void awaitQuietly(CompletableFuture<?> f, Duration timeout) throws InterruptedException {
    try {
      f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException | TimeoutException | CancellationException e) {
      // done either way: the caller looks at the torrent and the stop signal next
    }
  }

  private Outcome failed(int code, String message, Torrent torrent) {
    TorrentStatus s = torrent.status();
    return new Outcome(code, message, s.piecesHave() == 0 && s.wantedDone() == 0, null);
  }

  private void seedUntilStopped(Torrent torrent, int port) throws InterruptedException {
    ProgressView seeding = ProgressView.create(err(), quiet);
    seeding.note("Seeding " + torrent.status().name() + " on port " + port + "; Ctrl-C to stop");
    try (seeding) {
      while (!stopSignal().await(POLL)) {
        seeding.update(torrent.status(), System.nanoTime());
      }
    }
  }

  /** The file (single-file torrent) or folder the torrent's data lands in, sanitized as the engine does it. */
  static Path topLevel(Metainfo m, Path out) {
    return out.resolve(out.relativize(m.resolveFile(out, 0)).getName(0));
  }

  /** File priorities from --file / --skip; indices must name real (non-padding) files. */
  Map<Integer, FilePriority> priorities(Metainfo m) throws CliException {
    Map<Integer, FilePriority> p = new HashMap<>();
    List<FileEntry> files = m.files();
    for (int n : onlyFiles) {
      check(files, n, "--file");
    }
    for (int n : skipFiles) {
      check(files, n, "--skip");
    }
    if (!onlyFiles.isEmpty()) {
      for (FileEntry f : files) {
        if (!onlyFiles.contains(f.index())) {
          p.put(f.index(), FilePriority.SKIP);
        }
      }
    }
    for (int n : skipFiles) {
      p.put(n, FilePriority.SKIP);
    }
    if (!files.isEmpty() && files.stream().allMatch(f -> f.padding() || p.get(f.index()) == FilePriority.SKIP)) {
      throw new CliException(ExitCodes.USAGE, "--file/--skip leave no file to download");
    }
    return p;
  }

  /** --peer peers plus a magnet's x.pe peers (BEP 9), for when the torrent is re-added from its metadata. */
  private static List<InetSocketAddress> magnetPeers(TorrentSource source, List<InetSocketAddress> given) {
    List<InetSocketAddress> all = new ArrayList<>(given);
    if (source instanceof TorrentSource.OfMagnet mag) {
      for (String hostPort : mag.magnet().peers()) {
        try {
          all.add(new SwarmOptions.PeerAddress().convert(hostPort));
        } catch (RuntimeException e) {
          // a bad x.pe entry is skipped, as the engine would
        }
      }
    }
    return all;
  }

  private static void check(List<FileEntry> files, int n, String option) throws CliException {
    if (n < 0 || n >= files.size() || files.get(n).padding()) {
      throw new CliException(ExitCodes.USAGE, option + " " + n + ": no such file (the torrent has files 0.."
          + (files.size() - 1) + "; see 'reel info')");
    }
  }
}
