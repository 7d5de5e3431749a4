package dev.reel.engine.dht;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/** A raw UDP socket on loopback that speaks KRPC by hand, for poking a node. */
final class UdpClient implements AutoCloseable {
  /** Generous bound on waiting for a reply that must come; never asserted on. */
  static final int REPLY_TIMEOUT_MS = 10_000;
  final DatagramSocket socket;

  UdpClient(String localIp) throws IOException {
    socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(localIp), 0));
    socket.setSoTimeout(REPLY_TIMEOUT_MS);
  }

  UdpClient() throws IOException {
    this("127.0.0.1");
  }

  InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  void send(byte[] packet, InetSocketAddress to) throws IOException {
    socket.send(new DatagramPacket(packet, packet.length, to));
  }

  void send(Krpc message, InetSocketAddress to) throws IOException {
    send(Krpc.encode(message), to);
  }

  record Received(Krpc message, InetSocketAddress from) {}

  Received receive() throws Exception {
    return receive(REPLY_TIMEOUT_MS);
  }

  /** The next datagram, or null if none arrives within {@code timeoutMs}. */
  Received receive(int timeoutMs) throws Exception {
    byte[] buf = new byte[4096];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    socket.setSoTimeout(timeoutMs);
    try {
      socket.receive(p);
    } catch (SocketTimeoutException e) {
      return null;
    }
    return new Received(Krpc.decode(Arrays.copyOf(buf, p.getLength())),
        (InetSocketAddress) p.getSocketAddress());
  }

  @Override
  public void close() {
    socket.close();
  }
}
