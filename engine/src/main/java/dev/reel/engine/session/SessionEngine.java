package dev.reel.engine.session;

import dev.reel.engine.AddOptions;
import dev.reel.engine.Engine;
import dev.reel.engine.EngineConfig;
import dev.reel.engine.EngineEvent;
import dev.reel.engine.Torrent;
import dev.reel.engine.TorrentSource;
import dev.reel.engine.dht.DhtConfig;
import dev.reel.engine.dht.DhtNode;
import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.rate.RateLimiter;
import dev.reel.engine.utp.UtpEndpoint;
import dev.reel.engine.utp.UtpSocket;
import dev.reel.engine.wire.Handshake;
import dev.reel.engine.webseed.WebSeedClient;
import dev.reel.engine.webseed.WebSeedConfig;
import dev.reel.engine.wire.PeerIds;
import dev.reel.engine.wire.ProtocolException;
import dev.reel.engine.wire.mse.MseHandshake;
import dev.reel.engine.wire.mse.MseResult;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's composition root: the peer listener, the ticker, the hashing pool, the global rate limits and the
 * table of torrents. Thread-safe. See {@code docs/THREADING.md} for who runs where.
 */
public final class SessionEngine implements Engine {
  private static final Logger log = LoggerFactory.getLogger(SessionEngine.class);
  /** An incoming connection must complete its handshake within this. */
  static final int HANDSHAKE_TIMEOUT_MS = 10_000;
  static final int HASH_THREADS = 2;
  /** The DHT routing table, in the state dir. */
  static final String DHT_NODES_FILE = "dht.dat";

  private final EngineConfig config;
  private final byte[] peerId;
  private final ServerSocket server;
  private final Map<InfoHash, TorrentSession> torrents = new ConcurrentHashMap<>();
  private final ScheduledExecutorService ticker;
  private final ExecutorService hashPool;
  private final RateLimiter downloadLimiter;
  private final RateLimiter uploadLimiter;
  private final AtomicInteger connections = new AtomicInteger();
  /** The DHT node, or null when the DHT is off or could not start. */
  private final DhtNode dht;
  /** Completes when the first bootstrap lookup ended (at once without a DHT). */
  private final CompletableFuture<Integer> dhtBootstrapped;
  /** uTP (BEP 29) on UDP at the peer port, or null when uTP is off or could not start. */
  private final UtpEndpoint utp;
  /** The web seeds' HTTP client, made when the first torrent with web seeds needs it. */
  private HttpClient webSeedHttp;
  private volatile boolean closed;

