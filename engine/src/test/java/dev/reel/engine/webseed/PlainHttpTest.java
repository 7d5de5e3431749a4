package dev.reel.engine.webseed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The plain HTTP/1.1 path of web seeds against a scripted loopback server: reuse, retry, hand-backs, framing. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PlainHttpTest {
  private static final long SECOND = 1_000_000_000L;
  private ServerSocket server;
  private final AtomicInteger connections = new AtomicInteger();
  private final List<String> requestLines = new CopyOnWriteArrayList<>();
  private final PlainHttp http = new PlainHttp(5000, "test");

  @AfterEach
  void tearDown() throws IOException {
    http.close();
    if (server != null) {
      server.close();
    }
  }

  /** Serves each request with {@code answer.apply(n)} (n counts requests); null closes the connection instead. */
  private URI serve(IntFunction<String> answer, boolean closeAfterEach) throws IOException {
    server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    AtomicInteger n = new AtomicInteger();
    Thread.ofVirtual().start(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          connections.incrementAndGet();
          Thread.ofVirtual().start(() -> {
            try (s) {
              BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
              OutputStream out = s.getOutputStream();
              for (String line = in.readLine(); line != null; line = in.readLine()) {
                requestLines.add(line);
                while (!in.readLine().isEmpty()) {
                  // headers
                }
                String a = answer.apply(n.getAndIncrement());
                if (a == null) {
                  return;
                }
                out.write(a.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (closeAfterEach) {
                  return;
                }
              }
            } catch (IOException e) {
              // client gone
            }
          });
        } catch (IOException e) {
          return;
        }
      }
    });
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/f%20x.bin?a=1");
  }

  private static String ok(String body) {
    return "HTTP/1.1 206 Partial Content\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
  }

  private String get(URI uri) throws Exception {
    ByteBuffer dst = ByteBuffer.allocate(5);
    PlainHttp.Outcome o = http.get(uri, List.of("Range", "bytes=0-4"), (status, h) -> dst, SECOND, System.nanoTime() + 5 * SECOND);
    assertThat(o.next()).isNull();
    return new String(dst.array(), StandardCharsets.ISO_8859_1);
  }

  @Test
  void keptAliveConnectionIsReusedAndThePathIsSentAsEncoded() throws Exception {
    URI uri = serve(n -> ok("abcd" + n), false);

    assertThat(get(uri)).isEqualTo("abcd0");
    assertThat(get(uri)).isEqualTo("abcd1");
    assertThat(connections.get()).isEqualTo(1);
    assertThat(requestLines).containsOnly("GET /f%20x.bin?a=1 HTTP/1.1");
  }

  @Test
  void aConnectionTheServerClosedIsReplacedTransparently() throws Exception {
    URI uri = serve(n -> ok("hello"), true);

    assertThat(get(uri)).isEqualTo("hello");
    assertThat(get(uri)).isEqualTo("hello");
    assertThat(connections.get()).isEqualTo(2);
  }

  @Test
  void redirectsAndChunkedBodiesAreHandedBackWithoutTouchingTheBuffer() throws Exception {
    URI uri = serve(n -> n == 0 ? "HTTP/1.1 302 Found\r\nLocation: /other\r\nContent-Length: 0\r\n\r\n"
        : "HTTP/1.1 206 Partial Content\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", false);
    ByteBuffer dst = ByteBuffer.allocate(5);

    PlainHttp.Outcome redirect = http.get(uri, List.of(), (s, h) -> dst, SECOND, System.nanoTime() + 5 * SECOND);
    PlainHttp.Outcome chunked = http.get(uri, List.of(), (s, h) -> dst, SECOND, System.nanoTime() + 5 * SECOND);

    assertThat(redirect.redirected()).isTrue();
    assertThat(redirect.next()).isEqualTo(uri.resolve("/other"));
    assertThat(chunked.redirected()).isFalse();
    assertThat(chunked.next()).isEqualTo(uri);
    assertThat(dst.position()).isZero();
    assertThat(dst.array()).containsOnly(0);
  }

  @Test
  void aBodyOfTheWrongLengthOrCutShortFails() throws Exception {
    URI uri = serve(n -> n == 0 ? ok("toolong") : "HTTP/1.1 206 Partial Content\r\nContent-Length: 5\r\n\r\nab", true);

    assertThatThrownBy(() -> get(uri)).isInstanceOfSatisfying(WebSeedException.class,
        e -> assertThat(e.kind()).isEqualTo(WebSeedException.Kind.BAD_RESPONSE));
    assertThatThrownBy(() -> get(uri)).isInstanceOf(IOException.class).hasMessageContaining("3 bytes short");
  }

  @Test
  void noAnswerTimesOut() throws Exception {
    URI uri = serve(n -> {
      try {
        Thread.sleep(3000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return null;
    }, true);
    ByteBuffer dst = ByteBuffer.allocate(5);

    assertThatThrownBy(() -> http.get(uri, List.of(), (s, h) -> dst, SECOND / 5, System.nanoTime() + 5 * SECOND))
        .isInstanceOfSatisfying(PlainHttp.Timeout.class, e -> assertThat(e.getMessage()).contains("no data for 200 ms"));
  }
}
