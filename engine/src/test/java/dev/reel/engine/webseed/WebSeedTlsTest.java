package dev.reel.engine.webseed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.metainfo.TorrentCreator;
import dev.reel.engine.testkit.SelfSignedTls;
import dev.reel.engine.testkit.TestData;
import dev.reel.engine.testkit.TestLogs;
import dev.reel.engine.testkit.WebSeedServer;
import dev.reel.engine.webseed.WebSeedException.Kind;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS web seeds: certificates are verified, and a redirect from HTTPS down to HTTP is not followed. */
class WebSeedTlsTest {
  @TempDir static Path dir;
  private static SelfSignedTls tls;
  private static Metainfo meta;
  private static byte[] file;

  @BeforeAll
  static void setUp() throws Exception {
    tls = SelfSignedTls.create(dir.resolve("tls"), TestLogs.dir("WebSeedTlsTest"));
    Path f = TestData.file(dir.resolve("served").resolve("movie.bin"), 50_000, 5);
    file = Files.readAllBytes(f);
    meta = Metainfo.parse(TorrentCreator.forPath(f).pieceLength(16 * 1024).build());
  }

  @Test
  void aCertificateNotTrustedIsRefused() throws Exception {
    try (WebSeedServer s = WebSeedServer.startHttps(dir.resolve("served"), "/", tls.serverContext());
        HttpClient http = WebSeedClient.newHttpClient(WebSeedConfig.DEFAULTS)) {
      WebSeedClient c = new WebSeedClient(meta, s.baseUrl(), http, WebSeedConfig.DEFAULTS);

      assertThatThrownBy(() -> c.fetch(0, ByteBuffer.allocate(100)))
          .isInstanceOfSatisfying(WebSeedException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONNECTION));
      assertThat(s.requests()).isZero();
    }
  }

  @Test
  void aTrustedHttpsSeedServesRanges() throws Exception {
    try (WebSeedServer s = WebSeedServer.startHttps(dir.resolve("served"), "/", tls.serverContext());
        HttpClient http = WebSeedClient.newHttpClient(WebSeedConfig.DEFAULTS, tls.clientContext())) {
      WebSeedClient c = new WebSeedClient(meta, s.baseUrl(), http, WebSeedConfig.DEFAULTS);
      ByteBuffer dst = ByteBuffer.allocate(20_000);

      c.fetch(1, 100, dst);

      assertThat(dst.array()).isEqualTo(Arrays.copyOfRange(file, 16_484, 36_484));
    }
  }

  @Test
  void aRedirectFromHttpsToHttpIsNotFollowed() throws Exception {
    try (WebSeedServer plain = WebSeedServer.start(dir.resolve("served"), "/");
        WebSeedServer secure = WebSeedServer.startHttps(dir.resolve("served"), "/", tls.serverContext());
        HttpClient http = WebSeedClient.newHttpClient(WebSeedConfig.DEFAULTS, tls.clientContext())) {
      secure.redirectTo(plain.baseUrl());
      WebSeedClient c = new WebSeedClient(meta, secure.baseUrl(), http, WebSeedConfig.DEFAULTS);

      assertThatThrownBy(() -> c.fetch(0, ByteBuffer.allocate(100)))
          .isInstanceOfSatisfying(WebSeedException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.REJECTED);
            assertThat(e.status()).hasValue(302);
            assertThat(e.getMessage()).contains("redirect not followed");
          });
      assertThat(plain.requests()).isZero();
    }
  }
}
