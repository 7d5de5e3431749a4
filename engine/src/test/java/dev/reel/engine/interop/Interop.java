package dev.reel.engine.interop;

import dev.reel.engine.Engine;
import dev.reel.engine.EngineConfig;
import dev.reel.engine.EngineEvent;
import dev.reel.engine.PeerInfo;
import dev.reel.engine.Torrent;
import dev.reel.engine.testkit.Ports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** Shared helpers of the interop tests: a Reel engine on loopback, and a sampler of per-peer download counters. */
final class Interop {
  /** Upper bound for any single transfer in these tests (Transmission and aria2 unchoke on 10 s cycles). */
  static final Duration TIMEOUT = Duration.ofSeconds(120);

  private Interop() {}

  /** A Reel engine bound to 127.0.0.1 on a free port, downloading to dir/data, state in dir/state. */
  static Engine engine(Path dir, List<EngineEvent> events) throws IOException {
    return engine(dir, events, EngineConfig.Encryption.ENABLED);
  }

  /** The same with an encryption policy. */
  static Engine engine(Path dir, List<EngineEvent> events, EngineConfig.Encryption encryption) throws IOException {
    return Engine.start(EngineConfig.defaults(dir.resolve("data"))
        .withEncryption(encryption)
        .withStateDir(dir.resolve("state"))
        .withListenPort(0)
        .withBindAddress(Ports.LOOPBACK)
        .withRequestTimeout(Duration.ofSeconds(5))
        .withListener(events == null ? e -> { } : events::add));
  }

  static List<EngineEvent> events() {
    return new CopyOnWriteArrayList<>();
  }

  static InetSocketAddress address(Engine e) {
    return new InetSocketAddress(Ports.LOOPBACK, e.listenPort());
  }

  /**
   * Samples {@link Torrent#peers()} on a virtual thread and keeps, per peer label, the largest payload byte counts
   * received from and sent to it (a peer's entry disappears when it disconnects, so the largest value seen is kept;
   * two connections of one client are not summed).
   */
  static final class PeerBytes implements AutoCloseable {
    private final Map<String, Long> downloaded = new ConcurrentHashMap<>();
    private final Map<String, Long> uploaded = new ConcurrentHashMap<>();
    private final Thread thread;

    /** {@code label} names a peer (null = ignore it). */
    PeerBytes(Torrent t, Function<PeerInfo, String> label) {
      thread = Thread.ofVirtual().start(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          sample(t, label);
          try {
            Thread.sleep(50);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
    }

    private void sample(Torrent t, Function<PeerInfo, String> label) {
      for (PeerInfo p : t.peers()) {
        String l = label.apply(p);
        if (l != null) {
          downloaded.merge(l, p.downloaded(), Math::max);
          uploaded.merge(l, p.uploaded(), Math::max);
        }
      }
    }

    /** Payload bytes received from the peer (largest value seen). */
    long downloadedFrom(String label) {
      return downloaded.getOrDefault(label, 0L);
    }

    /** Payload bytes sent to the peer (largest value seen). */
    long uploadedTo(String label) {
      return uploaded.getOrDefault(label, 0L);
    }

    @Override
    public String toString() {
      return "downloaded from " + downloaded + ", uploaded to " + uploaded;
    }

    @Override
    public void close() {
      thread.interrupt();
    }
  }

  /**
   * Which reference client a peer is: by the address we dialed, else by the client name of its handshake (aria2 dials
   * us from an ephemeral port). Null for anything else.
   */
  static String clientOf(PeerInfo p, InetSocketAddress libtorrent, InetSocketAddress transmission) {
    String client = p.client() == null ? "" : p.client().toLowerCase(java.util.Locale.ROOT);
    if (p.address().equals(libtorrent) || client.contains("libtorrent") || client.contains("reel-testkit-lt")) {
      return "libtorrent";
    }
    if (p.address().equals(transmission) || client.contains("transmission")) {
      return "transmission";
    }
    if (client.contains("aria2")) {
      return "aria2";
    }
    return null;
  }
}
