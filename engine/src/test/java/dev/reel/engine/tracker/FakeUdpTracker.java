package dev.reel.engine.tracker;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A scripted BEP 15 tracker on a loopback UDP socket. Each received packet is recorded and passed to the script,
 * which returns the packets to send back (none = drop). Helpers build well-formed replies.
 */
final class FakeUdpTracker implements AutoCloseable {
  /** One received request. */
  record Received(int action, int transactionId, long connectionId, byte[] packet) {
    int event() {
      return ByteBuffer.wrap(packet).getInt(80);
    }
  }

  static final long CONNECTION_ID = 0x1122334455667788L;

  private final DatagramSocket socket;
  private final Thread thread;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile Function<Received, List<byte[]>> script = FakeUdpTracker::standard;

  FakeUdpTracker(InetSocketAddress bind) throws IOException {
    socket = new DatagramSocket(bind);
    thread = Thread.ofVirtual().name("fake-udp-tracker").start(this::serve);
  }

  static FakeUdpTracker onLoopback() throws IOException {
    return new FakeUdpTracker(new InetSocketAddress("127.0.0.1", 0));
  }

  URI uri() {
    var a = socket.getLocalAddress();
    String host = a instanceof java.net.Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
    return URI.create("udp://" + host + ":" + socket.getLocalPort());
  }

  void script(Function<Received, List<byte[]>> s) {
    script = s;
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  List<Integer> actions() {
    return received.stream().map(Received::action).toList();
  }

  private void serve() {
    byte[] buf = new byte[65536];
    while (!socket.isClosed()) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(p);
      } catch (IOException closed) {
        return;
      }
      byte[] data = Arrays.copyOf(p.getData(), p.getLength());
      ByteBuffer b = ByteBuffer.wrap(data);
      int action = b.getInt(8);
      Received r = new Received(action, b.getInt(12), b.getLong(0), data);
      received.add(r);
      SocketAddress from = p.getSocketAddress();
      for (byte[] out : script.apply(r)) {
        try {
          socket.send(new DatagramPacket(out, out.length, from));
        } catch (IOException closed) {
          return;
        }
      }
    }
  }

  /** Answers connect, announce (interval 1800, no peers) and scrape (zeros). */
  static List<byte[]> standard(Received r) {
    return switch (r.action()) {
      case 0 -> List.of(connectReply(r.transactionId()));
      case 1 -> List.of(announceReply(r.transactionId(), 1800, 1, 2, new byte[0]));
      case 2 -> List.of(ByteBuffer.allocate(8 + 12 * ((r.packet().length - 16) / 20)).putInt(2)
          .putInt(r.transactionId()).array());
      default -> List.of();
    };
  }

  static byte[] connectReply(int tid) {
    return ByteBuffer.allocate(16).putInt(0).putInt(tid).putLong(CONNECTION_ID).array();
  }

  static byte[] announceReply(int tid, int interval, int leechers, int seeders, byte[] peers) {
    return ByteBuffer.allocate(20 + peers.length).putInt(1).putInt(tid).putInt(interval).putInt(leechers)
        .putInt(seeders).put(peers).array();
  }

  static byte[] error(int tid, String message) {
    byte[] m = message.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + m.length).putInt(3).putInt(tid).put(m).array();
  }

  @Override
  public void close() {
    socket.close();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
