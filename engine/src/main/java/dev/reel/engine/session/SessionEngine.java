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
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
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
  /** The IPv6 DHT's routing table (BEP 32), in the state dir. */
  static final String DHT6_NODES_FILE = "dht6.dat";

  private final EngineConfig config;
  private final byte[] peerId;
  private final ServerSocket server;
  private final Map<InfoHash, TorrentSession> torrents = new ConcurrentHashMap<>();
  private final ScheduledExecutorService ticker;
  private final ExecutorService hashPool;
  private final RateLimiter downloadLimiter;
  private final RateLimiter uploadLimiter;
  private final AtomicInteger connections = new AtomicInteger();
  /** The IPv4 DHT node, or null when the DHT is off, could not start, or the listener is bound to IPv6 only. */
  private final DhtNode dht;
  /** uTP (BEP 29) on UDP at the peer port, or null when uTP is off or could not start. */
  private final UtpEndpoint utp;
  /** The IPv6 DHT node (BEP 32), or null: see {@link #dht6Address}. */
  private final DhtNode dht6;
  /**
   * Per DHT node, completes when its join's self-lookup ended: torrents' lookups on it may start, while the join's
   * range refreshes go on ({@link DhtNode.Join}).
   */
  private final Map<DhtNode, CompletableFuture<Integer>> dhtJoined = new ConcurrentHashMap<>();
  /** Our IPv6 address for the BEP 10 {@code ipv6} key, when the listener accepts IPv6 and we have one. */
  private final Optional<Inet6Address> ownIpv6;
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
    // A null bind address is the wildcard: on a host with IPv6 Java binds the dual-stack "::", which accepts IPv4
    // peers too (as IPv4-mapped addresses, which Java reports as Inet4Address); without IPv6, "0.0.0.0".
    server.bind(new InetSocketAddress(config.bindAddress(), config.listenPort()), 128);
    this.ownIpv6 = findOwnIpv6(server.getInetAddress());
    this.downloadLimiter = new RateLimiter(config.downloadLimit());
    this.uploadLimiter = new RateLimiter(config.uploadLimit());
    this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("reel-ticker"));
    this.hashPool = Executors.newFixedThreadPool(HASH_THREADS, daemon("reel-hasher"));
    boolean v6Only = config.bindAddress() instanceof Inet6Address a && !a.isAnyLocalAddress();
    this.dht = config.dht().enabled() && !v6Only ? startDht(config, server.getLocalPort()) : null;
    InetAddress six = config.dht().enabled() ? dht6Address(config, server.getInetAddress()) : null;
    this.dht6 = six == null ? null : startDht6(config, six, server.getLocalPort(), dht);
    for (DhtNode node : dhtNodes()) {
      DhtNode.Join join = node.join(config.dht().bootstrapNodes());
      dhtJoined.put(node, join.ready());
      // Torrents added before the self-lookup ended look up their peers as soon as it ends, not at the next tick.
      join.ready().exceptionally(e -> 0).thenRunAsync(this::startDhtLookups, ticker);
      // A lookup that ran while the range refreshes still filled the tables (ours and others') may have missed nodes
      // near its target: each torrent that already looked up looks up and announces once more.
      join.done().exceptionally(e -> 0).thenRunAsync(() -> relookAfterJoin(node), ticker);
    }
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

  private void relookAfterJoin(DhtNode node) {
    for (TorrentSession t : torrents.values()) {
      t.dht.joinCompleted(node);
      t.startDhtLookup();
    }
  }

  /**
   * Where the IPv6 DHT node binds (BEP 32), or null for none: the listener's own IPv6 address when it is bound to one
   * (a loopback {@code ::1} in tests); on the wildcard, one of the host's global unicast IPv6 addresses (BEP 32: not
   * "::"), or {@code ::1} when local DHT nodes are allowed ({@code --dht-local}) and the host has no global one;
   * none for an IPv4 listener.
   */
  static InetAddress dht6Address(EngineConfig config, InetAddress listener) {
    if (!(listener instanceof Inet6Address v6)) {
      return null;
    }
    if (!v6.isAnyLocalAddress()) {
      return v6;
    }
    Optional<Inet6Address> global = findOwnIpv6(v6);
    if (global.isPresent()) {
      return global.get();
    }
    if (config.dht().allowLocal()) {
      try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0, InetAddress.getByName("::1"))) {
        return probe.getLocalAddress();
      } catch (IOException e) {
        return null;
      }
    }
    return null;
  }

  /**
   * Starts the IPv6 DHT node (BEP 32) at {@code bind}, on the peer port if free, else any port, with the IPv4 node's
   * id (BEP 32 advises one id for both) and its table in {@code <stateDir>/dht6.dat}. Logged and left off on failure.
   */
  private static DhtNode startDht6(EngineConfig config, InetAddress bind, int port, DhtNode v4) {
    DhtConfig dc = DhtConfig.defaults().withBindAddress(bind).withPort(port)
        .withAllowLocal(config.dht().allowLocal()).withBootstrapNodes(config.dht().bootstrapNodes())
        .withNodesFile(config.stateDir().resolve(DHT6_NODES_FILE));
    if (v4 != null) {
      dc = dc.withId(v4.id());
    }
    for (int p : new int[] {port, 0}) {
      try {
        return DhtNode.start(dc.withPort(p));
      } catch (IOException | RuntimeException e) {
        log.info("IPv6 DHT cannot use [{}]:{} ({})", bind.getHostAddress(), p, e.getMessage());
      }
    }
    return null;
  }

  /**
   * Starts the DHT node on UDP at the peer port (BEP 5: the DHT and the peer listener share the port number), or any
   * free port if that one is taken; the routing table is loaded from and saved to {@code <stateDir>/dht.dat}. A DHT
   * that cannot start is logged and left off: the engine works without it.
   */
  private static DhtNode startDht(EngineConfig config, int port) {
    InetAddress bind = config.bindAddress() instanceof Inet4Address a ? a : new InetSocketAddress(0).getAddress();
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

  /** True when the peer listener accepts IPv6 connections (bound to "::" or to an IPv6 address). */
  boolean acceptsIpv6() {
    return server.getInetAddress() instanceof Inet6Address;
  }

  /** Our IPv6 address to advertise in the extension handshake (BEP 10 {@code ipv6}), if any. */
  Optional<Inet6Address> ownIpv6() {
    return ownIpv6;
  }

  /**
   * The address the BEP 10 {@code ipv6} key advertises: the listener's own address when it is bound to one IPv6
   * address, else (bound to "::") the first global unicast IPv6 address of an interface that is up; none when the
   * listener is IPv4 only. Unique-local (fc00::/7), link-local and loopback addresses are not advertised from "::".
   */
  static Optional<Inet6Address> findOwnIpv6(InetAddress bound) {
    if (!(bound instanceof Inet6Address v6)) {
      return Optional.empty();
    }
    if (!v6.isAnyLocalAddress()) {
      return Optional.of(v6);
    }
    try {
      for (NetworkInterface ni : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!ni.isUp() || ni.isLoopback()) {
          continue;
        }
        for (InetAddress a : java.util.Collections.list(ni.getInetAddresses())) {
          if (a instanceof Inet6Address g && !g.isLinkLocalAddress() && !g.isSiteLocalAddress()
              && !g.isMulticastAddress() && !g.isLoopbackAddress() && (g.getAddress()[0] & 0xfe) != 0xfc) {
            return Optional.of((Inet6Address) InetAddress.getByAddress(g.getAddress()));
          }
        }
      }
    } catch (IOException e) {
      log.debug("cannot list network interfaces: {}", e.toString());
    }
    return Optional.empty();
  }

  /** The IPv4 DHT node, or null when it is off. */
  DhtNode dht() {
    return dht;
  }

  /** The IPv6 DHT node (BEP 32), or null when it is off. */
  DhtNode dht6() {
    return dht6;
  }

  /** The uTP endpoint, or null when uTP is off. */
  UtpEndpoint utp() {
    return utp;
  }

  /** UDP port of uTP, or 0 when uTP is off. */
  public int utpPort() {
    return utp == null ? 0 : utp.port();
  }

  /** The running DHT nodes: IPv4 first, then IPv6. */
  List<DhtNode> dhtNodes() {
    List<DhtNode> out = new ArrayList<>(2);
    if (dht != null) {
      out.add(dht);
    }
    if (dht6 != null) {
      out.add(dht6);
    }
    return out;
  }

  /** The DHT node of a peer's address family (BEP 32: a PORT message applies to the family it came over), or null. */
  DhtNode dhtFor(InetAddress peer) {
    return peer instanceof Inet6Address ? dht6 : dht;
  }

  /** True when any DHT node runs. */
  boolean hasDht() {
    return dht != null || dht6 != null;
  }

  /** True once {@code node}'s join did its self-lookup (lookups before it would start from an empty table). */
  boolean dhtReady(DhtNode node) {
    CompletableFuture<Integer> f = dhtJoined.get(node);
    return f != null && f.isDone();
  }

  /** UDP port of the IPv4 DHT, or 0 when it is off. */
  public int dhtPort() {
    return dht == null ? 0 : dht.port();
  }

  /** UDP port of the IPv6 DHT (BEP 32), or 0 when it is off. */
  public int dht6Port() {
    return dht6 == null ? 0 : dht6.port();
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
    for (DhtNode node : dhtNodes()) {
      node.close(); // saves the routing table
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
