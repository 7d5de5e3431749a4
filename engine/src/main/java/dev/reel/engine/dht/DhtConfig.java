package dev.reel.engine.dht;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of a {@link DhtNode}. Immutable; start from {@link #defaults()} and use the {@code with} methods.
 *
 * @param id our node id, or null to reuse the one in {@code nodesFile} or pick a random one (replaced by a BEP 42 id
 *     once our external address is known, unless given here)
 * @param bindAddress local address to bind, e.g. 0.0.0.0 or 127.0.0.1; an IPv6 address (e.g. a global one, or
 *     ::1 in tests) makes a node of the IPv6 DHT (BEP 32), which should bind one address rather than "::"
 * @param port UDP port, 0 for any free port (the session passes its peer port)
 * @param allowLocal accept loopback and private-network nodes as contacts (CLI {@code --dht-local}; tests)
 * @param bootstrapNodes unresolved host:port pairs, resolved only when {@link DhtNode#bootstrap()} uses them
 * @param queryTimeout how long to wait for a response before counting a query as failed
 * @param nodesFile where the routing table is saved and loaded from, or null for none
 * @param readOnly BEP 43 read-only mode: flag our queries with {@code ro = 1} and answer no queries
 * @param queriesPerSecond sustained incoming queries accepted per remote IP (per IP and port for loopback senders,
 *     which are distinct nodes of this machine)
 * @param queryBurst incoming queries accepted per remote IP (or loopback IP and port) at once
 */
public record DhtConfig(
    NodeId id,
    InetAddress bindAddress,
    int port,
    boolean allowLocal,
    List<InetSocketAddress> bootstrapNodes,
    Duration queryTimeout,
    Path nodesFile,
    boolean readOnly,
    double queriesPerSecond,
    int queryBurst) {

  /** BitTorrent's public routers; resolved lazily by {@link DhtNode#bootstrap()}, never in tests. */
  public static final List<InetSocketAddress> PUBLIC_ROUTERS = List.of(
      InetSocketAddress.createUnresolved("router.bittorrent.com", 6881),
      InetSocketAddress.createUnresolved("dht.transmissionbt.com", 6881),
      InetSocketAddress.createUnresolved("router.utorrent.com", 6881));

  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(3);
  public static final double DEFAULT_QUERIES_PER_SECOND = 5;
  public static final int DEFAULT_QUERY_BURST = 20;

  public DhtConfig {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(queryTimeout, "queryTimeout");
    bootstrapNodes = List.copyOf(bootstrapNodes);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (queriesPerSecond <= 0 || queryBurst < 1) {
      throw new IllegalArgumentException("query rate limit must be positive");
    }
  }

  /** Any address, any port, public routers, 3 s timeout, no nodes file, local nodes ignored. */
  public static DhtConfig defaults() {
    return new DhtConfig(null, wildcard(), 0, false, PUBLIC_ROUTERS, DEFAULT_QUERY_TIMEOUT, null, false,
        DEFAULT_QUERIES_PER_SECOND, DEFAULT_QUERY_BURST);
  }

  /** Loopback only, local nodes allowed, no bootstrap routers: for tests and {@code --dht-local}. */
  public static DhtConfig loopback() {
    return defaults().withBindAddress(InetAddress.getLoopbackAddress()).withAllowLocal(true)
        .withBootstrapNodes(List.of());
  }

  private static InetAddress wildcard() {
    return new InetSocketAddress(0).getAddress();
  }

  public DhtConfig withId(NodeId v) {
    return new DhtConfig(v, bindAddress, port, allowLocal, bootstrapNodes, queryTimeout, nodesFile, readOnly,
        queriesPerSecond, queryBurst);
  }

  public DhtConfig withBindAddress(InetAddress v) {
    return new DhtConfig(id, v, port, allowLocal, bootstrapNodes, queryTimeout, nodesFile, readOnly,
        queriesPerSecond, queryBurst);
  }

  public DhtConfig withPort(int v) {
    return new DhtConfig(id, bindAddress, v, allowLocal, bootstrapNodes, queryTimeout, nodesFile, readOnly,
        queriesPerSecond, queryBurst);
  }

  public DhtConfig withAllowLocal(boolean v) {
    return new DhtConfig(id, bindAddress, port, v, bootstrapNodes, queryTimeout, nodesFile, readOnly,
        queriesPerSecond, queryBurst);
  }

  public DhtConfig withBootstrapNodes(List<InetSocketAddress> v) {
    return new DhtConfig(id, bindAddress, port, allowLocal, v, queryTimeout, nodesFile, readOnly,
        queriesPerSecond, queryBurst);
  }

  public DhtConfig withQueryTimeout(Duration v) {
    return new DhtConfig(id, bindAddress, port, allowLocal, bootstrapNodes, v, nodesFile, readOnly,
        queriesPerSecond, queryBurst);
  }

  public DhtConfig withNodesFile(Path v) {
    return new DhtConfig(id, bindAddress, port, allowLocal, bootstrapNodes, queryTimeout, v, readOnly,
        queriesPerSecond, queryBurst);
  }

  public DhtConfig withReadOnly(boolean v) {
    return new DhtConfig(id, bindAddress, port, allowLocal, bootstrapNodes, queryTimeout, nodesFile, v,
        queriesPerSecond, queryBurst);
  }

  public DhtConfig withQueryRate(double perSecond, int burst) {
    return new DhtConfig(id, bindAddress, port, allowLocal, bootstrapNodes, queryTimeout, nodesFile, readOnly,
        perSecond, burst);
  }
}
