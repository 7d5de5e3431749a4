package dev.reel.engine.testkit;

import dev.reel.engine.metainfo.InfoHash;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.TestInfo;

/**
 * A tracker and any number of reference peers for one test, all logging to one folder; {@link #close()} closes
 * everything in reverse order of creation (failures in one close do not stop the others). Not thread-safe.
 *
 * <pre>{@code
 * try (Swarm swarm = Swarm.forTest(testInfo)) {
 *   OpenTracker tracker = swarm.tracker(List.of(infoHash));
 *   LibtorrentPeer seed = swarm.libtorrent("lt-seed").seed(torrent, dataDir);
 *   ...
 * }
 * }</pre>
 */
public final class Swarm implements AutoCloseable {
  private final Path logDir;
  private final Deque<AutoCloseable> open = new ArrayDeque<>();
  private final List<ReferencePeer> peers = new ArrayList<>();
  private OpenTracker tracker;

  public Swarm(Path logDir) {
    this.logDir = logDir;
  }

  /** A swarm logging to {@code target/testkit-logs/<TestClass>.<method>/}. */
  public static Swarm forTest(TestInfo info) {
    return new Swarm(TestLogs.dir(info));
  }

  public Path logDir() {
    return logDir;
  }

  /** Starts the swarm's opentracker with the given whitelist (one tracker per swarm). */
  public OpenTracker tracker(Collection<InfoHash> whitelist) {
    if (tracker != null) {
      throw new IllegalStateException("this swarm already has a tracker");
    }
    tracker = register(new OpenTracker(logDir, whitelist));
    return tracker;
  }

  /** The tracker started by {@link #tracker(Collection)}. */
  public OpenTracker tracker() {
    if (tracker == null) {
      throw new IllegalStateException("no tracker started in this swarm");
    }
    return tracker;
  }

  /** A libtorrent peer (not yet started: configure it, then call seed/download). */
  public LibtorrentPeer libtorrent(String name) {
    return peer(new LibtorrentPeer(name, logDir));
  }

  /** A started transmission-daemon with no torrent yet. */
  public TransmissionPeer transmission(String name) {
    return peer(new TransmissionPeer(name, logDir));
  }

  /** An aria2 peer (not yet started). */
  public Aria2Peer aria2(String name) {
    return peer(new Aria2Peer(name, logDir));
  }

  /** Registers any other resource (e.g. our own engine's session) to be closed with the swarm. */
  public <T extends AutoCloseable> T register(T resource) {
    open.push(resource);
    return resource;
  }

  private <T extends ReferencePeer> T peer(T p) {
    peers.add(p);
    return register(p);
  }

  public List<ReferencePeer> peers() {
    return List.copyOf(peers);
  }

  @Override
  public void close() {
    RuntimeException first = null;
    while (!open.isEmpty()) {
      try {
        open.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = new IllegalStateException("closing the swarm failed", e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
