package dev.reel.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reel.app.catalog.FixtureServer;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.testkit.Poll;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/sessions/{id}/open} with a fake {@code mpv} (a script recording its arguments, one a line) in a
 * directory given as the only place players are looked for.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ApiOpenPlayerTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path tmp;
  private FixtureServer fixtures;

  @BeforeEach
  void start() {
    fixtures = Fixtures.providers();
  }

  @AfterEach
  void stop() {
    fixtures.close();
  }

  /** A fake player {@code name} in {@code bin} writing its arguments (one a line) to {@code out}. */
  static void fakePlayer(Path bin, String name, Path out) throws Exception {
    Files.createDirectories(bin);
    Path script = bin.resolve(name);
    Files.writeString(script, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" + out + ".part'\n"
        + "mv '" + out + ".part' '" + out + "'\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
  }

  @Test
  void opensTheFakePlayerOnTheLoopbackStreamUrlAndExplainsMissingOnes() throws Exception {
    Path bin = tmp.resolve("bin");
    Path args = tmp.resolve("args.txt");
    fakePlayer(bin, "mpv", args);
    try (Seeder seeder = new Seeder(tmp.resolve("seeder"), 0);
        ReelServer reel = ReelServer.start(Fixtures.config(tmp.resolve("reel"), fixtures)
            .withPlayerDirs(List.of(bin)), "test")) {
      Metainfo meta = seeder.seed("film.mp4", 300_000, 3);
      ApiClient api = new ApiClient(reel.uri());
      ApiClient.Answer played = api.call("POST", "/api/play", Map.of("magnet", seeder.magnet(meta)));
      assertThat(played.status()).as("%s", played.json()).isIn(201, 202);
      String id = played.json().path("id").asText();
      Poll.until(WAIT, "the stream URL is known", () -> !api.get("/api/sessions/" + id).path("streamUrl").isNull());
      String url = api.get("/api/sessions/" + id).path("streamUrl").asText();
      assertThat(url).startsWith("http://127.0.0.1:" + reel.port() + "/stream/");

      // without the token: refused, nothing started
      ApiClient.Answer noToken = api.send("POST", "/api/sessions/" + id + "/open", Map.of("player", "mpv"), null,
          false);
      assertThat(noToken.status()).isEqualTo(403);

      ApiClient.Answer opened = api.call("POST", "/api/sessions/" + id + "/open", Map.of("player", "mpv"));
      assertThat(opened.status()).as("%s", opened.json()).isEqualTo(202);
      JsonNode body = opened.json();
      assertThat(body.path("player").asText()).isEqualTo("mpv");
      assertThat(body.path("pid").asLong()).isPositive();
      Poll.until(WAIT, "the fake mpv ran", () -> Files.exists(args));
      assertThat(Files.readAllLines(args)).containsExactly("--force-window=immediate", url);

      // vlc is not in the player directory: 409 saying which
      ApiClient.Answer missing = api.call("POST", "/api/sessions/" + id + "/open", Map.of("player", "vlc"));
      assertThat(missing.status()).isEqualTo(409);
      assertThat(missing.errorCode()).isEqualTo("player_missing");
      assertThat(missing.json().path("error").path("message").asText()).containsIgnoringCase("vlc");

      assertThat(api.call("POST", "/api/sessions/" + id + "/open", Map.of("player", "sh")).status()).isEqualTo(400);
      assertThat(api.call("POST", "/api/sessions/" + id + "/open", Map.of()).status()).isEqualTo(400);
      assertThat(api.call("POST", "/api/sessions/abc123/open", Map.of("player", "mpv")).status()).isEqualTo(404);
    }
  }
}
