package dev.reel.engine.webseed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.metainfo.TorrentCreator;
import dev.reel.engine.storage.PieceHasher;
import dev.reel.engine.testkit.TestData;
import dev.reel.engine.testkit.WebSeedServer;
import dev.reel.engine.webseed.WebSeedException.Kind;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebSeedClientTest {
  private static final int PIECE = 16 * 1024;
  @TempDir static Path dir;
  private static Path content;
  private static Metainfo meta;
  private static byte[] data;
  private static WebSeedServer server;
  private static HttpClient http;
  private static WebSeedClient client;

  @BeforeAll
  static void setUp() throws Exception {
    content = dir.resolve("served");
    Path show = content.resolve("My Show");
    TestData.file(show.resolve("a.bin"), 40_000, 1);
    TestData.file(show.resolve("Sub Dir").resolve("b é+1.bin"), 2 * PIECE + 5, 2);
    TestData.file(show.resolve("c.txt"), 777, 3);
    TestData.file(show.resolve("z.bin"), 70_000, 4);
    meta = Metainfo.parse(TorrentCreator.forPath(show).pieceLength(PIECE).build());
    data = TorrentData.expected(meta, content);
    server = WebSeedServer.start(content, "/");
    http = WebSeedClient.newHttpClient(WebSeedConfig.DEFAULTS);
    client = new WebSeedClient(meta, server.baseUrl(), http, WebSeedConfig.DEFAULTS);
  }

  @AfterAll
  static void tearDown() {
    server.close();
    http.close();
  }

  @AfterEach
  void resetFaults() {
    server.lie(false).ignoreRange(false).stallMidBody(null).redirectTo(null).failNext(0, 0);
  }

  @ParameterizedTest(name = "{0}+{1}")
  @CsvSource({
      // the creator sorts by path: "Sub Dir/b é+1.bin" [0, 32773), a.bin, c.txt [72773, 73550), z.bin
      "0, 16384",        // piece 0 inside b (in a sub folder, with space, é and + in its name)
      "32768, 16384",    // piece 2: the end of b, then a.bin
      "32763, 20",       // straddles b / a.bin
      "32773, 40000",    // exactly a.bin
      "72000, 1800",     // end of a.bin, all of c.txt, start of z.bin: three requests
      "0, 143550",       // the whole torrent in one fetch
      "143549, 1",       // the last byte
  })
  void fetchesExactBytesAcrossFileBoundaries(long start, int length) throws Exception {
    ByteBuffer dst = ByteBuffer.allocate(length + 10).position(5).limit(5 + length);

    WebSeedClient.Fetched f = client.fetch(start, dst);

    assertThat(dst.position()).isEqualTo(5 + length);
    assertThat(Arrays.copyOfRange(dst.array(), 5, 5 + length))
        .isEqualTo(Arrays.copyOfRange(data, (int) start, (int) start + length));
    assertThat(f.networkBytes()).isEqualTo(length);
    assertThat(f.bytesPerSecond()).isPositive();
  }

  @Test
  void aRangeOverSeveralFilesIsOneRequestPerFile() throws Exception {
    int before = server.requests();

    WebSeedClient.Fetched f = client.fetch(72_000, ByteBuffer.allocate(1800));

    assertThat(f.requests()).isEqualTo(3);
    assertThat(server.requests() - before).isEqualTo(3);
    assertThat(server.log().subList(server.log().size() - 3, server.log().size()))
        .extracting(WebSeedServer.Request::path, WebSeedServer.Request::range, WebSeedServer.Request::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("/My%20Show/a.bin", "bytes=39227-39999", 206),
            org.assertj.core.groups.Tuple.tuple("/My%20Show/c.txt", "bytes=0-776", 206),
            org.assertj.core.groups.Tuple.tuple("/My%20Show/z.bin", "bytes=0-249", 206));
  }

  @Test
  void aLyingServersPieceFailsTheHashCheck() throws Exception {
    server.lie(true);
    ByteBuffer piece = ByteBuffer.allocate(meta.pieceSize(3));

    client.fetch(3, 0, piece);

    assertThat(MessageDigest.isEqual(PieceHasher.sha1(piece.flip()), meta.pieceHash(3))).isFalse();
    server.lie(false);
    client.fetch(3, 0, piece.clear());
    assertThat(MessageDigest.isEqual(PieceHasher.sha1(piece.flip()), meta.pieceHash(3))).isTrue();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"404, NOT_FOUND", "410, NOT_FOUND", "500, SERVER_ERROR", "502, SERVER_ERROR", "403, REJECTED",
      "429, BUSY"})
  void errorStatusesFail(int status, Kind kind) {
    server.failNext(1, status);

    assertThatThrownBy(() -> client.fetch(0, ByteBuffer.allocate(100)))
        .isInstanceOfSatisfying(WebSeedException.class, e -> {
          assertThat(e.kind()).isEqualTo(kind);
          assertThat(e.status()).hasValue(status);
          assertThat(e.getMessage()).contains("/My%20Show/Sub%20Dir/b%20%C3%A9%2B1.bin bytes 0-99");
          assertThat(e.fileIndex()).hasValue(0);
          assertThat(e.fileUnavailable()).isEqualTo(kind == Kind.NOT_FOUND);
        });
  }

  @Test
  void busyServerSaysWhenToRetry() {
    server.failNext(1, 503);

    assertThatThrownBy(() -> client.fetch(0, ByteBuffer.allocate(100)))
        .isInstanceOfSatisfying(WebSeedException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.BUSY);
          assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        });
  }

  @Test
  void aFileMissingOnTheServerIsNotFound() throws Exception {
    WebSeedClient elsewhere = new WebSeedClient(meta, server.baseUrl() + "nothing-here/", http,
        WebSeedConfig.DEFAULTS);

    assertThatThrownBy(() -> elsewhere.fetch(0, ByteBuffer.allocate(10)))
        .isInstanceOfSatisfying(WebSeedException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
  }

  @Test
  void aServerFileOfAnotherSizeIsTheWrongFile() throws Exception {
    Path other = dir.resolve("other").resolve("My Show");
    TestData.file(other.resolve("Sub Dir").resolve("b é+1.bin"), 2 * PIECE + 6, 2); // a byte longer than the torrent says
    TestData.file(other.resolve("c.txt"), 700, 3); // shorter: the range starts past its end
    try (WebSeedServer s = WebSeedServer.start(dir.resolve("other"), "/")) {
      WebSeedClient c = new WebSeedClient(meta, s.baseUrl(), http, WebSeedConfig.DEFAULTS);

      assertThatThrownBy(() -> c.fetch(0, ByteBuffer.allocate(10)))
          .isInstanceOfSatisfying(WebSeedException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.WRONG_FILE);
            assertThat(e.getMessage()).contains("the server's file has 32774 bytes, the torrent's 32773");
            assertThat(e.fileUnavailable()).isTrue();
            assertThat(e.filePiecesFrom()).isZero();
            assertThat(e.filePiecesTo()).isEqualTo(3); // b covers pieces 0..2
          });
      assertThatThrownBy(() -> c.fetch(72_773 + 750, ByteBuffer.allocate(10)))
          .isInstanceOfSatisfying(WebSeedException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.WRONG_FILE);
            assertThat(e.status()).hasValue(416);
            assertThat(e.fileIndex()).hasValue(2);
          });
    }
  }

  @Test
  void aServerIgnoringRangeIsUsedForSmallFilesOnly() throws Exception {
    server.ignoreRange(true);
    WebSeedClient small = new WebSeedClient(meta, server.baseUrl(), http,
        WebSeedConfig.DEFAULTS.withMaxWholeFileBytes(50_000));
    ByteBuffer dst = ByteBuffer.allocate(100);

    small.fetch(32_723, dst); // 50 bytes of b (32,773: taken whole) + 50 of a.bin (40,000: taken whole)

    assertThat(dst.array()).isEqualTo(Arrays.copyOfRange(data, 32_723, 32_823));
    // z.bin has 70,000 bytes: more than the limit, so its body is not read
    assertThatThrownBy(() -> small.fetch(data.length - 10, ByteBuffer.allocate(10)))
        .isInstanceOfSatisfying(WebSeedException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.RANGE_IGNORED);
          assertThat(e.status()).hasValue(200);
        });
  }

  @Test
  void aWholeFileAskedForIsAcceptedAsAPlain200() throws Exception {
    server.ignoreRange(true);
    WebSeedClient strict = new WebSeedClient(meta, server.baseUrl(), http,
        WebSeedConfig.DEFAULTS.withMaxWholeFileBytes(0));
    ByteBuffer dst = ByteBuffer.allocate(777);

    strict.fetch(72_773, dst); // exactly c.txt

    assertThat(dst.array()).isEqualTo(Arrays.copyOfRange(data, 72_773, 72_773 + 777));
  }

  @Test
  void aStalledBodyTimesOutAndTheBufferIsLeftAlone() throws Exception {
    server.stallMidBody(Duration.ofSeconds(30));
    WebSeedConfig quick = new WebSeedConfig(Duration.ofSeconds(5), Duration.ofMillis(500), 1L << 40, 0, "test");
    WebSeedClient impatient = new WebSeedClient(meta, server.baseUrl(), http, quick);
    ByteBuffer dst = ByteBuffer.allocate(PIECE);

    assertThatThrownBy(() -> impatient.fetch(0, dst))
        .isInstanceOfSatisfying(WebSeedException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
    assertThat(dst.position()).isZero();
  }

  @Test
  void aBodyThatStopsFlowingTimesOutLongBeforeTheOverallDeadline() {
    server.stallMidBody(Duration.ofSeconds(60));
    // 1 byte/s would allow hours for the whole piece; the pause in the body is what fails it
    WebSeedConfig patient = new WebSeedConfig(Duration.ofSeconds(5), Duration.ofMillis(500), 1, 0, "test");
    WebSeedClient c = new WebSeedClient(meta, server.baseUrl(), http, patient);

    assertThatThrownBy(() -> c.fetch(0, ByteBuffer.allocate(PIECE)))
        .isInstanceOfSatisfying(WebSeedException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
          assertThat(e.getMessage()).contains("no data for 500 ms");
        });
  }

  @Test
  void interruptingTheFetchingThreadAbortsTheRequest() throws Exception {
    server.stallMidBody(Duration.ofSeconds(60));
    int before = server.requests();
    ByteBuffer dst = ByteBuffer.allocate(PIECE);
    java.util.concurrent.atomic.AtomicReference<Throwable> outcome = new java.util.concurrent.atomic.AtomicReference<>();
    Thread t = Thread.ofVirtual().start(() -> {
      try {
        client.fetch(0, dst);
        outcome.set(new AssertionError("the fetch completed"));
      } catch (Throwable e) {
        outcome.set(e);
      }
    });
    dev.reel.engine.testkit.Poll.until(Duration.ofSeconds(30), "the request to arrive", () -> server.requests() > before);

    t.interrupt();
    t.join(Duration.ofSeconds(30));

    assertThat(t.isAlive()).isFalse();
    assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
    assertThat(dst.position()).isZero();
  }

  @Test
  void redirectsAreFollowedWithTheRange() throws Exception {
    try (WebSeedServer front = WebSeedServer.start(content, "/mirror/")) {
      front.redirectTo(server.baseUrl());
      WebSeedClient viaRedirect = new WebSeedClient(meta, front.baseUrl(), http, WebSeedConfig.DEFAULTS);
      ByteBuffer dst = ByteBuffer.allocate(1000);

      viaRedirect.fetch(5000, dst);

      assertThat(dst.array()).isEqualTo(Arrays.copyOfRange(data, 5000, 6000));
      assertThat(front.log()).extracting(WebSeedServer.Request::status).containsExactly(302);
      assertThat(server.log().getLast().range()).isEqualTo("bytes=5000-5999");
    }
  }

  @Test
  void aClientFollowingEveryRedirectIsRefused() {
    try (HttpClient always = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.ALWAYS).build()) {
      assertThatThrownBy(() -> new WebSeedClient(meta, server.baseUrl(), always, WebSeedConfig.DEFAULTS))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HTTPS to HTTP");
    }
  }

  @Test
  void anUnreachableSeedIsAConnectionFailure() throws Exception {
    int port;
    try (WebSeedServer gone = WebSeedServer.start(content, "/")) {
      port = gone.port();
    }
    WebSeedClient dead = new WebSeedClient(meta, "http://127.0.0.1:" + port + "/", http, WebSeedConfig.DEFAULTS);

    assertThatThrownBy(() -> dead.fetch(0, ByteBuffer.allocate(10)))
        .isInstanceOfSatisfying(WebSeedException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONNECTION));
  }

  @Test
  void theStateBacksOffAfterAFailedFetch() {
    WebSeedState state = new WebSeedState(server.baseUrl(), new java.util.SplittableRandom(3));
    server.failNext(1, 500);
    state.started();
    try {
      client.fetch(0, ByteBuffer.allocate(10));
    } catch (WebSeedException e) {
      state.failed(e, 0);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }

    assertThat(state.status(0)).isEqualTo(WebSeedState.Status.BACKING_OFF);
    assertThat(state.lastError()).hasValueSatisfying(m -> assertThat(m).contains("server error 500"));
    assertThat(Optional.of(state.consecutiveFailures())).contains(1);
    assertThat(Files.exists(content)).isTrue();
  }
}
