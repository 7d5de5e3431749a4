package dev.reel.engine.dht;

import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.net.CompactPeers;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Mainline DHT node (BEP 5) on one UDP socket: answers ping, find_node, get_peers and announce_peer; runs iterative
 * lookups for peers; keeps a k-bucket routing table that it can save and reload; learns its external address from
 * BEP 42 {@code ip} fields and takes a BEP 42 id once it knows it.
 *
 * <p>A node serves one address family (BEP 32: the IPv4 and IPv6 DHTs are separate networks with separate routing
 * tables): the IPv6 DHT when {@link DhtConfig#bindAddress()} is an IPv6 address, else the IPv4 DHT. It contacts and
 * keeps only nodes of its family; an IPv6 node reads {@code nodes6} (38-byte entries) and 18-byte peers in {@code
 * values}. A dual-stack host runs two nodes, best with the same id (BEP 32).
 *
 * <p>Threads: one virtual thread receives datagrams; one daemon ticker thread expires queries and runs maintenance
 * (bucket refresh, pings of questionable nodes, peer-store expiry, periodic save). All state is guarded by one lock.
 * Public methods are thread-safe and do not block on the network: lookups return futures. Callbacks ({@code onPeer},
 * future completions) run on the receiver or ticker thread outside the lock; they must not block for long.
 *
 * <p>Loopback and private-network nodes are neither added to the routing table nor contacted unless {@link
 * DhtConfig#allowLocal()} is set; queries from them are still answered.
 */
public final class DhtNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DhtNode.class);
  /** Client version ({@code v}): "RL" then major, minor. */
  static final byte[] VERSION = {'R', 'L', 0, 1};
  static final int MAX_PENDING = 2048;
  static final long TICK_MILLIS = 250;
  static final long MAINTENANCE_NANOS = TimeUnit.SECONDS.toNanos(30);
  static final long SAVE_NANOS = TimeUnit.MINUTES.toNanos(10);
  /** Questionable nodes pinged per maintenance round. */
  static final int PINGS_PER_ROUND = 16;
  /** Range refresh lookups a join starts at most (see {@link RoutingTable#sparseRangeTargets}). */
  static final int MAX_JOIN_REFRESHES = 32;
  /** Receive buffer: KRPC packets are small, but a protocol sharing the socket may get larger datagrams. */
  static final int MAX_DATAGRAM = 65_536;

  private final DhtConfig config;
  private final DatagramChannel channel;
  private final int port;
  /** Serves the IPv6 DHT (BEP 32), else the IPv4 DHT. */
  private final boolean ipv6;
  private final ReentrantLock lock = new ReentrantLock();
  private final SecureRandom random = new SecureRandom();
  private final TokenManager tokens;
  private final QueryRateLimiter limiter;
  private final PeerStore peerStore = new PeerStore();
  private final ExternalAddressVoter voter = new ExternalAddressVoter();
  private final Transactions<Reply> pending = new Transactions<>(random, MAX_PENDING);
  private final Set<LookupTask> lookups = new LinkedHashSet<>();
  private final List<Runnable> deferred = new ArrayList<>();
  private final ScheduledExecutorService ticker;
  private final Thread receiver;
  private RoutingTable table;
  private InetAddress externalAddress;
  private long lastMaintenance;
  private long lastSave;
  /** The last non-empty bootstrap list, to join again through while the routing table is empty. */
  private List<InetSocketAddress> joinThrough = List.of();
  private boolean joining;
  private volatile boolean closed;
  /** Takes datagrams that are not KRPC (uTP sharing the port), or null. */
  private volatile OtherPackets otherPackets;

  /**
   * Receives the datagrams on the DHT's socket that are not KRPC: KRPC messages are bencoded dictionaries and start
   * with {@code 'd'}; anything else (uTP, BEP 29) goes here. Called on the DHT's receive thread; must not block.
   */
  @FunctionalInterface
  public interface OtherPackets {
    /** Handles {@code len} bytes of {@code buf} from {@code off}; the buffer is reused after the call returns. */
    void receive(byte[] buf, int off, int len, InetSocketAddress from);
  }

  /** What to do with the answer to one of our queries. */
  private interface Reply {
    void response(Krpc.Response r, long now);

    /** Timeout, error reply, or send failure. */
    void failure(long now);
  }

  private DhtNode(DhtConfig config, DatagramChannel channel, NodeId id, List<NodeInfo> saved) throws IOException {
    this.config = config;
    this.channel = channel;
    this.port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
    this.ipv6 = config.bindAddress() instanceof Inet6Address;
    long now = System.nanoTime();
    this.tokens = new TokenManager(now);
    this.limiter = new QueryRateLimiter(config.queriesPerSecond(), config.queryBurst(),
        QueryRateLimiter.DEFAULT_MAX_TRACKED);
    this.table = new RoutingTable(id, now);
    this.lastMaintenance = now;
    this.lastSave = now;
    for (NodeInfo n : saved) {
      if (allowed(n.address())) {
        table.add(n, false, Bep42.isCompliant(n.id(), n.address().getAddress()), now);
      }
    }
    this.ticker = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().daemon().name((ipv6 ? "dht6-ticker-" : "dht-ticker-") + port).factory());
    this.receiver = Thread.ofVirtual().name((ipv6 ? "dht6-receiver-" : "dht-receiver-") + port)
        .unstarted(this::receiveLoop);
  }

  /**
   * Binds the socket, loads the saved routing table (if {@link DhtConfig#nodesFile()} exists), starts the threads and
   * pings the saved nodes. Does not contact the bootstrap routers: call {@link #bootstrap()}.
   *
   * @throws IOException if the socket cannot be bound
   */
  public static DhtNode start(DhtConfig config) throws IOException {
    NodesFile.Saved saved = new NodesFile.Saved(null, List.of());
    if (config.nodesFile() != null && Files.exists(config.nodesFile())) {
      try {
        saved = NodesFile.load(config.nodesFile());
      } catch (IOException e) {
        log.warn("ignoring DHT nodes file: {}", e.getMessage());
      }
    }
    NodeId id = config.id() != null ? config.id() : saved.id() != null ? saved.id() : NodeId.random();
    boolean v6 = config.bindAddress() instanceof Inet6Address;
    DatagramChannel ch = DatagramChannel.open(v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
    try {
      ch.bind(new InetSocketAddress(config.bindAddress(), config.port()));
    } catch (IOException e) {
      ch.close();
      throw new IOException("cannot bind DHT socket to " + config.bindAddress() + ":" + config.port(), e);
    }
    DhtNode node;
    try {
      node = new DhtNode(config, ch, id, saved.nodes());
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    node.receiver.start();
    node.ticker.scheduleWithFixedDelay(node::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    node.locked(() -> {
      long now = System.nanoTime();
      for (NodeInfo n : node.table.nodes()) {
        node.ping(n, now);
      }
    });
    return node;
  }

  /** The bound UDP port. */
  public int port() {
    return port;
  }

  /** True for a node of the IPv6 DHT (BEP 32), false for the IPv4 DHT. */
  public boolean isIpv6() {
    return ipv6;
  }

  public NodeId id() {
    return locked(() -> table.self());
  }

  /** Our external address as voted by responders (BEP 42), if known. */
  public Optional<InetAddress> externalAddress() {
    return Optional.ofNullable(locked(() -> externalAddress));
  }

  public int routingTableSize() {
    return locked(() -> table.size());
  }

  public List<InetSocketAddress> knownNodes() {
    return locked(() -> table.nodes().stream().map(NodeInfo::address).toList());
  }

  /** Peers announced to this node for {@code infoHash} (its BEP 5 peer store), at most 100. */
  public List<InetSocketAddress> storedPeers(InfoHash infoHash) {
    return locked(() -> peerStore.get(infoHash, PeerStore.MAX_VALUES_PER_REPLY, System.nanoTime()));
  }

  /** Bootstraps from {@link DhtConfig#bootstrapNodes()} (resolving them now). */
  public CompletableFuture<Integer> bootstrap() {
    return bootstrap(config.bootstrapNodes());
  }

  /** {@link #join(List)}'s {@link Join#done()}: completes when the whole join, range refreshes included, ended. */
  public CompletableFuture<Integer> bootstrap(List<InetSocketAddress> nodes) {
    return join(nodes).done();
  }

  /**
   * The two stages of a join, each completing with the routing table size when it ends (never exceptionally unless
   * the join could not start).
   *
   * @param ready the self-lookup ended: the buckets near our id are filled and lookups may start (they find what
   *     the nodes near their targets know, and the range refreshes still running only add to the table)
   * @param done the range refreshes ended too
   */
  public record Join(CompletableFuture<Integer> ready, CompletableFuture<Integer> done) {}

  /**
   * Joins the DHT through {@code nodes} and the routing table (BEP 5; Kademlia section 2.3): a find_node lookup of our
   * own id, which fills the buckets near it, then, in parallel, one find_node lookup of a random id in each distance
   * range farther than our k-th nearest node where the table holds fewer than {@link RoutingTable#K} nodes ({@link
   * RoutingTable#sparseRangeTargets}). The node counts as joined ({@link Join#ready()}) after the self-lookup, so a
   * torrent's first get_peers need not wait for the refreshes (seconds on the Internet, where some nodes time out).
   * Unresolved addresses are resolved on a virtual thread to an address of this node's family; ones that fail to
 * resolve are skipped. While the table is
   * empty, maintenance joins again through the last non-empty {@code nodes} (every {@link #MAINTENANCE_NANOS}), so a
   * node whose routers were unreachable at start recovers.
   */
  public Join join(List<InetSocketAddress> nodes) {
    CompletableFuture<Integer> ready = new CompletableFuture<>();
    CompletableFuture<Integer> done = new CompletableFuture<>();
    locked(() -> {
      joining = true;
      if (!nodes.isEmpty()) {
        joinThrough = List.copyOf(nodes);
      }
    });
    Thread.ofVirtual().name(ipv6 ? "dht6-bootstrap" : "dht-bootstrap").start(() -> {
      List<InetSocketAddress> resolved = new ArrayList<>();
      for (InetSocketAddress a : nodes) {
        if (!a.isUnresolved()) {
          resolved.add(a);
          continue;
        }
        try {
          // A router name may have A and AAAA records: take the first address of this node's family.
          for (InetAddress ip : InetAddress.getAllByName(a.getHostString())) {
            if (ipv6 ? ip instanceof Inet6Address : ip instanceof Inet4Address) {
              resolved.add(new InetSocketAddress(ip, a.getPort()));
              break;
            }
          }
        } catch (java.net.UnknownHostException e) {
          log.debug("DHT router {} does not resolve: {}", a.getHostString(), e.getMessage());
        }
      }
      try {
        locked(() -> {
          LookupTask t = new LookupTask(new Lookup(table.self()), null, null);
          t.done.thenCompose(found -> {
            ready.complete(routingTableSize());
            return refreshSparseRanges();
          }).whenComplete((v, e) -> {
            locked(() -> {
              joining = false;
            });
            int size = routingTableSize();
            ready.complete(size);
            done.complete(size);
          });
          startLookup(t, resolved);
        });
      } catch (RuntimeException e) {
        locked(() -> {
          joining = false;
        });
        ready.completeExceptionally(e);
        done.completeExceptionally(e);
      }
    });
    return new Join(ready, done);
  }

  /** The second half of a join: one find_node lookup per sparse far range, all at once; completes when all end. */
  private CompletableFuture<Void> refreshSparseRanges() {
    return locked(() -> {
      List<CompletableFuture<?>> all = new ArrayList<>();
      for (NodeId target : table.sparseRangeTargets(MAX_JOIN_REFRESHES)) {
        LookupTask r = new LookupTask(new Lookup(target), null, null);
        all.add(r.done);
        startLookup(r, List.of());
      }
      return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    });
  }

  /**
   * Iterative get_peers lookup for {@code infoHash} (BEP 5). {@code onPeer} is called once per distinct peer as
   * responses arrive (peers from our own store first).
   *
   * @return completes with every distinct peer found when the lookup ends
   */
  public CompletableFuture<List<InetSocketAddress>> getPeers(InfoHash infoHash, Consumer<InetSocketAddress> onPeer) {
    return locked(() -> {
      LookupTask t = new LookupTask(new Lookup(NodeId.of(infoHash)), infoHash, onPeer);
      for (InetSocketAddress p : peerStore.get(infoHash, PeerStore.MAX_VALUES_PER_REPLY, System.nanoTime())) {
        t.peer(p);
      }
      startLookup(t, List.of());
      return t.done;
    });
  }

  /** {@link #announce(InfoHash, int, boolean)} with an explicit port. */
  public CompletableFuture<Integer> announce(InfoHash infoHash, int port) {
    return announce(infoHash, port, false);
  }

  /**
   * Runs a get_peers lookup, then sends announce_peer with their tokens to the {@link RoutingTable#K} closest nodes
   * that answered, BEP 42-compliant ones first.
   *
   * @param impliedPort ask receivers to use our UDP source port instead of {@code port} (BEP 5 {@code implied_port})
   * @return completes with the number of nodes that accepted the announce
   */
  public CompletableFuture<Integer> announce(InfoHash infoHash, int port, boolean impliedPort) {
    return announce(infoHash, port, impliedPort, null);
  }

  /**
   * As {@link #announce(InfoHash, int, boolean)}, also handing the peers its get_peers lookup finds to {@code onPeer}
   * (once each, as responses arrive): one lookup both finds peers and announces (what a downloading torrent wants).
   *
   * @param onPeer called outside the lock on the receiver thread, or null
   */
  public CompletableFuture<Integer> announce(InfoHash infoHash, int port, boolean impliedPort,
      Consumer<InetSocketAddress> onPeer) {
    if (!impliedPort && (port < 1 || port > 65535)) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    CompletableFuture<Integer> result = new CompletableFuture<>();
    locked(() -> {
      LookupTask t = new LookupTask(new Lookup(NodeId.of(infoHash)), infoHash, onPeer);
      for (InetSocketAddress p : onPeer == null ? List.<InetSocketAddress>of()
          : peerStore.get(infoHash, PeerStore.MAX_VALUES_PER_REPLY, System.nanoTime())) {
        t.peer(p);
      }
      t.done.thenRun(() -> locked(() -> storeTo(t, infoHash, port, impliedPort, result)));
      startLookup(t, List.of());
    });
    return result;
  }

  /**
   * Pings a node known only by its address (a peer's BEP 5 {@code port} message); if it answers, it goes into the
   * routing table like any responder. Ignored for addresses this node does not contact (see {@link
   * DhtConfig#allowLocal()}) or one already being queried. Does not block.
   */
  public void ping(InetSocketAddress node) {
    if (closed || !allowed(node)) {
      return;
    }
    locked(() -> {
      if (!pending.pendingTo(node)) {
        send(t -> new Krpc.Ping(t, table.self(), config.readOnly()), node, null, System.nanoTime(), new Reply() {
          @Override
          public void response(Krpc.Response r, long at) {}

          @Override
          public void failure(long at) {}
        });
      }
    });
  }

  /** Saves the routing table to {@link DhtConfig#nodesFile()} (no-op without one). */
  public void save() throws IOException {
    if (config.nodesFile() == null) {
      return;
    }
    NodeId id;
    List<NodeInfo> nodes;
    lock.lock();
    try {
      id = table.self();
      nodes = table.nodes();
    } finally {
      lock.unlock();
    }
    NodesFile.save(config.nodesFile(), id, nodes);
  }

  /** Stops the threads, closes the socket, completes running lookups with what they found, and saves the table. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    ticker.shutdownNow();
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("closing DHT socket", e);
    }
    locked(() -> {
      long now = System.nanoTime();
      for (Transactions.Pending<Reply> p : pending.clear()) {
        p.reply().failure(now);
      }
      for (LookupTask t : List.copyOf(lookups)) {
        finish(t);
      }
    });
    try {
      save();
    } catch (IOException e) {
      log.warn("could not save DHT nodes: {}", e.getMessage());
    }
  }

  // ---- lookups ----

  private final class LookupTask {
    final Lookup lookup;
    final InfoHash infoHash; // null: find_node
    final Consumer<InetSocketAddress> onPeer;
    final Set<InetSocketAddress> peers = new LinkedHashSet<>();
    /** Completes with the peers found, copied under the lock when the lookup finishes. */
    final CompletableFuture<List<InetSocketAddress>> done = new CompletableFuture<>();

    LookupTask(Lookup lookup, InfoHash infoHash, Consumer<InetSocketAddress> onPeer) {
      this.lookup = lookup;
      this.infoHash = infoHash;
      this.onPeer = onPeer;
    }

    void peer(InetSocketAddress p) {
      if (peers.add(p) && onPeer != null) {
        deferred.add(() -> onPeer.accept(p));
      }
    }
  }

  private void startLookup(LookupTask t, List<InetSocketAddress> seeds) {
    long now = System.nanoTime();
    for (NodeInfo n : table.closest(t.lookup.target(), RoutingTable.K * 2, now)) {
      t.lookup.offer(n.id(), n.address());
    }
    for (InetSocketAddress a : seeds) {
      if (allowed(a)) {
        t.lookup.offer(null, a);
      }
    }
    lookups.add(t);
    step(t, now);
  }

  private void step(LookupTask t, long now) {
    if (!lookups.contains(t)) {
      return;
    }
    List<Lookup.Candidate> next = closed ? List.of() : t.lookup.next();
    for (Lookup.Candidate c : next) {
      Function<byte[], Krpc.Query> q = txn -> t.infoHash == null
          ? new Krpc.FindNode(txn, table.self(), t.lookup.target(), config.readOnly())
          : new Krpc.GetPeers(txn, table.self(), t.infoHash, config.readOnly());
      send(q, c.address, c.id, now, new Reply() {
        @Override
        public void response(Krpc.Response r, long at) {
          if (!lookups.contains(t)) {
            return; // a straggler after the lookup ended
          }
          boolean compliant = Bep42.isCompliant(r.id(), c.address.getAddress());
          t.lookup.answered(c.address, r.id(), r.token(), compliant);
          for (NodeInfo n : r.nodeInfos()) {
            if (allowed(n.address()) && !n.id().equals(table.self())) {
              t.lookup.offer(n.id(), n.address());
            }
          }
          if (t.infoHash != null) {
            r.peers().forEach(t::peer);
          }
          step(t, at);
        }

        @Override
        public void failure(long at) {
          t.lookup.failed(c.address);
          step(t, at);
        }
      });
    }
    if (closed || t.lookup.done() || next.isEmpty() && !t.lookup.inFlight()) {
      finish(t);
    }
  }

  private void finish(LookupTask t) {
    if (lookups.remove(t)) {
      List<InetSocketAddress> found = List.copyOf(t.peers);
      deferred.add(() -> t.done.complete(found));
    }
  }

  private void storeTo(LookupTask t, InfoHash infoHash, int port, boolean implied, CompletableFuture<Integer> out) {
    List<Lookup.Candidate> targets = closed ? List.of() : t.lookup.storeTargets(RoutingTable.K);
    if (targets.isEmpty()) {
      deferred.add(() -> out.complete(0));
      return;
    }
    int[] remaining = {targets.size()};
    int[] accepted = {0};
    long now = System.nanoTime();
    for (Lookup.Candidate c : targets) {
      Function<byte[], Krpc.Query> q = txn -> new Krpc.AnnouncePeer(txn, table.self(), infoHash,
          implied ? this.port : port, c.token, implied, config.readOnly());
      send(q, c.address, c.id, now, new Reply() {
        @Override
        public void response(Krpc.Response r, long at) {
          accepted[0]++;
          done();
        }

        @Override
        public void failure(long at) {
          done();
        }

        private void done() {
          if (--remaining[0] == 0) {
            int n = accepted[0];
            deferred.add(() -> out.complete(n));
          }
        }
      });
    }
  }

  // ---- sending and receiving ----

  /**
   * Registers and sends the query that {@code build} makes from a fresh transaction id. Failures (too many
   * outstanding queries, timeout, error reply) are reported through {@code reply}, never synchronously.
   */
  private void send(Function<byte[], Krpc.Query> build, InetSocketAddress to, NodeId expectedId, long now,
      Reply reply) {
    byte[] txn = closed ? null : pending.register(to, expectedId, now + config.queryTimeout().toNanos(), reply);
    if (txn == null) {
      deferred.add(() -> locked(() -> reply.failure(System.nanoTime())));
      return;
    }
    transmit(Krpc.encode(build.apply(txn), VERSION), to);
  }

  private void transmit(byte[] packet, InetSocketAddress to) {
    try {
      channel.send(ByteBuffer.wrap(packet), to);
    } catch (ClosedChannelException e) {
      // closing
    } catch (IOException e) {
      log.debug("DHT send to {} failed: {}", to, e.toString());
    }
  }

  private void ping(NodeInfo n, long now) {
    ping(n, now, 0);
  }

  /**
   * Pings a node; on no answer, tries {@code retries} more times while it is still in the table (BEP 5: try once
   * more before discarding a node). Each timeout counts as a failure in the routing table.
   */
  private void ping(NodeInfo n, long now, int retries) {
    send(t -> new Krpc.Ping(t, table.self(), config.readOnly()), n.address(), n.id(), now, new Reply() {
      @Override
      public void response(Krpc.Response r, long at) {}

      @Override
      public void failure(long at) {
        if (retries > 0 && !closed && table.contains(n.id())) {
          ping(n, at, retries - 1);
        }
      }
    });
  }

  /**
   * Shares the socket: datagrams that do not start with {@code 'd'} go to {@code handler} instead of being dropped as
   * malformed KRPC. Null stops sharing.
   */
  public void shareSocket(OtherPackets handler) {
    this.otherPackets = handler;
  }

  /** The DHT's socket, to tune its options for a protocol sharing it (see {@link #shareSocket}). */
  public DatagramChannel channel() {
    return channel;
  }

  /** Sends a datagram from the DHT's socket (for a protocol sharing it, see {@link #shareSocket}). */
  public void sendDatagram(ByteBuffer packet, InetSocketAddress to) throws IOException {
    channel.send(packet, to);
  }

  private void receiveLoop() {
    ByteBuffer buf = ByteBuffer.allocate(MAX_DATAGRAM);
    while (!closed) {
      buf.clear();
      InetSocketAddress from;
      try {
        from = (InetSocketAddress) channel.receive(buf);
      } catch (IOException e) {
        if (!closed) {
          log.warn("DHT socket failed: {}", e.toString());
        }
        return;
      }
      OtherPackets other = otherPackets;
      if (from != null && other != null && buf.position() > 0 && buf.get(0) != 'd') {
        try {
          other.receive(buf.array(), 0, buf.position(), from);
        } catch (RuntimeException e) {
          log.warn("shared-socket packet from {} caused an error", from, e);
        }
        continue;
      }
      if (from == null || buf.position() > Krpc.MAX_PACKET) {
        continue; // oversized: dropped unparsed
      }
      byte[] packet = new byte[buf.position()];
      buf.flip().get(packet);
      try {
        locked(() -> handle(packet, from, System.nanoTime()));
      } catch (RuntimeException e) {
        log.warn("DHT packet from {} caused an error", from, e);
      }
    }
  }

  private void handle(byte[] packet, InetSocketAddress from, long now) {
    Krpc msg;
    try {
      msg = Krpc.decode(packet);
    } catch (Krpc.MalformedException e) {
      log.debug("malformed DHT packet from {}: {}", from, e.getMessage());
      if (e.txn() != null && !config.readOnly() && limiter.tryAcquire(rateKey(from), now)) {
        transmit(Krpc.encode(new Krpc.Error(e.txn(), e.code(), e.getMessage()), VERSION), from);
      }
      return;
    }
    switch (msg) {
      case Krpc.Query q -> {
        if (!config.readOnly() && limiter.tryAcquire(rateKey(from), now)) {
          Krpc reply = QueryHandler.answer(q, from, now, this);
          transmit(Krpc.encode(reply, VERSION), from);
        }
      }
      case Krpc.Response r -> {
        Transactions.Pending<Reply> p = pending.match(r.txn(), from);
        if (p != null) {
          onResponse(r, from, p, now);
        }
      }
      case Krpc.Error e -> {
        Transactions.Pending<Reply> p = pending.match(e.txn(), from);
        if (p != null) {
          log.debug("DHT error {} from {}: {}", e.code(), from, e.message());
          p.reply().failure(now);
        }
      }
    }
  }

  private void onResponse(Krpc.Response r, InetSocketAddress from, Transactions.Pending<Reply> p, long now) {
    if (r.id().equals(table.self())) {
      p.reply().failure(now); // talking to ourselves
      return;
    }
    if (allowed(from)) {
      addToTable(new NodeInfo(r.id(), from), true, now);
    }
    if (r.ip() != null && r.ip().length == (ipv6 ? 18 : 6)) {
      List<InetSocketAddress> ip = ipv6 ? CompactPeers.decode6(r.ip()) : CompactPeers.decode4(r.ip());
      if (!ip.isEmpty()) {
        voter.vote(from.getAddress(), ip.get(0).getAddress()).ifPresent(a -> learnedAddress(a, now));
      }
    }
    p.reply().response(r, now);
  }

  /** Called by {@link QueryHandler} for nodes that query us (unless read-only). */
  void addToTable(NodeInfo n, boolean responded, long now) {
    RoutingTable.Insertion ins = table.add(n, responded, Bep42.isCompliant(n.id(), n.address().getAddress()), now);
    for (NodeInfo q : ins.toPing()) {
      if (!pending.pendingTo(q.address())) {
        ping(q, now, RoutingTable.MAX_FAILURES - 1);
      }
    }
  }

  /** BEP 42: once a public IPv4 address wins the vote, switch to an id valid for it (unless configured). */
  private void learnedAddress(InetAddress a, long now) {
    if (a.equals(externalAddress)) {
      return;
    }
    externalAddress = a;
    if (config.id() == null && a instanceof Inet4Address v4 && !Bep42.isLocal(a)
        && !Bep42.isCompliant(table.self(), a)) {
      NodeId id = Bep42.generate(v4);
      log.info("DHT external address {}: switching to BEP 42 node id {}", a.getHostAddress(), id);
      RoutingTable old = table;
      table = new RoutingTable(id, now);
      for (NodeInfo n : old.nodes()) {
        table.add(n, old.status(n.id(), now) == RoutingTable.Status.GOOD, Bep42.isCompliant(n.id(),
            n.address().getAddress()), now);
      }
    }
  }

  /**
   * Whose budget an incoming query spends in the {@link QueryRateLimiter}: the sender's IP (one host, however many
   * ports it uses), except on loopback, where every node of the machine shares 127.0.0.1 and the port is what tells
   * nodes apart. Keyed by IP alone there, one node would answer all its loopback neighbours together at 5 queries a
   * second, and a loopback DHT of a few dozen nodes (tests, {@code --dht-local}) would drop queries while joining.
   */
  private static Object rateKey(InetSocketAddress from) {
    return from.getAddress().isLoopbackAddress() ? from : from.getAddress();
  }

  boolean allowed(InetSocketAddress a) {
    InetAddress ip = a.getAddress();
    boolean family = ipv6 ? ip instanceof Inet6Address : ip instanceof Inet4Address;
    return family && a.getPort() != 0 && (config.allowLocal() || !Bep42.isLocal(ip));
  }

  // Accessors for QueryHandler (called under the lock).
  RoutingTable table() {
    return table;
  }

  TokenManager tokens() {
    return tokens;
  }

  PeerStore peerStore() {
    return peerStore;
  }

  // ---- ticker ----

  private void tick() {
    try {
      locked(() -> {
        long now = System.nanoTime();
        for (Transactions.Pending<Reply> p : pending.expire(now)) {
          if (p.expectedId() != null) {
            table.failed(p.expectedId(), now);
          }
          p.reply().failure(now);
        }
        if (now - lastMaintenance >= MAINTENANCE_NANOS) {
          lastMaintenance = now;
          peerStore.expire(now);
          if (table.size() == 0 && !joining && !joinThrough.isEmpty() && !closed) {
            log.debug("DHT routing table empty: joining again through {}", joinThrough);
            bootstrap(joinThrough);
          }
          for (NodeId target : table.refreshTargets(now)) {
            startLookup(new LookupTask(new Lookup(target), null, null), List.of());
          }
          int pings = 0;
          for (NodeInfo n : table.questionable(now)) {
            if (pings++ >= PINGS_PER_ROUND) {
              break;
            }
            if (!pending.pendingTo(n.address())) {
              ping(n, now);
            }
          }
        }
      });
      long now = System.nanoTime();
      if (config.nodesFile() != null && now - lastSave >= SAVE_NANOS) {
        lastSave = now;
        save();
      }
    } catch (IOException | RuntimeException e) {
      log.warn("DHT maintenance failed", e);
    }
  }

  // ---- locking ----

  private void locked(Runnable r) {
    locked(() -> {
      r.run();
      return null;
    });
  }

  /** Runs {@code body} under the lock, then the callbacks it deferred, outside the lock. */
  private <T> T locked(java.util.function.Supplier<T> body) {
    List<Runnable> after;
    T result;
    lock.lock();
    try {
      result = body.get();
    } finally {
      // Only the outermost holder runs the deferred callbacks, so none runs under the lock.
      if (lock.getHoldCount() == 1) {
        after = List.copyOf(deferred);
        deferred.clear();
      } else {
        after = List.of();
      }
      lock.unlock();
    }
    for (Runnable r : after) {
      try {
        r.run();
      } catch (RuntimeException e) {
        log.warn("DHT callback failed", e);
      }
    }
    return result;
  }
}
