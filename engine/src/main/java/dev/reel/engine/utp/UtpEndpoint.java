package dev.reel.engine.utp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP side of uTP (BEP 29): one datagram socket carrying many {@link UtpSocket}s, told apart by peer address and
 * connection id. Either it owns its socket ({@link #open}) or it rides on another one's, e.g. the DHT's on the peer
 * port ({@link #attached}): the owner hands over the datagrams for which {@link UtpPacket#looksLikeUtp} holds (KRPC
 * packets start with {@code 'd'}, which never does) through {@link #offer}.
 *
 * <p>Threads: the owner's receive thread runs {@link #offer}; one daemon ticker thread runs every connection's timers
 * every {@link #TICK_MILLIS}. Thread-safe. Unknown connections get an {@code ST_RESET}; a SYN is accepted while fewer
 * than {@link #MAX_CONNECTIONS} connections exist and the accept queue has room.
 */
public final class UtpEndpoint implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UtpEndpoint.class);
  static final long TICK_MILLIS = 20;
  /** Connections (open or closing) on one endpoint. */
  public static final int MAX_CONNECTIONS = 1000;
  /** Accepted connections waiting for {@link #accept}. */
  static final int ACCEPT_BACKLOG = 64;
  /** The largest datagram we read; uTP packets we send are at most ~1434 bytes, peers may probe larger ones. */
  public static final int MAX_DATAGRAM = 65_536;
  /** Kernel socket buffer asked for, each way. */
  static final int SOCKET_BUFFER = 4 << 20;

  /** Sends a datagram from the shared socket. */
  @FunctionalInterface
  public interface Sender {
    void send(ByteBuffer packet, InetSocketAddress to) throws IOException;
  }

  private record Key(InetSocketAddress peer, int recvId) {}

  private final Sender sender;
  private final int port;
  private final boolean acceptIncoming;
  private final DatagramChannel ownChannel;
  private final Map<Key, UtpSocket> sockets = new ConcurrentHashMap<>();
  private final BlockingQueue<UtpSocket> backlog = new ArrayBlockingQueue<>(ACCEPT_BACKLOG);
  private final SecureRandom random = new SecureRandom();
  private final ScheduledExecutorService ticker;
  private volatile boolean closed;

  private UtpEndpoint(Sender sender, int port, boolean acceptIncoming, DatagramChannel ownChannel) {
    this.sender = sender;
    this.port = port;
    this.acceptIncoming = acceptIncoming;
    this.ownChannel = ownChannel;
    this.ticker = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().daemon().name("utp-ticker-" + port).factory());
    ticker.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * An endpoint on another component's UDP socket (the DHT's): it sends through {@code sender} and receives what the
   * owner passes to {@link #offer}.
   *
   * @param port the shared socket's local port
   * @param acceptIncoming accept SYNs (else they are reset)
   */
  public static UtpEndpoint attached(Sender sender, int port, boolean acceptIncoming) {
    return new UtpEndpoint(sender, port, acceptIncoming, null);
  }

  /**
   * An endpoint with its own UDP socket bound to {@code bind} and its own virtual receive thread.
   *
   * @throws IOException if the socket cannot be bound
   */
  public static UtpEndpoint open(InetSocketAddress bind, boolean acceptIncoming) throws IOException {
    // The socket's family follows the address (an IPv6-only engine binds e.g. ::1); a wildcard is IPv4's.
    if (bind.getAddress() != null && bind.getAddress().isAnyLocalAddress()) {
      bind = new InetSocketAddress(bind.getPort());
    }
    DatagramChannel ch = DatagramChannel.open(bind.getAddress() instanceof java.net.Inet6Address
        ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
    try {
      tuneBuffers(ch);
      ch.bind(bind);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw new IOException("cannot bind uTP socket to " + bind, e);
    }
    int port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
    UtpEndpoint ep = new UtpEndpoint((b, to) -> ch.send(b, to), port, acceptIncoming, ch);
    Thread.ofVirtual().name("utp-receiver-" + port).start(ep::receiveLoop);
    return ep;
  }

  /**
   * Asks for {@link #SOCKET_BUFFER} bytes of kernel buffer each way (Linux caps it at {@code net.core.rmem_max} and
   * {@code wmem_max}): the default ~200 KiB overflows, and drops packets, while a fast peer fills a window.
   */
  public static void tuneBuffers(DatagramChannel ch) {
    try {
      ch.setOption(java.net.StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
      ch.setOption(java.net.StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
    } catch (IOException | UnsupportedOperationException e) {
      log.debug("cannot size the UDP socket buffers: {}", e.toString());
    }
  }

  /** The UDP port. */
  public int port() {
    return port;
  }

  /** Open or closing connections. */
  public int connectionCount() {
    return sockets.size();
  }

  /**
   * Handles one datagram if it is uTP. The bytes are copied; the caller may reuse the buffer.
   *
   * @return false if the first byte is not a uTP type/version byte (the caller handles it), true otherwise
   */
  public boolean offer(byte[] buf, int off, int len, InetSocketAddress from) {
    if (len < 1 || !UtpPacket.looksLikeUtp(buf[off])) {
      return false;
    }
    if (closed) {
      return true;
    }
    UtpPacket p;
    try {
      p = UtpPacket.decode(buf, off, len);
    } catch (UtpPacket.MalformedPacketException e) {
      log.debug("malformed uTP packet from {}: {}", from, e.getMessage());
      return true;
    }
    long now = System.nanoTime();
    UtpSocket s = sockets.get(new Key(from, p.connectionId()));
    if (s == null && p.type() == UtpPacket.Type.SYN) {
      s = sockets.get(new Key(from, (p.connectionId() + 1) & 0xFFFF)); // a repeated SYN
      if (s == null) {
        accept(p, from, now);
        return true;
      }
    }
    if (s != null) {
      s.onPacket(p, now);
    } else if (p.type() != UtpPacket.Type.RESET) {
      send(new UtpPacket(UtpPacket.Type.RESET, p.connectionId(), UtpConnection.micros(now), 0, 0,
          random.nextInt(), p.seqNr(), null, null), from);
    }
    return true;
  }

  private void accept(UtpPacket syn, InetSocketAddress from, long now) {
    if (!acceptIncoming || sockets.size() >= MAX_CONNECTIONS || backlog.remainingCapacity() == 0) {
      send(new UtpPacket(UtpPacket.Type.RESET, syn.connectionId(), UtpConnection.micros(now), 0, 0,
          random.nextInt(), syn.seqNr(), null, null), from);
      return;
    }
    UtpSocket s;
    try {
      s = new UtpSocket(this, from);
    } catch (SocketException e) {
      return;
    }
    s.init(out -> UtpConnection.accept(syn, random.nextInt(), now, out));
    sockets.put(new Key(from, s.recvId()), s);
    if (!backlog.offer(s)) {
      s.close();
    }
  }

  /**
   * Waits for the next incoming connection.
   *
   * @throws SocketException once the endpoint is closed
   */
  public UtpSocket accept() throws IOException, InterruptedException {
    while (true) {
      UtpSocket s = backlog.poll(200, TimeUnit.MILLISECONDS);
      if (s != null) {
        return s;
      }
      if (closed) {
        throw new SocketException("uTP endpoint closed");
      }
    }
  }

  /**
   * Opens a connection to {@code to}; blocks until the peer answered the SYN.
   *
   * @throws IOException if the peer resets, does not answer within {@code timeoutMillis}, or the endpoint is closed
   */
  public UtpSocket connect(InetSocketAddress to, int timeoutMillis) throws IOException {
    if (closed) {
      throw new SocketException("uTP endpoint closed");
    }
    if (sockets.size() >= MAX_CONNECTIONS) {
      throw new SocketException("too many uTP connections");
    }
    UtpSocket s = new UtpSocket(this, to);
    Key key;
    synchronized (this) {
      int id;
      do {
        id = random.nextInt(0x10000);
      } while (sockets.containsKey(new Key(to, id)) || sockets.containsKey(new Key(to, (id + 1) & 0xFFFF)));
      int recvId = id;
      key = new Key(to, recvId);
      sockets.put(key, s);
      s.init(out -> UtpConnection.connect(recvId, random.nextInt(), System.nanoTime(), out));
    }
    try {
      s.awaitConnected(timeoutMillis);
      return s;
    } catch (IOException e) {
      sockets.remove(key, s);
      s.close();
      throw e;
    }
  }

  void send(UtpPacket p, InetSocketAddress to) {
    if (closed) {
      return;
    }
    try {
      sender.send(ByteBuffer.wrap(p.encode()), to);
    } catch (ClosedChannelException e) {
      // closing
    } catch (IOException e) {
      log.debug("uTP send to {} failed: {}", to, e.toString());
    }
  }

  private void tick() {
    long now = System.nanoTime();
    for (Map.Entry<Key, UtpSocket> e : sockets.entrySet()) {
      try {
        if (e.getValue().tick(now)) {
          sockets.remove(e.getKey(), e.getValue());
        }
      } catch (RuntimeException ex) {
        log.warn("uTP timer of {} failed", e.getKey().peer(), ex);
      }
    }
  }

  private void receiveLoop() {
    ByteBuffer buf = ByteBuffer.allocate(MAX_DATAGRAM);
    while (!closed) {
      buf.clear();
      InetSocketAddress from;
      try {
        from = (InetSocketAddress) ownChannel.receive(buf);
      } catch (IOException e) {
        if (!closed) {
          log.warn("uTP socket failed: {}", e.toString());
        }
        return;
      }
      if (from != null) {
        try {
          offer(buf.array(), 0, buf.position(), from);
        } catch (RuntimeException e) {
          log.warn("uTP packet from {} caused an error", from, e);
        }
      }
    }
  }

  /** Closes every connection (FIN), stops the timers and closes an owned socket. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    for (UtpSocket s : sockets.values()) {
      s.close();
    }
    closed = true;
    ticker.shutdownNow();
    sockets.clear();
    if (ownChannel != null) {
      try {
        ownChannel.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }
}
