package dev.reel.engine.testkit;

import java.net.InetSocketAddress;
import java.time.Duration;

/** A reference BitTorrent client run by the test kit for one torrent. {@link #close()} kills its process tree. */
public interface ReferencePeer extends AutoCloseable {
  /** A short name for messages and log files, e.g. "lt-seed". */
  String name();

  /** Where the peer accepts BitTorrent connections (always on 127.0.0.1). */
  InetSocketAddress listenAddress();

  /**
   * Blocks until the peer holds the complete, verified torrent (for a seed: until it is seeding).
   *
   * @throws AssertionError on timeout or if the client exits first, with the tail of its log
   */
  void awaitComplete(Duration timeout);

  @Override
  void close();
}
