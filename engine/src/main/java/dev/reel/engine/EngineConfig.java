package dev.reel.engine;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Engine settings. Immutable; build with {@link #defaults(Path)} and the {@code with...} methods.
 *
 * @param downloadDir where torrents' files go unless a torrent says otherwise
 * @param stateDir where resume files and cached metadata live
 * @param listenPort peer port, TCP and (for uTP) UDP; 0 picks a free one (see {@link Engine#listenPort()})
 * @param bindAddress address the peer listener binds; null = all interfaces (dual-stack "::" on a host with IPv6,
 *     which also runs an IPv6 DHT node on a global IPv6 address, BEP 32); an IPv6 address such as ::1 makes an
 *     IPv6-only engine (IPv6 DHT only)
 * @param maxPeersPerTorrent connected peers per torrent
 * @param maxConnections connected peers across all torrents
 * @param downloadLimit global payload download limit in bytes/s, 0 = unlimited
 * @param uploadLimit global payload upload limit in bytes/s, 0 = unlimited
 * @param uploadSlots regular unchoke slots per torrent (plus one optimistic)
 * @param requestTimeout a block request not answered within this is re-requested elsewhere
 * @param pex exchange peers with peers (BEP 11), ignored for private torrents
 * @param allowLocalPeers accept peers on loopback/private addresses from trackers and PEX (tests need it)
 * @param dht the Mainline DHT (BEP 5): on by default, on UDP at the peer port
 * @param encryption Message Stream Encryption with peers ({@link Encryption#ENABLED} by default)
 * @param transports TCP and uTP (BEP 29), each way: all on by default ({@link Transports#DEFAULT})
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
    EngineListener listener,
    Dht dht,
    Encryption encryption,
    Transports transports) {

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
    if (dht == null) {
      dht = Dht.DEFAULT;
    }
    if (encryption == null) {
      encryption = Encryption.ENABLED;
    }
    if (transports == null) {
      transports = Transports.DEFAULT;
    }
    if (listenPort < 0 || listenPort > 65535) {
      throw new IllegalArgumentException("listen port out of range: " + listenPort);
    }
  }

  public static EngineConfig defaults(Path downloadDir) {
    return new EngineConfig(downloadDir, downloadDir.resolve(".reel"), DEFAULT_PORT, null,
        DEFAULT_MAX_PEERS_PER_TORRENT, DEFAULT_MAX_CONNECTIONS, 0, 0, DEFAULT_UPLOAD_SLOTS,
        Duration.ofSeconds(20), true, true, EngineListener.NONE, Dht.DEFAULT, Encryption.ENABLED,
        Transports.DEFAULT);
  }

  public EngineConfig withStateDir(Path dir) {
    return new EngineConfig(downloadDir, dir, listenPort, bindAddress, maxPeersPerTorrent, maxConnections,
        downloadLimit, uploadLimit, uploadSlots, requestTimeout, pex, allowLocalPeers, listener, dht, encryption,
        transports);
  }

  public EngineConfig withListenPort(int port) {
    return new EngineConfig(downloadDir, stateDir, port, bindAddress, maxPeersPerTorrent, maxConnections,
        downloadLimit, uploadLimit, uploadSlots, requestTimeout, pex, allowLocalPeers, listener, dht, encryption,
        transports);
  }

  public EngineConfig withBindAddress(InetAddress address) {
    return new EngineConfig(downloadDir, stateDir, listenPort, address, maxPeersPerTorrent, maxConnections,
        downloadLimit, uploadLimit, uploadSlots, requestTimeout, pex, allowLocalPeers, listener, dht, encryption,
        transports);
  }

  public EngineConfig withMaxPeers(int perTorrent) {
    return new EngineConfig(downloadDir, stateDir, listenPort, bindAddress, perTorrent, Math.max(maxConnections, perTorrent),
        downloadLimit, uploadLimit, uploadSlots, requestTimeout, pex, allowLocalPeers, listener, dht, encryption,
        transports);
  }

  /** Global limits in bytes/s; 0 = unlimited. */
  public EngineConfig withRateLimits(long download, long upload) {
    return new EngineConfig(downloadDir, stateDir, listenPort, bindAddress, maxPeersPerTorrent, maxConnections,
        download, upload, uploadSlots, requestTimeout, pex, allowLocalPeers, listener, dht, encryption,
        transports);
  }

  public EngineConfig withRequestTimeout(Duration timeout) {
    return new EngineConfig(downloadDir, stateDir, listenPort, bindAddress, maxPeersPerTorrent, maxConnections,
        downloadLimit, uploadLimit, uploadSlots, timeout, pex, allowLocalPeers, listener, dht, encryption,
        transports);
  }

  public EngineConfig withListener(EngineListener l) {
    return new EngineConfig(downloadDir, stateDir, listenPort, bindAddress, maxPeersPerTorrent, maxConnections,
        downloadLimit, uploadLimit, uploadSlots, requestTimeout, pex, allowLocalPeers, l, dht, encryption, transports);
  }

  /** DHT settings; {@link Dht#OFF} turns the DHT off ({@code --no-dht}). */
  public EngineConfig withDht(Dht settings) {
    return new EngineConfig(downloadDir, stateDir, listenPort, bindAddress, maxPeersPerTorrent, maxConnections,
        downloadLimit, uploadLimit, uploadSlots, requestTimeout, pex, allowLocalPeers, listener, settings, encryption,
        transports);
  }

  /** Message Stream Encryption policy ({@code --encryption}). */
  public EngineConfig withEncryption(Encryption policy) {
    return new EngineConfig(downloadDir, stateDir, listenPort, bindAddress, maxPeersPerTorrent, maxConnections,
        downloadLimit, uploadLimit, uploadSlots, requestTimeout, pex, allowLocalPeers, listener, dht, policy, transports);
  }

  /** Which transports carry peer connections; see {@link Transports}. */
  public EngineConfig withTransports(Transports t) {
    return new EngineConfig(downloadDir, stateDir, listenPort, bindAddress, maxPeersPerTorrent, maxConnections,
        downloadLimit, uploadLimit, uploadSlots, requestTimeout, pex, allowLocalPeers, listener, dht, encryption, t);
  }

  /**
   * Peer transports: TCP and uTP (BEP 29), each for incoming and outgoing connections. uTP listens on UDP at the peer
   * port, on the DHT's socket when the DHT runs there. Outgoing connections try TCP first when it is on and fall back to
   * uTP when TCP cannot reach the peer (refused, or closed before the BitTorrent handshake, as a uTP-only client
   * does; not after a TCP connect timeout); with TCP off they use uTP alone. Incoming uTP connections go through the
   * same handshake (and encryption policy) as TCP ones.
   *
   * @param incomingTcp accept TCP connections on the peer port
   * @param outgoingTcp dial peers over TCP
   * @param incomingUtp accept uTP connections on UDP at the peer port
   * @param outgoingUtp dial peers over uTP (after TCP failed, or alone when TCP is off)
   */
  public record Transports(boolean incomingTcp, boolean outgoingTcp, boolean incomingUtp, boolean outgoingUtp) {
    public static final Transports DEFAULT = new Transports(true, true, true, true);
    public static final Transports TCP_ONLY = new Transports(true, true, false, false);
    public static final Transports UTP_ONLY = new Transports(false, false, true, true);

    /** True if uTP is used in either direction (a UDP endpoint is needed). */
    public boolean utp() {
      return incomingUtp || outgoingUtp;
    }
  }

  /**
   * Whether peer connections use Message Stream Encryption (MSE/PE, the Vuze/libtorrent spec, see
   * {@link dev.reel.engine.wire.mse}), as libtorrent's {@code pe_disabled / pe_enabled / pe_forced}.
   */
  public enum Encryption {
    /** Plaintext BitTorrent only: incoming MSE connections are refused, outgoing ones are plaintext. */
    DISABLED,
    /**
     * Both: incoming plaintext and MSE are accepted; outgoing connections try MSE first (offering plaintext and RC4)
     * and, when the peer closes on it, redial at once in plaintext and remember that for the address. As a responder,
     * plaintext is selected when the peer offers it (only the handshake is obfuscated, like libtorrent's default), RC4
     * otherwise.
     */
    ENABLED,
    /**
     * MSE with RC4 only, both ways: a plaintext peer (incoming, or outgoing that does not complete the MSE handshake)
     * is refused with a {@link EngineEvent.PeerRefused} event.
     */
    REQUIRED
  }

  /**
   * Mainline DHT settings (BEP 5). The node listens on UDP at the peer port (any free port if that one is taken), keeps
   * its routing table in {@code <stateDir>/dht.dat} across restarts, and bootstraps from {@code bootstrapNodes}
   * (besides the saved table).
   *
   * @param enabled run a DHT node ({@code --no-dht} turns it off)
   * @param bootstrapNodes host:port pairs to join through, resolved when the engine starts; the public routers by
   *     default ({@link #PUBLIC_ROUTERS}); tests pass their own loopback nodes ({@code --dht-bootstrap})
   * @param allowLocal accept loopback and private-network DHT nodes ({@code --dht-local}; tests)
   */
  public record Dht(boolean enabled, List<InetSocketAddress> bootstrapNodes, boolean allowLocal) {
    /** router.bittorrent.com, dht.transmissionbt.com, router.utorrent.com (port 6881), resolved lazily. */
    public static final List<InetSocketAddress> PUBLIC_ROUTERS = dev.reel.engine.dht.DhtConfig.PUBLIC_ROUTERS;
    public static final Dht DEFAULT = new Dht(true, PUBLIC_ROUTERS, false);
    public static final Dht OFF = new Dht(false, List.of(), false);

    public Dht {
      bootstrapNodes = List.copyOf(bootstrapNodes);
    }

    /** A DHT of loopback/private nodes joined through {@code bootstrap} only (tests, {@code --dht-local}). */
    public static Dht local(List<InetSocketAddress> bootstrap) {
      return new Dht(true, bootstrap, true);
    }
  }
}
