package dev.reel.engine.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;

/**
 * Free loopback ports, chosen by binding port 0 and closing again (a small race with other processes remains; the
 * clients fail loudly if it is lost). Thread-safe.
 */
public final class Ports {
  public static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final int MAX_TRIES = 50;
  private static final int CONNECT_TIMEOUT_MS = 500;

  private Ports() {}

  /** A TCP port on 127.0.0.1 that was free a moment ago. */
  public static int freeTcpPort() {
    try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind a loopback TCP port", e);
    }
  }

  /** A port number free for both TCP and UDP on 127.0.0.1 (trackers listen on both). */
  public static int freeTcpAndUdpPort() {
    for (int i = 0; i < MAX_TRIES; i++) {
      int port = freeTcpPort();
      try (DatagramSocket u = new DatagramSocket(new InetSocketAddress(LOOPBACK, port))) {
        return u.getLocalPort();
      } catch (SocketException e) {
        // taken for UDP: try another
      }
    }
    throw new IllegalStateException("no port free for both TCP and UDP after " + MAX_TRIES + " tries");
  }

  /** True if something accepts TCP connections on 127.0.0.1:port. */
  public static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(LOOPBACK, port), CONNECT_TIMEOUT_MS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
