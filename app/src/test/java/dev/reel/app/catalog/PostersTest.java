package dev.reel.app.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostersTest {
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13};
  @TempDir Path dir;

  @Test
  void servesRasterImagesFromTheCacheAndRefusesEverythingElse() throws Exception {
    try (FixtureServer server = FixtureServer.start()) {
      server.route("/poster.png", ex -> new FixtureServer.Response(200, PNG, "image/png"));
      server.route("/poster.svg", ex -> new FixtureServer.Response(200,
          "<svg onload=\"alert(1)\"/>".getBytes(StandardCharsets.UTF_8), "image/svg+xml"));
      server.route("/page.jpg", ex -> new FixtureServer.Response(200,
          "<html>".getBytes(StandardCharsets.UTF_8), "image/jpeg"));
      DiskCache cache = new DiskCache(dir, 1 << 20, new MutableClock(Instant.parse("2026-11-25T12:00:00Z")));
      Posters posters = new Posters(new HttpFetcher(Duration.ofSeconds(2), Duration.ofSeconds(5), cache));

      assertThat(posters.poster(server.uri("/poster.png").toString())).get()
          .satisfies(i -> assertThat(i.format()).isEqualTo(Posters.Format.PNG));
      assertThat(posters.poster(server.uri("/poster.png").toString())).isPresent();
      assertThat(server.requests()).containsOnlyOnce("/poster.png"); // the second came from the disk cache
      assertThat(posters.poster(server.uri("/poster.svg").toString())).isEmpty();
      assertThat(posters.poster(server.uri("/page.jpg").toString())).isEmpty();
      assertThat(posters.poster(server.uri("/missing.jpg").toString())).isEmpty();
      assertThat(posters.poster("javascript:alert(1)")).isEmpty();
    }
  }
}
