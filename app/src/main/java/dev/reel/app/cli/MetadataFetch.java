package dev.reel.app.cli;

import dev.reel.engine.Engine;
import dev.reel.engine.Torrent;
import dev.reel.engine.TorrentSource;
import dev.reel.engine.metainfo.Metainfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Gets a magnet's or info-hash's metadata (BEP 9) from the swarm without keeping any of its data: the torrent is
 * added with a throw-away download folder, and removed with that folder once the info dictionary arrived (or not).
 * Used by {@code info}, and by {@code download --file/--skip} so that file priorities are in place before the first
 * byte is requested.
 */
final class MetadataFetch {
  private static final Duration POLL = Duration.ofMillis(200);

  private MetadataFetch() {}

  /**
   * Blocks until the metadata arrives. Fails with exit 3 if no peer connects within {@code peerTimeout} or the
   * metadata does not come within {@code timeout}; with exit 130 on a stop request.
   */
  static Metainfo fetch(Engine engine, TorrentSource source, SwarmOptions swarm, SwarmWatch watch, StopSignal stop,
      Duration peerTimeout, Duration timeout) throws Exception {
    Path scratch = Files.createTempDirectory("reel-metadata-");
    try {
      Torrent torrent = engine.add(source, swarm.addOptions(scratch));
      try {
        return await(torrent, engine.listenPort(), source, swarm, watch, stop, peerTimeout, timeout);
      } finally {
        torrent.remove(true);
      }
    } finally {
      FileCleanup.deleteTree(scratch);
    }
  }

  private static Metainfo await(Torrent torrent, int port, TorrentSource source, SwarmOptions swarm, SwarmWatch watch,
      StopSignal stop, Duration peerTimeout, Duration timeout) throws Exception {
    CompletableFuture<Metainfo> metadata = torrent.metadata();
    long start = System.nanoTime();
    while (true) {
      if (metadata.isDone()) {
        try {
          return metadata.get();
        } catch (ExecutionException e) {
          Throwable cause = e.getCause() != null ? e.getCause() : e;
          throw CliException.error("could not get the metadata: " + ReelSubcommand.describe(cause), cause);
        }
      }
      Duration waited = Duration.ofNanos(System.nanoTime() - start);
      if (!watch.anyPeerEver() && torrent.status().peers() == 0 && waited.compareTo(peerTimeout) >= 0) {
        List<String> trackers = swarm.allTrackers(source, Optional.empty());
        throw CliException.noPeers(watch.noPeersMessage(peerTimeout, torrent.infoHash(), trackers, swarm.peers, port,
            swarm.dht().enabled()));
      }
      if (waited.compareTo(timeout) >= 0) {
        throw CliException.noPeers("metadata not received within " + timeout.toSeconds() + " s from "
            + torrent.status().peers() + " connected peer(s)");
      }
      if (stop.await(POLL)) {
        throw new CliException(ExitCodes.INTERRUPTED, "interrupted");
      }
    }
  }
}
