package dev.reel.engine.tracker;

import dev.reel.engine.metainfo.InfoHash;
import dev.reel.engine.net.CompactPeers;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A UDP tracker (BEP 15). A connection id is obtained with a connect request and reused for {@link
 * #CONNECTION_ID_LIFETIME}; requests are retransmitted after {@code base * 2^n} (n = 0..maxRetries; BEP 15 says 15 s
 * and 8). Transaction ids come from {@link SecureRandom}; packets with another transaction id, fewer than 8 bytes, or
 * more than {@link #MAX_PACKET} bytes are ignored. Each request uses a fresh socket, so concurrent calls and interrupts
 * are safe. Thread-safe.
 */
final class UdpTrackerClient implements TrackerClient {
  private static final Logger log = LoggerFactory.getLogger(UdpTrackerClient.class);

  /** Largest packet we accept; larger ones are dropped. 16 KiB holds ~900 IPv6 peers. */
  public static final int MAX_PACKET = 16 * 1024;
  /** BEP 15: a client may use a connection id until one minute after it received it. */
  public static final Duration CONNECTION_ID_LIFETIME = Duration.ofSeconds(60);
  /** BEP 15 retransmission schedule. */
  public static final Duration DEFAULT_BASE_TIMEOUT = Duration.ofSeconds(15);
  public static final int DEFAULT_MAX_RETRIES = 8;
  /** About 74 hashes fit in one scrape (BEP 15); larger scrapes are split. */
  static final int MAX_SCRAPE_HASHES = 74;

  static final long PROTOCOL_ID = 0x41727101980L;
  static final int ACTION_CONNECT = 0;
  static final int ACTION_ANNOUNCE = 1;
  static final int ACTION_SCRAPE = 2;
  static final int ACTION_ERROR = 3;

  /** Timeouts and clock; tests shrink the timeout and move the clock. */
  record Config(Duration baseTimeout, int maxRetries, LongSupplier nanoClock) {
    static final Config DEFAULT = new Config(DEFAULT_BASE_TIMEOUT, DEFAULT_MAX_RETRIES, System::nanoTime);
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String host;
  private final int port;
  private final Config config;
  private final ReentrantLock lock = new ReentrantLock();
  private InetSocketAddress address; // guarded by lock
  private long connectionId; // guarded by lock
  private long connectionIdAt; // guarded by lock
  private boolean haveConnectionId; // guarded by lock

  UdpTrackerClient(String host, int port, Config config) {
    if (port <= 0 || port > 0xffff) {
      throw new IllegalArgumentException("UDP tracker port out of range: " + port);
    }
    this.host = host;
    this.port = port;
    this.config = config;
  }

  @Override
  public AnnounceResponse announce(AnnounceRequest r) throws TrackerException, InterruptedException {
    InetSocketAddress to = address();
    boolean v6 = to.getAddress() instanceof Inet6Address;
    byte[] reply = exchange(to, ACTION_ANNOUNCE, b -> {
      b.put(r.infoHash().bytes()).put(r.peerId());
      b.putLong(r.downloaded()).putLong(r.left()).putLong(r.uploaded());
      b.putInt(r.event().udpCode()).putInt(0).putInt(r.key()).putInt(r.numWant() < 0 ? -1 : r.numWant());
      b.putShort((short) r.port());
    });
    if (reply.length == 8) {
      // opentracker's UDP answer for a torrent it does not serve (e.g. not on its whitelist): header only
      throw new TrackerException(this + ": empty announce response (8 bytes, no interval or peers);"
          + " the tracker does not serve this torrent");
    }
    if (reply.length < 20) {
      throw new TrackerException(this + ": announce response of " + reply.length
          + " bytes is shorter than its 20-byte header");
    }
    ByteBuffer b = ByteBuffer.wrap(reply);
    int interval = b.getInt(8);
    int leechers = b.getInt(12);
    int seeders = b.getInt(16);
    byte[] peers = Arrays.copyOfRange(reply, 20, reply.length);
    return new AnnounceResponse(Duration.ofSeconds(Math.max(0, interval)), Optional.empty(),
        v6 ? CompactPeers.decode6(peers) : CompactPeers.decode4(peers),
        seeders >= 0 ? OptionalInt.of(seeders) : OptionalInt.empty(),
        leechers >= 0 ? OptionalInt.of(leechers) : OptionalInt.empty(), Optional.empty(), Optional.empty());
  }

  @Override
  public Map<InfoHash, ScrapeResult> scrape(List<InfoHash> hashes) throws TrackerException, InterruptedException {
    InetSocketAddress to = address();
    Map<InfoHash, ScrapeResult> out = new LinkedHashMap<>();
    for (int from = 0; from < hashes.size(); from += MAX_SCRAPE_HASHES) {
      List<InfoHash> chunk = hashes.subList(from, Math.min(hashes.size(), from + MAX_SCRAPE_HASHES));
      byte[] reply = exchange(to, ACTION_SCRAPE, b -> chunk.forEach(h -> b.put(h.bytes())));
      int need = 8 + 12 * chunk.size();
      if (reply.length < need) {
        throw new TrackerException(this + ": scrape response of " + reply.length + " bytes is truncated; "
            + chunk.size() + " torrents need " + need);
      }
      ByteBuffer b = ByteBuffer.wrap(reply);
      for (int i = 0; i < chunk.size(); i++) {
        int at = 8 + 12 * i;
        out.put(chunk.get(i), new ScrapeResult(b.getInt(at), b.getInt(at + 4), b.getInt(at + 8)));
      }
    }
    return out;
  }

  @Override
  public void close() {
    // Sockets live only for one request.
  }

  private InetSocketAddress address() throws TrackerException {
    lock.lock();
    try {
      if (address == null) {
        try {
          address = new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
          throw new TrackerException("cannot resolve UDP tracker host " + host, e);
        }
      }
      return address;
    } finally {
      lock.unlock();
    }
  }

  private interface Body {
    void write(ByteBuffer b);
  }

  /**
   * Sends one request with retransmissions, connecting first whenever the connection id is missing or expired, and
   * returns the matching reply (action checked, at least 8 bytes).
   */
  private byte[] exchange(InetSocketAddress to, int action, Body body) throws TrackerException, InterruptedException {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.connect(to);
      for (int n = 0; n <= config.maxRetries(); n++) {
        long timeoutNanos = config.baseTimeout().toNanos() << n;
        OptionalLong conn = currentConnectionId();
        if (conn.isEmpty()) {
          int tid = RANDOM.nextInt();
          ByteBuffer c = ByteBuffer.allocate(16).putLong(PROTOCOL_ID).putInt(ACTION_CONNECT).putInt(tid);
          byte[] reply = roundTrip(socket, c.array(), tid, ACTION_CONNECT, timeoutNanos);
          if (reply == null) {
            continue;
          }
          if (reply.length < 16) {
            throw new TrackerException(this + ": connect response of " + reply.length
                + " bytes is shorter than 16");
          }
          conn = OptionalLong.of(storeConnectionId(ByteBuffer.wrap(reply).getLong(8)));
        }
        int tid = RANDOM.nextInt();
        ByteBuffer b = ByteBuffer.allocate(MAX_PACKET).putLong(conn.getAsLong()).putInt(action).putInt(tid);
        body.write(b);
        byte[] reply = roundTrip(socket, Arrays.copyOf(b.array(), b.position()), tid, action, timeoutNanos);
        if (reply != null) {
          return reply;
        }
      }
      throw new TrackerException(this + " did not answer after " + (config.maxRetries() + 1) + " attempts");
    } catch (IOException e) {
      if (Thread.interrupted()) {
        throw new InterruptedException("UDP tracker request interrupted");
      }
      throw new TrackerException(this + ": " + e.getMessage(), e);
    }
  }

  /** The reply with this transaction id, or null on timeout. Throws on an error packet or a wrong action. */
  private byte[] roundTrip(DatagramSocket socket, byte[] packet, int tid, int action, long timeoutNanos)
      throws IOException, TrackerException, InterruptedException {
    socket.send(new DatagramPacket(packet, packet.length));
    long deadline = System.nanoTime() + timeoutNanos;
    byte[] buf = new byte[MAX_PACKET + 1];
    while (true) {
      if (Thread.interrupted()) {
        throw new InterruptedException("UDP tracker request interrupted");
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        log.debug("{}: no answer within {} ms", this, TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
        return null;
      }
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left))));
      try {
        socket.receive(p);
      } catch (SocketTimeoutException e) {
        continue;
      }
      int len = p.getLength();
      if (len > MAX_PACKET) {
        log.debug("{}: dropped an oversized packet of more than {} bytes", this, MAX_PACKET);
        continue;
      }
      if (len < 8) {
        log.debug("{}: dropped a {}-byte packet", this, len);
        continue;
      }
      ByteBuffer b = ByteBuffer.wrap(buf, 0, len);
      int gotAction = b.getInt(0);
      if (b.getInt(4) != tid) {
        log.debug("{}: dropped a packet with another transaction id", this);
        continue;
      }
      if (gotAction == ACTION_ERROR) {
        String msg = new String(buf, 8, len - 8, StandardCharsets.UTF_8).strip();
        throw new TrackerException("tracker failure: " + (msg.isEmpty() ? "(UDP tracker error without message)" : msg));
      }
      if (gotAction != action) {
        throw new TrackerException(this + ": expected action " + action + " in the response, got " + gotAction);
      }
      return Arrays.copyOf(buf, len);
    }
  }

  private OptionalLong currentConnectionId() {
    lock.lock();
    try {
      if (haveConnectionId
          && config.nanoClock().getAsLong() - connectionIdAt < CONNECTION_ID_LIFETIME.toNanos()) {
        return OptionalLong.of(connectionId);
      }
      haveConnectionId = false;
      return OptionalLong.empty();
    } finally {
      lock.unlock();
    }
  }

  private long storeConnectionId(long id) {
    lock.lock();
    try {
      connectionId = id;
      connectionIdAt = config.nanoClock().getAsLong();
      haveConnectionId = true;
      return id;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "udp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