  private SessionEngine(EngineConfig config) throws IOException {
    this.config = config;
    this.peerId = PeerIds.generate();
    Files.createDirectories(config.downloadDir());
    Files.createDirectories(config.stateDir());
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(config.bindAddress(), config.listenPort()), 128);
    this.downloadLimiter = new RateLimiter(config.downloadLimit());
    this.uploadLimiter = new RateLimiter(config.uploadLimit());
    this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("reel-ticker"));
    this.hashPool = Executors.newFixedThreadPool(HASH_THREADS, daemon("reel-hasher"));
    this.dht = config.dht().enabled() ? startDht(config, server.getLocalPort()) : null;
    this.dhtBootstrapped = dht == null ? CompletableFuture.completedFuture(0)
        : dht.bootstrap(config.dht().bootstrapNodes()).exceptionally(e -> 0);
    // Torrents added before the bootstrap ended look up their peers as soon as it ends, not at the next tick.
    dhtBootstrapped.thenRunAsync(this::startDhtLookups, ticker);
    this.utp = config.transports().utp() ? startUtp(config, server.getLocalPort(), dht) : null;
  }

  /**
   * Starts uTP on UDP at the peer port: on the DHT's socket when the DHT runs on that port (the two are told apart by
   * the first byte of each datagram), else on a socket of its own. Any free port if the peer port is taken (then
   * peers cannot reach us over uTP, but we can still dial them). A uTP that cannot start is logged and left off.
   */
  private static UtpEndpoint startUtp(EngineConfig config, int port, DhtNode dht) {
    boolean accept = config.transports().incomingUtp();
    if (dht != null && dht.port() == port) {
      UtpEndpoint.tuneBuffers(dht.channel());
      UtpEndpoint ep = UtpEndpoint.attached(dht::sendDatagram, port, accept);
      dht.shareSocket(ep::offer);
      return ep;
    }
    InetAddress bind = config.bindAddress() != null ? config.bindAddress() : new InetSocketAddress(0).getAddress();
    try {
      return UtpEndpoint.open(new InetSocketAddress(bind, port), accept);
    } catch (IOException e) {
      log.info("uTP cannot use UDP port {} ({}); using any free port", port, e.getMessage());
    }
    try {
      return UtpEndpoint.open(new InetSocketAddress(bind, 0), accept);
    } catch (IOException e) {
      log.warn("uTP disabled: {}", e.getMessage());
      return null;
    }
  }

  private void startDhtLookups() {
    for (TorrentSession t : torrents.values()) {
      t.startDhtLookup();
    }
  }

  /**
   * Starts the DHT node on UDP at the peer port (BEP 5: the DHT and the peer listener share the port number), or any
   * free port if that one is taken; the routing table is loaded from and saved to {@code <stateDir>/dht.dat}. A DHT
   * that cannot start is logged and left off: the engine works without it.
   */
  private static DhtNode startDht(EngineConfig config, int port) {
    InetAddress bind = config.bindAddress() != null ? config.bindAddress() : new InetSocketAddress(0).getAddress();
    DhtConfig dc = DhtConfig.defaults().withBindAddress(bind).withPort(port)
        .withAllowLocal(config.dht().allowLocal()).withBootstrapNodes(config.dht().bootstrapNodes())
        .withNodesFile(config.stateDir().resolve(DHT_NODES_FILE));
    try {
      return DhtNode.start(dc);
    } catch (IOException | RuntimeException e) {
      log.info("DHT cannot use UDP port {} ({}); using any free port", port, e.getMessage());
    }
    try {
      return DhtNode.start(dc.withPort(0));
    } catch (IOException | RuntimeException e) {
      log.warn("DHT disabled: {}", e.getMessage());
      return null;
    }
  }

  /** Binds the listener and starts the accept loop and the ticker. */
  public static SessionEngine start(EngineConfig config) throws IOException {
    SessionEngine engine = new SessionEngine(config);
    Thread.ofVirtual().name("reel-accept").start(engine::acceptLoop);
    if (engine.utp != null && config.transports().incomingUtp()) {
      Thread.ofVirtual().name("reel-utp-accept").start(engine::utpAcceptLoop);
    }
    engine.ticker.scheduleWithFixedDelay(engine::tick, 1, 1, TimeUnit.SECONDS);
    return engine;
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public EngineConfig config() {
    return config;
  }

  @Override
  public int listenPort() {
    return server.getLocalPort();
  }

  /** The DHT node, or null when the DHT is off. */
  DhtNode dht() {
    return dht;
  }

  /** True once the DHT's first bootstrap lookup ended (lookups before it would start from an empty table). */
  boolean dhtReady() {
    return dhtBootstrapped.isDone();
  }

  /** The uTP endpoint, or null when uTP is off. */
  UtpEndpoint utp() {
    return utp;
  }

  /** UDP port of uTP, or 0 when uTP is off. */
  public int utpPort() {
    return utp == null ? 0 : utp.port();
  }

  /** UDP port of the DHT, or 0 when the DHT is off. */
  public int dhtPort() {
    return dht == null ? 0 : dht.port();
  }

  /** The HTTP client shared by every web seed of this engine; closed with the engine. */
  synchronized HttpClient webSeedHttp() {
    if (webSeedHttp == null) {
      webSeedHttp = WebSeedClient.newHttpClient(WebSeedConfig.DEFAULTS);
    }
    return webSeedHttp;
  }

  byte[] peerId() {
    return peerId.clone();
  }

  boolean isOwnPeerId(byte[] id) {
    return java.util.Arrays.equals(id, peerId);
  }

  RateLimiter downloadLimiter() {
    return downloadLimiter;
  }

  RateLimiter uploadLimiter() {
    return uploadLimiter;
  }

  ExecutorService hashPool() {
    return hashPool;
  }

  AtomicInteger connectionCount() {
    return connections;
  }

  void emit(EngineEvent event) {
    try {
      config.listener().onEvent(event);
    } catch (RuntimeException e) {
      log.warn("engine listener threw on {}", event, e);
    }
  }

  @Override
  public Torrent add(TorrentSource source, AddOptions options) throws IOException {
    if (closed) {
      throw new IllegalStateException("engine is closed");
    }
    InfoHash hash = source.infoHash();
    TorrentSession[] created = new TorrentSession[1];
    TorrentSession t = torrents.computeIfAbsent(hash, h -> created[0] = new TorrentSession(this, source, options));
    if (created[0] != null) {
      emit(new EngineEvent.TorrentAdded(hash, t.displayName()));
      t.start();
    }
    return t;
  }

  void forget(TorrentSession t) {
    torrents.remove(t.infoHash(), t);
  }

  @Override
  public Optional<Torrent> get(InfoHash infoHash) {
    return Optional.ofNullable(torrents.get(infoHash));
  }

  @Override
  public List<Torrent> torrents() {
    return List.copyOf(torrents.values());
  }

  @Override
  public void setRateLimits(long download, long upload) {
    downloadLimiter.setRate(download);
    uploadLimiter.setRate(upload);
  }

  private void tick() {
    long now = System.nanoTime();
    for (TorrentSession t : torrents.values()) {
      try {
        t.tick(now);
      } catch (RuntimeException e) {
        log.warn("tick of {} failed", t.infoHash(), e);
      }
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        if (!closed) {
          log.warn("peer listener failed", e);
        }
        return;
      }
      if (!config.transports().incomingTcp()) {
        closeQuietly(s);
        continue;
      }
      Thread.ofVirtual().name("reel-incoming").start(() -> handleIncoming(s));
    }
  }

  private void utpAcceptLoop() {
    while (!closed) {
      UtpSocket s;
      try {
        s = utp.accept();
      } catch (IOException e) {
        return; // closed
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      Thread.ofVirtual().name("reel-incoming-utp").start(() -> handleIncoming(s));
    }
  }

  /**
   * Tells a plaintext handshake from an MSE key by its first bytes, applies the encryption policy, finds the torrent
   * (by info-hash, or for MSE by {@code HASH('req2', SKEY) xor HASH('req3', S)} among the active torrents), and hands
   * the socket over with the streams to use. TCP and uTP connections alike.
   */
  private void handleIncoming(Socket s) {
    ScheduledFuture<?> deadline = null;
    try {
      s.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
      s.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(s.getInputStream(), PeerConnection.READ_BUFFER);
      OutputStream out = s.getOutputStream();
      EngineConfig.Encryption policy = config.encryption();
      if (PeerCrypto.startsPlaintext(in)) {
        Handshake.Header header = Handshake.readHeader(in);
        TorrentSession t = torrents.get(header.infoHash());
        if (t == null || !t.acceptsConnections()) {
          s.close();
          return;
        }
        if (policy == EngineConfig.Encryption.REQUIRED) {
          refuse(t, s, "plaintext connection refused: encryption is required");
          return;
        }
        byte[] theirId = Handshake.readPeerId(in);
        t.incoming(s, in, out, header.withPeerId(theirId));
        return;
      }
      if (policy == EngineConfig.Encryption.DISABLED) {
        log.debug("incoming connection from {} is not a BitTorrent handshake and encryption is disabled",
            s.getRemoteSocketAddress());
        s.close();
        return;
      }
      deadline = closeAfter(s, PeerCrypto.MSE_HANDSHAKE_TIMEOUT_MS);
      List<InfoHash> active = new ArrayList<>();
      for (TorrentSession t : torrents.values()) {
        if (t.acceptsConnections()) {
          active.add(t.infoHash());
        }
      }
      MseResult mse = MseHandshake.respond(in, out, active, PeerCrypto.methods(policy), PeerCrypto.RANDOM);
      Handshake.Header header = Handshake.readHeader(mse.in());
      if (!header.infoHash().equals(mse.infoHash())) {
        throw new ProtocolException("handshake names " + header.infoHash() + " inside an MSE stream for "
            + mse.infoHash());
      }
      TorrentSession t = torrents.get(mse.infoHash());
      if (t == null || !t.acceptsConnections()) {
        s.close();
        return;
      }
      byte[] theirId = Handshake.readPeerId(mse.in());
      deadline.cancel(false);
      log.debug("incoming MSE connection from {} ({})", s.getRemoteSocketAddress(), mse.method());
      t.incoming(s, mse.in(), mse.out(), header.withPeerId(theirId));
    } catch (IOException | RuntimeException e) {
      log.debug("incoming handshake from {} failed: {}", s.getRemoteSocketAddress(), e.toString());
      closeQuietly(s);
    } finally {
      if (deadline != null) {
        deadline.cancel(false);
      }
    }
  }

  /** Turns away a peer the encryption policy forbids: logged and reported as {@link EngineEvent.PeerRefused}. */
  void refuse(TorrentSession t, Socket s, String reason) {
    InetSocketAddress peer = (InetSocketAddress) s.getRemoteSocketAddress();
    closeQuietly(s);
    log.info("refused peer {} for {}: {}", peer, t.infoHash(), reason);
    emit(new EngineEvent.PeerRefused(t.infoHash(), peer, reason));
  }

  /** Closes {@code s} after {@code millis} unless the returned future is cancelled first (handshake time limits). */
  ScheduledFuture<?> closeAfter(Socket s, long millis) {
    return ticker.schedule(() -> closeQuietly(s), millis, TimeUnit.MILLISECONDS);
  }

  static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing
    }
    List<Thread> closers = new ArrayList<>();
    for (TorrentSession t : torrents.values()) {
      closers.add(Thread.ofVirtual().start(t::shutdown));
    }
    for (Thread c : closers) {
      try {
        c.join(15_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    ticker.shutdownNow();
    hashPool.shutdownNow();
    if (utp != null) {
      utp.close();
    }
    if (dht != null) {
      dht.close(); // saves the routing table
    }
    HttpClient http;
    synchronized (this) {
      http = webSeedHttp;
    }
    if (http != null) {
      http.close();
    }
  }

  boolean isClosed() {
    return closed;
  }

  static boolean isSocketClosed(IOException e) {
    return e instanceof SocketException;
  }
}
