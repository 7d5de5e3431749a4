package dev.reel.app.serve;

import dev.reel.app.api.ApiContext;
import dev.reel.app.api.ApiHandler;
import dev.reel.app.api.Catalogs;
import dev.reel.app.api.SecurityFilter;
import dev.reel.app.api.StaticFiles;
import dev.reel.app.api.Tokens;
import dev.reel.app.catalog.DiskCache;
import dev.reel.app.catalog.HttpFetcher;
import dev.reel.app.catalog.Provider;
import dev.reel.app.catalog.SwarmHealth;
import dev.reel.app.catalog.archive.ArchiveProvider;
import dev.reel.app.catalog.archive.ArchiveTvProvider;
import dev.reel.app.catalog.mine.MyTorrentsProvider;
import dev.reel.app.catalog.openmovies.OpenMoviesProvider;
import dev.reel.app.library.DataDirs;
import dev.reel.app.library.Library;
import dev.reel.app.library.Settings;
import dev.reel.app.play.PlayConfig;
import dev.reel.app.play.PlaySessions;
import dev.reel.app.play.Transfers;
import dev.reel.app.server.HttpServer;
import dev.reel.app.server.HttpServerConfig;
import dev.reel.app.stream.StreamRoutes;
import dev.reel.app.web.WebRoutes;
import dev.reel.engine.Engine;
import dev.reel.engine.EngineConfig;
import dev.reel.engine.EngineListener;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of {@code reel serve}: the library (SQLite), the one shared engine, the play sessions and
 * cache, the catalog providers, and the HTTP server with the JSON API, the stream routes and the web UI, wired by
 * hand. {@link #start} opens everything or nothing; {@link #close()} stops in reverse order (server, the transfers'
 * timer, sessions — with "clear on exit" — engine, catalog, library). Not thread-safe for start/close; serving is
 * concurrent.
 */
