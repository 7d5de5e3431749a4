package dev.reel.engine;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Engine settings. Immutable; build with {@link #defaults(Path)} and the {@code with...} methods.
 *
 * @param downloadDir where torrents' files go unless a torrent says otherwise
 * @param stateDir where resume files and cached metadata live
 * @param listenPort TCP peer port; 0 picks a free one (see {@link Engine#listenPort()})
 * @param bindAddress address the peer listener binds; null = all interfaces
 * @param maxPeersPerTorrent connected peers per torrent
 * @param maxConnections connected peers across all torrents
 * @param downloadLimit global payload download limit in bytes/s, 0 = unlimited
 * @param uploadLimit global payload upload limit in bytes/s, 0 = unlimited
 * @param uploadSlots regular unchoke slots per torrent (plus one optimistic)
 * @param requestTimeout a block request not answered within this is re-requested elsewhere
 * @param pex exchange peers with peers (BEP 11), ignored for private torrents
 * @param allowLocalPeers accept peers on loopback/private addresses from trackers and PEX (tests need it)
 */
public record EngineConfig(
    Path downloadDir,
    Path stateDir,
    int listenPort,
    InetAddress bindAddress,
    int maxPeersPerTorrent,
    int maxConnections,
    long downloadLimit,
    long uploadLimit,
    int uploadSlots,
    Duration requestTimeout,
    boolean pex,
    boolean allowLocalPeers,
    EngineListener listener) {

  public static final int DEFAULT_PORT = 6881;
  public static final int DEFAULT_MAX_PEERS_PER_TORRENT = 50;
  public static final int DEFAULT_MAX_CONNECTIONS = 200;
  public static final int DEFAULT_UPLOAD_SLOTS = 4;

  public EngineConfig {
    Objects.requireNonNull(downloadDir, "downloadDir");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (listener == null) {
      listener = EngineListener.NONE;
    }
    if (listenPort < 0 || listenPort > 65535) {
      throw new IllegalArgumentException("listen port out of range: " + listenPort);
    }
  }

  public static EngineConfig defaults(Path downloadDir) {
    return new EngineConfig(downloadDir, downloadDir.resolve(".reel"), DEFAULT_PORT, null,
        DEFAULT_MAX_PEERS_PER_TORRENT, DEFAULT_MAX_CONNECTIONS, 0, 0, DEFAULT_UPLOAD_SLOTS,
        Duration.ofSeconds(20), true, true, EngineListener.NONE);
  }

  public EngineConfig withStateDir(Path dir) {
    return new EngineConfig(downloadDir, dir, listenPort, bindAddress, maxPeersPerTorrent, maxConnections,
        downloadLimit, uploadLimit, uploadSlots, requestTimeout, pex, allowLocalPeers, listener);
  }

  public EngineConfig withListenPort(int port) {
    return new EngineConfig(downloadDir, stateDir, port, bindAddress, maxPeersPerTorrent, maxConnections,
        downloadLimit, uploadLimit, uploadSlots, requestTimeout, pex, allowLocalPeers, listener);
  }

  public EngineConfig withBindAddress(InetAddress address) {
    return new EngineConfig(downloadDir, stateDir, listenPort, address, maxPeersPerTorrent, maxConnections,
        downloadLimit, uploadLimit, uploadSlots, requestTimeout, pex, allowLocalPeers, listener);
  }

  public EngineConfig withMaxPeers(int perTorrent) {
    return new EngineConfig(downloadDir, stateDir, listenPort, bindAddress, perTorrent, Math.max(maxConnections, perTorrent),
        downloadLimit, uploadLimit, uploadSlots, requestTimeout, pex, allowLocalPeers, listener);
  }

  /** Global limits in bytes/s; 0 = unlimited. */
  public EngineConfig withRateLimits(long download, long upload) {
    return new EngineConfig(downloadDir, stateDir, listenPort, bindAddress, maxPeersPerTorrent, maxConnections,
        download, upload, uploadSlots, requestTimeout, pex, allowLocalPeers, listener);
  }

  public EngineConfig withRequestTimeout(Duration timeout) {
    return new EngineConfig(downloadDir, stateDir, listenPort, bindAddress, maxPeersPerTorrent, maxConnections,
        downloadLimit, uploadLimit, uploadSlots, timeout, pex, allowLocalPeers, listener);
  }

  public EngineConfig withListener(EngineListener l) {
    return new EngineConfig(downloadDir, stateDir, listenPort, bindAddress, maxPeersPerTorrent, maxConnections,
        downloadLimit, uploadLimit, uploadSlots, requestTimeout, pex, allowLocalPeers, l);
  }
}
