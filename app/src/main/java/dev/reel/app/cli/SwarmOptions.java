package dev.reel.app.cli;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.EngineConfig;
import dev.reel.engine.EngineListener;
import dev.reel.engine.TorrentSource;
import dev.reel.engine.metainfo.Metainfo;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * Options shared by the commands that join a swarm (download, seed, stream, info): port, peers, trackers, limits,
 * encryption, transports, state.
 */
final class SwarmOptions {
  private static final Logger log = LoggerFactory.getLogger(SwarmOptions.class);

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "TCP peer port (default: " + EngineConfig.DEFAULT_PORT
          + ", or any free one if it is taken; 0 = any).")
  Integer port;

  @Option(
      names = "--tracker",
      paramLabel = "URL",
      converter = TrackerUrl.class,
      description = "Also announce to this tracker (http, https or udp; repeatable).")
  List<String> trackers = new ArrayList<>();

  @Option(
      names = "--peer",
      paramLabel = "HOST:PORT",
      converter = PeerAddress.class,
      description = "Connect to this peer directly (repeatable).")
  List<InetSocketAddress> peers = new ArrayList<>();

  @Option(
      names = "--max-peers",
      paramLabel = "N",
      defaultValue = "" + EngineConfig.DEFAULT_MAX_PEERS_PER_TORRENT,
      description = "Connected peers at most (default: ${DEFAULT-VALUE}).")
  int maxPeers;

  @Option(names = "--down-limit", paramLabel = "KiB/s", defaultValue = "0", description = "Download limit, 0 = none.")
  long downLimitKiB;

  @Option(names = "--up-limit", paramLabel = "KiB/s", defaultValue = "0", description = "Upload limit, 0 = none.")
  long upLimitKiB;

  @Option(
      names = "--dht-bootstrap",
      paramLabel = "HOST:PORT",
      converter = PeerAddress.class,
      description = "Join the DHT through this node (repeatable; default: the public routers "
          + "router.bittorrent.com, dht.transmissionbt.com, router.utorrent.com).")
  List<InetSocketAddress> dhtBootstrap = new ArrayList<>();

  @Option(names = "--no-dht", description = "Do not use the DHT (BEP 5) to find peers.")
  boolean noDht;

  @Option(
      names = "--dht-local",
      description = "Accept DHT nodes on loopback and private networks (a LAN or test DHT).")
  boolean dhtLocal;

  @Option(
      names = "--encryption",
      paramLabel = "MODE",
      defaultValue = "enabled",
      converter = EncryptionMode.class,
      description = "Message Stream Encryption with peers: enabled (default: accept both, try encrypted first and "
          + "fall back to plaintext), required (encrypted peers only), disabled (plaintext only).")
  EngineConfig.Encryption encryption = EngineConfig.Encryption.ENABLED;

  @Option(
      names = "--transports",
      paramLabel = "KIND",
      defaultValue = "both",
      converter = TransportsMode.class,
      description = "How to connect to peers: both (default: TCP, and uTP when TCP does not reach a peer; accept "
          + "both), tcp (TCP only), utp (uTP only, BEP 29).")
  EngineConfig.Transports transports = EngineConfig.Transports.DEFAULT;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Reel's state folder, resume files go under it (default: $XDG_DATA_HOME/reel or "
          + "~/.local/share/reel).")
  Path dataDir;

  /** The state folder: --data-dir, else $XDG_DATA_HOME/reel, else ~/.local/share/reel. */
  Path dataDir() {
    if (dataDir != null) {
      return dataDir.toAbsolutePath().normalize();
    }
    return defaultDataDir(System.getenv("XDG_DATA_HOME"), Path.of(System.getProperty("user.home")));
  }

  static Path defaultDataDir(String xdgDataHome, Path home) {
    if (xdgDataHome != null && !xdgDataHome.isBlank() && Path.of(xdgDataHome).isAbsolute()) {
      return Path.of(xdgDataHome, "reel");
    }
    return home.resolve(".local").resolve("share").resolve("reel");
  }

  /** The engine's config: downloads into {@code downloadDir}, state under {@code <data-dir>/engine}. */
  EngineConfig engineConfig(Path downloadDir, int listenPort, EngineListener listener) throws CliException {
    if (maxPeers < 1) {
      throw new CliException(ExitCodes.USAGE, "--max-peers must be at least 1, not " + maxPeers);
    }
    if (downLimitKiB < 0 || upLimitKiB < 0) {
      throw new CliException(ExitCodes.USAGE, "rate limits cannot be negative");
    }
    return EngineConfig.defaults(downloadDir)
        .withStateDir(dataDir().resolve("engine"))
        .withListenPort(listenPort)
        .withMaxPeers(maxPeers)
        .withRateLimits(downLimitKiB * 1024, upLimitKiB * 1024)
        .withListener(listener)
        .withDht(dht())
        .withEncryption(encryption)
        .withTransports(transports);
  }

  /**
   * Starts an engine. Without {@code --port}, a taken default port falls back to any free one (two downloads at
   * once should both work); an explicit port that is taken is an error.
   */
  Engine startEngine(Path downloadDir, EngineListener listener) throws CliException, IOException {
    if (port != null && (port < 0 || port > 65535)) {
      throw new CliException(ExitCodes.USAGE, "--port must be 0..65535, not " + port);
    }
    Files.createDirectories(dataDir());
    int wanted = port != null ? port : EngineConfig.DEFAULT_PORT;
    try {
      return Engine.start(engineConfig(downloadDir, wanted, listener));
    } catch (BindException e) {
      if (port != null) {
        throw CliException.error("cannot listen for peers on port " + wanted + ": " + e.getMessage()
            + " (try --port 0 for any free port)", e);
      }
      log.debug("port {} is taken ({}); using any free port", wanted, e.getMessage());
      return Engine.start(engineConfig(downloadDir, 0, listener));
    }
  }

  /** The DHT settings: off with --no-dht; else the --dht-bootstrap nodes (or the public routers). */
  EngineConfig.Dht dht() {
    if (noDht) {
      return EngineConfig.Dht.OFF;
    }
    List<InetSocketAddress> bootstrap = dhtBootstrap.isEmpty() ? EngineConfig.Dht.PUBLIC_ROUTERS : dhtBootstrap;
    return new EngineConfig.Dht(true, bootstrap, dhtLocal);
  }

  /** Per-torrent options: where the files go, extra trackers and peers. */
  AddOptions addOptions(Path downloadDir) {
    return AddOptions.DEFAULT.withDownloadDir(downloadDir).withTrackers(trackers).withPeers(peers);
  }

  /** Every announce URL the torrent will use: the torrent's or magnet's own, then --tracker; each once. */
  List<String> allTrackers(TorrentSource source, Optional<Metainfo> meta) {
    LinkedHashSet<String> urls = new LinkedHashSet<>();
    meta.ifPresent(m -> m.announceTiers().forEach(urls::addAll));
    if (source instanceof TorrentSource.OfMagnet mag) {
      urls.addAll(mag.magnet().trackers());
    }
    urls.addAll(trackers);
    return List.copyOf(urls);
  }

  /** enabled, required or disabled (any case). */
  static final class EncryptionMode implements ITypeConverter<EngineConfig.Encryption> {
    @Override
    public EngineConfig.Encryption convert(String value) {
      for (EngineConfig.Encryption e : EngineConfig.Encryption.values()) {
        if (e.name().equalsIgnoreCase(value.strip())) {
          return e;
        }
      }
      throw new TypeConversionException("expected enabled, required or disabled, got '" + value + "'");
    }
  }

  /** both, tcp or utp (any case). */
  static final class TransportsMode implements ITypeConverter<EngineConfig.Transports> {
    @Override
    public EngineConfig.Transports convert(String value) {
      return switch (value.strip().toLowerCase(Locale.ROOT)) {
        case "both" -> EngineConfig.Transports.DEFAULT;
        case "tcp" -> EngineConfig.Transports.TCP_ONLY;
        case "utp" -> EngineConfig.Transports.UTP_ONLY;
        default -> throw new TypeConversionException("expected both, tcp or utp, got '" + value + "'");
      };
    }
  }

  /** HOST:PORT or [IPv6]:PORT. */
  static final class PeerAddress implements ITypeConverter<InetSocketAddress> {
    @Override
    public InetSocketAddress convert(String value) {
      int colon = value.lastIndexOf(':');
      if (colon <= 0 || colon == value.length() - 1) {
        throw new TypeConversionException("expected HOST:PORT, got '" + value + "'");
      }
      String host = value.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int p;
      try {
        p = Integer.parseInt(value.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new TypeConversionException("bad port in '" + value + "'");
      }
      if (p < 1 || p > 65535) {
        throw new TypeConversionException("port out of range in '" + value + "'");
      }
      InetSocketAddress address = new InetSocketAddress(host, p);
      if (address.isUnresolved()) {
        throw new TypeConversionException("unknown host '" + host + "'");
      }
      return address;
    }
  }

  /** An announce URL: http, https or udp with a host. */
  static final class TrackerUrl implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        URI uri = new URI(value);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!Map.of("http", 1, "https", 1, "udp", 1).containsKey(scheme) || uri.getHost() == null) {
          throw new TypeConversionException(
              "not a tracker URL (http://, https:// or udp://HOST:PORT): '" + value + "'");
        }
        return value;
      } catch (URISyntaxException e) {
        throw new TypeConversionException("not a URL: '" + value + "'");
      }
    }
  }
}