public final class ReelServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReelServer.class);
  /** The provider answers kept on disk (JSON, .torrent files, posters). */
  public static final long HTTP_CACHE_BYTES = 256L << 20;

  private final List<AutoCloseable> open = new ArrayList<>();
  private Library library;
  private Engine engine;
  private PlaySessions sessions;
  private Transfers transfers;
  private HttpServer server;
  private ApiHandler api;
  private Tokens tokens;

  private ReelServer() {}

  /**
   * Starts Reel's server.
   *
   * @throws IllegalArgumentException for LAN mode without a password
   * @throws IOException if a port cannot be bound or a folder cannot be created
   */
  public static ReelServer start(ServeConfig config, String version) throws IOException {
    if (config.lan() && (config.password() == null || config.password().isBlank())) {
      throw new IllegalArgumentException("--lan needs a password (--password or REEL_PASSWORD): "
          + "anyone on the network could otherwise control Reel");
    }
    ReelServer r = new ReelServer();
    try {
      r.open(config, version);
      return r;
    } catch (IOException | RuntimeException e) {
      r.close();
      throw e;
    }
  }

  private void open(ServeConfig config, String version) throws IOException {
    Files.createDirectories(config.dataDir());
    Path torrents = config.cacheDir().resolve("torrents");
    Files.createDirectories(torrents);
    library = Library.open(config.dataDir(), Settings.defaults(DataDirs.defaultDownloadDir()), config.clock());
    Settings settings = library.settings().get();

    ForwardingListener events = new ForwardingListener();
    int peerPort = config.peerPort() != null ? config.peerPort() : settings.peerPort();
    EngineConfig ec = EngineConfig.defaults(torrents)
        .withStateDir(config.dataDir().resolve("engine"))
        .withListenPort(peerPort)
        .withMaxPeers(settings.maxPeersPerTorrent())
        .withRateLimits(settings.downloadLimitKiB() * 1024, settings.uploadLimitKiB() * 1024)
        .withListener(events)
        .withEncryption(encryption(settings.encryption()))
        .withTransports(transports(settings.transports()));
    engine = Engine.start(ec);

    Library lib = library;
    PlayConfig pc = new PlayConfig(torrents,
        () -> config.cacheLimitBytes() != null ? config.cacheLimitBytes() : lib.settings().get().cacheLimitBytes(),
        () -> lib.settings().get().clearOnExit(), () -> lib.settings().get().downloadFolder(),
        config.idleTimeout(), config.maintenanceInterval(), PlayConfig.DEFAULT_READ_TIMEOUT);
    sessions = new PlaySessions(engine, library.cache(), pc, config.clock());
    events.target = sessions::onEvent;
    transfers = new Transfers(engine, library.transfers(), sessions, () -> lib.settings().get().downloadFolder(),
        () -> lib.settings().get().seedRatioPercent());
    transfers.restore();

    HttpFetcher http = new HttpFetcher(HttpFetcher.DEFAULT_CONNECT_TIMEOUT, HttpFetcher.DEFAULT_REQUEST_TIMEOUT,
        new DiskCache(config.cacheDir().resolve("http"), HTTP_CACHE_BYTES));
    List<Provider> builtins = List.of(new OpenMoviesProvider(), new ArchiveProvider(config.archiveBase(), http),
        new ArchiveTvProvider(config.archiveBase(), http), new MyTorrentsProvider(library.myTorrents()));
    Catalogs catalogs = new Catalogs(library.providers(), builtins, http, config.catalogTimeout());
    open.add(catalogs);
    SwarmHealth health = config.scrape() ? SwarmHealth.withTrackers() : null;
    if (health != null) {
      open.add(health);
    }

    tokens = new Tokens(config.lan() ? config.password() : null);
    int httpPort = config.httpPort() != null ? config.httpPort() : settings.httpPort();
    HttpServerConfig hc = new HttpServerConfig(config.lan() ? "0.0.0.0" : HttpServerConfig.LOOPBACK, httpPort,
        config.lan() ? lanNames() : Set.of(), HttpServerConfig.DEFAULT_IDLE_TIMEOUT);
    server = new HttpServer(hc);
    server.addFilter(new SecurityFilter(tokens));
    StreamRoutes.install(server, sessions.streams());
    WebRoutes.install(server, sessions.streams());
    api = new ApiHandler();
    new ApiContext(library, catalogs, sessions, transfers, engine, tokens, http, health, version, config.metadataWait(),
        config.playerDirs())
        .install(api);
    server.addRoute("/api/*", api);
    server.addRoute("/", new StaticFiles(tokens));
    server.start();
    LOG.info("Reel serving {} (data {}, cache {})", server.baseUri(), config.dataDir(), config.cacheDir());
  }

  /** The engine's policy for a valid {@link Settings#encryption()} value. */
  static EngineConfig.Encryption encryption(String setting) {
    return switch (setting) {
      case "required" -> EngineConfig.Encryption.REQUIRED;
      case "disabled" -> EngineConfig.Encryption.DISABLED;
      default -> EngineConfig.Encryption.ENABLED;
    };
  }

  /** The engine's transports for a valid {@link Settings#transports()} value. */
  static EngineConfig.Transports transports(String setting) {
    return switch (setting) {
      case "tcp" -> EngineConfig.Transports.TCP_ONLY;
      case "utp" -> EngineConfig.Transports.UTP_ONLY;
      default -> EngineConfig.Transports.DEFAULT;
    };
  }

  /** {@code http://127.0.0.1:PORT/}. */
  public URI uri() {
    return server.baseUri();
  }

  public int port() {
    return server.port();
  }

  /** For tests: the engine. */
  public Engine engine() {
    return engine;
  }

  /** For tests: the API's routes (every route is checked against the security rules). */
  public List<ApiHandler.RouteSpec> apiRoutes() {
    return api.routes();
  }

  /** For tests: the library. */
  public Library library() {
    return library;
  }

  public PlaySessions sessions() {
    return sessions;
  }

  /** The transfer list (downloads kept in the download folder). */
  public Transfers transfers() {
    return transfers;
  }

  /** The machine's non-loopback addresses as Host names (IPv6 in brackets), and its host name. */
  public static Set<String> lanNames() {
    Set<String> names = new LinkedHashSet<>();
    try {
      for (NetworkInterface nif : NetworkInterface.networkInterfaces().toList()) {
        for (InetAddress a : nif.inetAddresses().toList()) {
          if (a.isLoopbackAddress()) {
            continue;
          }
          String host = a.getHostAddress();
          int zone = host.indexOf('%');
          if (zone >= 0) {
            host = host.substring(0, zone);
          }
          names.add(a instanceof Inet6Address ? "[" + host + "]" : host);
        }
      }
    } catch (SocketException e) {
      LOG.warn("cannot list the network interfaces: {}", e.toString());
    }
    try {
      String h = InetAddress.getLocalHost().getHostName();
      names.add(h);
      if (!h.contains(".")) {
        names.add(h + ".local");
      }
    } catch (IOException e) {
      // no host name: addresses only
    }
    return names;
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
    if (transfers != null) {
      transfers.close();
    }
    if (sessions != null) {
      sessions.close();
    }
    if (engine != null) {
      engine.close();
    }
    for (AutoCloseable c : open) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("cannot close {}: {}", c, e.toString());
      }
    }
    if (library != null) {
      library.close();
    }
  }

  /** Engine events go to the sessions once they exist. */
  private static final class ForwardingListener implements EngineListener {
    volatile EngineListener target = EngineListener.NONE;

    @Override
    public void onEvent(dev.reel.engine.EngineEvent event) {
      target.onEvent(event);
    }
  }
}
