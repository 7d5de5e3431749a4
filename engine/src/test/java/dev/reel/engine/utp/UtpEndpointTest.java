package dev.reel.engine.utp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two endpoints on loopback UDP: the socket facade carries byte-exact streams both ways. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UtpEndpointTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  static byte[] data(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void streamsBothWaysOverLoopback() throws Exception {
    byte[] up = data(3_000_000, 1);
    byte[] down = data(1_500_000, 2);
    try (UtpEndpoint a = UtpEndpoint.open(new InetSocketAddress(LOOPBACK, 0), false);
        UtpEndpoint b = UtpEndpoint.open(new InetSocketAddress(LOOPBACK, 0), true)) {
      CompletableFuture<byte[]> atB = CompletableFuture.supplyAsync(() -> {
        try (UtpSocket s = b.accept()) {
          CompletableFuture<Void> w = CompletableFuture.runAsync(() -> write(s, down));
          byte[] got = readAll(s.getInputStream(), up.length);
          w.join();
          return got;
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      UtpSocket s = a.connect(new InetSocketAddress(LOOPBACK, b.port()), 5_000);
      CompletableFuture<Void> w = CompletableFuture.runAsync(() -> write(s, up));
      byte[] atA = readAll(s.getInputStream(), down.length);
      w.join();
      assertThat(Arrays.equals(atA, down)).isTrue();
      assertThat(Arrays.equals(atB.get(30, TimeUnit.SECONDS), up)).isTrue();
      s.close();
    }
  }

  @Test
  void readSeesEndOfStreamAfterThePeerCloses() throws Exception {
    try (UtpEndpoint a = UtpEndpoint.open(new InetSocketAddress(LOOPBACK, 0), false);
        UtpEndpoint b = UtpEndpoint.open(new InetSocketAddress(LOOPBACK, 0), true)) {
      UtpSocket s = a.connect(new InetSocketAddress(LOOPBACK, b.port()), 5_000);
      s.getOutputStream().write("bye".getBytes());
      s.close();
      UtpSocket in = b.accept();
      in.setSoTimeout(10_000);
      assertThat(in.getInputStream().readAllBytes()).isEqualTo("bye".getBytes());
    }
  }

  @Test
  void readTimesOutAndCloseWakesABlockedReader() throws Exception {
    try (UtpEndpoint a = UtpEndpoint.open(new InetSocketAddress(LOOPBACK, 0), false);
        UtpEndpoint b = UtpEndpoint.open(new InetSocketAddress(LOOPBACK, 0), true)) {
      UtpSocket s = a.connect(new InetSocketAddress(LOOPBACK, b.port()), 5_000);
      s.setSoTimeout(50);
      assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
      s.setSoTimeout(0);
      CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
        try {
          s.getInputStream().read();
          return null;
        } catch (Exception e) {
          return e;
        }
      });
      Thread.sleep(50); // let the reader block (the assertion holds either way)
      s.close();
      assertThat(reader.get(10, TimeUnit.SECONDS)).isInstanceOf(SocketException.class);
    }
  }

  @Test
  void connectingToAPortWithoutUtpFails() throws Exception {
    try (UtpEndpoint a = UtpEndpoint.open(new InetSocketAddress(LOOPBACK, 0), false);
        UtpEndpoint b = UtpEndpoint.open(new InetSocketAddress(LOOPBACK, 0), false)) {
      // b does not accept: it answers the SYN with a reset
      assertThatThrownBy(() -> a.connect(new InetSocketAddress(LOOPBACK, b.port()), 5_000))
          .isInstanceOf(java.io.IOException.class).hasMessageContaining("uTP connect");
    }
  }

  @Test
  void leavesOtherDatagramsToTheSocketOwner() throws Exception {
    try (UtpEndpoint a = UtpEndpoint.attached((p, to) -> { }, 1, true)) {
      byte[] krpc = "d1:ad2:id20:aaaaaaaaaaaaaaaaaaaae1:q4:ping1:t2:aa1:y1:qe".getBytes();
      assertThat(a.offer(krpc, 0, krpc.length, new InetSocketAddress(LOOPBACK, 9))).isFalse();
      byte[] syn = new UtpPacket(UtpPacket.Type.SYN, 7, 0, 0, 1000, 1, 0, null, null).encode();
      assertThat(a.offer(syn, 0, syn.length, new InetSocketAddress(LOOPBACK, 9))).isTrue();
      assertThat(a.connectionCount()).isEqualTo(1);
    }
  }

  private static void write(UtpSocket s, byte[] b) {
    try {
      OutputStream out = s.getOutputStream();
      for (int off = 0; off < b.length; off += 16 * 1024) {
        out.write(b, off, Math.min(16 * 1024, b.length - off));
      }
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  private static byte[] readAll(InputStream in, int n) throws Exception {
    byte[] b = new byte[n];
    new DataInputStream(in).readFully(b);
    return b;
  }
}
