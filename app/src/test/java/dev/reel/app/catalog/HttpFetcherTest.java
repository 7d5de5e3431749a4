package dev.reel.app.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpFetcherTest {
  @TempDir Path dir;

  @Test
  void responsesAreCachedOnDiskForTheirTtl() throws Exception {
    AtomicInteger hits = new AtomicInteger();
    MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    try (FixtureServer server = FixtureServer.start()) {
      server.route("/data", ex -> FixtureServer.Response.json(
          ("{\"n\":" + hits.incrementAndGet() + "}").getBytes(StandardCharsets.UTF_8)));
      HttpFetcher http = new HttpFetcher(Duration.ofSeconds(2), Duration.ofSeconds(5),
          new DiskCache(dir, 1 << 20, clock));
      URI uri = server.uri("/data");
      assertThat(new String(http.get(uri, Duration.ofMinutes(10), 100))).isEqualTo("{\"n\":1}");
      assertThat(new String(http.get(uri, Duration.ofMinutes(10), 100))).isEqualTo("{\"n\":1}");
      clock.advance(Duration.ofMinutes(11));
      assertThat(new String(http.get(uri, Duration.ofMinutes(10), 100))).isEqualTo("{\"n\":2}");
      assertThat(new String(http.get(uri, Duration.ZERO, 100))).isEqualTo("{\"n\":3}"); // no cache
      assertThat(hits).hasValue(3);
    }
  }

  @Test
  void refusesNonHttpUrlsAndOversizedBodies() throws Exception {
    HttpFetcher http = HttpFetcher.uncached();
    assertThatThrownBy(() -> http.get(URI.create("file:///etc/passwd"), Duration.ZERO, 100))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only http and https");
    try (FixtureServer server = FixtureServer.start()) {
      server.route("/big", ex -> FixtureServer.Response.json(new byte[101]));
      assertThatThrownBy(() -> http.get(server.uri("/big"), Duration.ZERO, 100))
          .isInstanceOf(ProviderException.class).hasMessageContaining("exceeds the limit of 100 bytes");
    }
  }

  /** A hostile provider cannot send the fetcher to a file or another scheme with a redirect; http(s) ones are fine. */
  @Test
  void redirectsAreFollowedOnlyToHttp() throws Exception {
    HttpFetcher http = HttpFetcher.uncached();
    try (FixtureServer server = FixtureServer.start()) {
      server.route("/ok", ex -> FixtureServer.Response.json("{}".getBytes()));
      for (String target : java.util.List.of("file:///etc/passwd", "jar:file:///x.jar!/y", "ftp://127.0.0.1/x",
          "javascript:alert(1)")) {
        String path = "/to-" + Integer.toHexString(target.hashCode());
        server.route(path, ex -> {
          ex.getResponseHeaders().set("Location", target);
          return new FixtureServer.Response(302, new byte[0], "text/plain");
        });
        assertThatThrownBy(() -> http.get(server.uri(path), Duration.ZERO, 100)).as(target)
            .isInstanceOf(ProviderException.class).hasMessageContaining("HTTP 302");
      }
      server.route("/to-ok", ex -> {
        ex.getResponseHeaders().set("Location", server.uri("/ok").toString());
        return new FixtureServer.Response(302, new byte[0], "text/plain");
      });
      org.assertj.core.api.Assertions.assertThat(http.get(server.uri("/to-ok"), Duration.ZERO, 100)).isEqualTo(
          "{}".getBytes());
    }
  }
}
