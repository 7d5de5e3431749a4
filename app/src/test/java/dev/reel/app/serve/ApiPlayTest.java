package dev.reel.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reel.app.catalog.FixtureServer;
import dev.reel.engine.TorrentState;
import dev.reel.engine.metainfo.Metainfo;
import dev.reel.engine.testkit.Poll;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/play} on a loopback swarm (a second Reel engine seeds), the stream's bytes, and stopping. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ApiPlayTest {
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

  private static Map<String, Object> item() {
    return Map.of("provider", "reel.mine", "type", "movie", "id", "reel-mine:film", "title", "Film");
  }

  @Test
  void playServesTheFilesExactBytesAndStoppingFreesThePeers() throws Exception {
    try (Seeder seeder = new Seeder(tmp.resolve("seeder"), 0);
        ReelServer reel = ReelServer.start(Fixtures.config(tmp.resolve("reel"), fixtures), "test")) {
      Metainfo meta = seeder.seed("film.mp4", 1_500_000, 7);
      ApiClient api = new ApiClient(reel.uri());
      ApiClient.Answer played = api.call("POST", "/api/play", Map.of("magnet", seeder.magnet(meta), "item", item()));
      assertThat(played.status()).as("%s", played.json()).isEqualTo(201);
      JsonNode session = played.json();
      assertThat(session.path("infoHash").asText()).isEqualTo(meta.infoHash().hex());
      assertThat(session.path("fileIndex").asInt()).isZero();
      assertThat(session.path("name").asText()).isEqualTo("film.mp4");
      String url = session.path("streamUrl").asText();
      assertThat(url).startsWith(reel.uri().toString() + "stream/" + meta.infoHash().hex() + "/0/");

      HttpResponse<byte[]> whole = api.bytes(url, null);
      assertThat(whole.statusCode()).isEqualTo(200);
      assertThat(Arrays.equals(whole.body(), seeder.bytes("film.mp4"))).as("the stream is the file").isTrue();
      HttpResponse<byte[]> part = api.bytes(url, "bytes=1000000-1000099");
      assertThat(part.statusCode()).isEqualTo(206);
      assertThat(part.body()).isEqualTo(Arrays.copyOfRange(seeder.bytes("film.mp4"), 1_000_000, 1_000_100));

      String id = session.path("id").asText();
      JsonNode status = api.get("/api/sessions/" + id);
      assertThat(status.path("progress").asDouble()).isEqualTo(1.0);
      assertThat(status.path("buffered")).hasSize(1);
      assertThat(status.path("buffered").get(0).path("start").asLong()).isZero();
      assertThat(status.path("buffered").get(0).path("end").asLong()).isEqualTo(1_500_000);
      assertThat(status.path("keepable").asBoolean()).isTrue();
      assertThat(api.get("/api/library/history").path("items").get(0).path("title").asText()).isEqualTo("Film");
      assertThat(api.get("/api/sessions").path("sessions")).hasSize(1);

      // playing the same thing again joins the session
      assertThat(api.call("POST", "/api/play", Map.of("magnet", seeder.magnet(meta))).json().path("id").asText())
          .isEqualTo(id);

      assertThat(api.call("DELETE", "/api/sessions/" + id, null).status()).isEqualTo(204);
      assertThat(api.call("GET", "/api/sessions/" + id, null).status()).isEqualTo(404);
      assertThat(reel.engine().get(meta.infoHash()).map(t -> t.status().state()).orElse(TorrentState.REMOVED))
          .isEqualTo(TorrentState.REMOVED);
      Poll.until(WAIT, "the seeder sees the peer go", () -> seeder.peersOf(meta) == 0);
      assertThat(api.bytes(url, null).statusCode()).isEqualTo(404);
      // a complete film stays in the cache (within its limit), marked finished
      JsonNode cache = api.get("/api/cache");
      assertThat(cache.path("entries")).hasSize(1);
      assertThat(cache.path("entries").get(0).path("finished").asBoolean()).isTrue();
      assertThat(cache.path("entries").get(0).path("playing").asBoolean()).isFalse();
      assertThat(api.call("DELETE", "/api/sessions/" + id, null).status()).isEqualTo(404);
    }
  }

  @Test
  void stoppingAnUnfinishedSessionDeletesItsFiles() throws Exception {
    try (Seeder seeder = new Seeder(tmp.resolve("seeder"), 64 * 1024);
        ReelServer reel = ReelServer.start(Fixtures.config(tmp.resolve("reel"), fixtures), "test")) {
      Metainfo meta = seeder.seed("slow.mkv", 4_000_000, 11);
      ApiClient api = new ApiClient(reel.uri());
      byte[] torrent = meta.toTorrentBytes();
      assertThat(api.send("POST", "/api/torrents", torrent, "application/x-bittorrent", true).status())
          .isEqualTo(201);
      JsonNode session = api.call("POST", "/api/play", Map.of("magnet", seeder.magnet(meta))).json();
      String url = session.path("streamUrl").asText();
      HttpResponse<byte[]> head = api.bytes(url, "bytes=0-16383");
      assertThat(head.statusCode()).isEqualTo(206);
      assertThat(head.body()).isEqualTo(Arrays.copyOfRange(seeder.bytes("slow.mkv"), 0, 16384));
      JsonNode status = api.get("/api/sessions/" + session.path("id").asText());
      assertThat(status.path("buffered").get(0).path("start").asLong()).isZero();
      assertThat(status.path("progress").asDouble()).isLessThan(1.0);
      Path dir = tmp.resolve("reel/cache/torrents").resolve(meta.infoHash().hex());
      assertThat(dir).exists();
      Poll.until(WAIT, "the seeder has the peer", () -> seeder.peersOf(meta) == 1);

      assertThat(api.call("DELETE", "/api/sessions/" + session.path("id").asText(), null).status()).isEqualTo(204);
      assertThat(Files.exists(dir)).as("unfinished data deleted").isFalse();
      assertThat(api.get("/api/cache").path("entries")).isEmpty();
      Poll.until(WAIT, "the seeder sees the peer go", () -> seeder.peersOf(meta) == 0);
    }
  }

  @Test
  void theCacheLimitEvictsTheOldestFinishedFilmNeverThePlayingOne() throws Exception {
    long limit = 2_500_000; // smaller than the film that plays: it is never evicted even so
    ServeConfig config = Fixtures.config(tmp.resolve("reel"), fixtures)
        .withCache(limit, Duration.ofMinutes(10), Duration.ofMillis(200));
    try (Seeder seeder = new Seeder(tmp.resolve("seeder"), 0);
        ReelServer reel = ReelServer.start(config, "test")) {
      Metainfo old = seeder.seed("old.mp4", 1_000_000, 1);
      Metainfo now = seeder.seed("now.mp4", 3_000_000, 2);
      ApiClient api = new ApiClient(reel.uri());
      Path torrents = tmp.resolve("reel/cache/torrents");

      JsonNode first = api.call("POST", "/api/play", Map.of("magnet", seeder.magnet(old))).json();
      assertThat(api.bytes(first.path("streamUrl").asText(), null).body()).isEqualTo(seeder.bytes("old.mp4"));
      api.call("DELETE", "/api/sessions/" + first.path("id").asText(), null);
      assertThat(torrents.resolve(old.infoHash().hex())).exists(); // finished, kept while the cache has room

      JsonNode second = api.call("POST", "/api/play", Map.of("magnet", seeder.magnet(now))).json();
      byte[] streamed = api.bytes(second.path("streamUrl").asText(), null).body();
      assertThat(streamed).isEqualTo(seeder.bytes("now.mp4"));
      Poll.until(WAIT, "the finished film is evicted", () -> !Files.exists(torrents.resolve(old.infoHash().hex())));
      JsonNode cache = api.get("/api/cache");
      assertThat(cache.path("entries")).hasSize(1);
      assertThat(cache.path("entries").get(0).path("infoHash").asText()).isEqualTo(now.infoHash().hex());
      assertThat(cache.path("entries").get(0).path("playing").asBoolean()).isTrue();
      assertThat(torrents.resolve(now.infoHash().hex())).exists();
      // still playable from the start after the eviction
      assertThat(api.bytes(second.path("streamUrl").asText(), "bytes=0-99").body())
          .isEqualTo(Arrays.copyOfRange(seeder.bytes("now.mp4"), 0, 100));
    }
  }

  @Test
  void keepMovesAFinishedFilmToTheDownloadFolder() throws Exception {
    try (Seeder seeder = new Seeder(tmp.resolve("seeder"), 0);
        ReelServer reel = ReelServer.start(Fixtures.config(tmp.resolve("reel"), fixtures), "test")) {
      Metainfo meta = seeder.seed("keeper.webm", 600_000, 5);
      ApiClient api = new ApiClient(reel.uri());
      Path downloads = tmp.resolve("downloads");
      api.call("PUT", "/api/settings", Map.of("downloadFolder", downloads.toString()));
      JsonNode session = api.call("POST", "/api/play", Map.of("magnet", seeder.magnet(meta))).json();
      assertThat(api.bytes(session.path("streamUrl").asText(), null).body()).isEqualTo(seeder.bytes("keeper.webm"));
      ApiClient.Answer kept = api.call("POST", "/api/sessions/" + session.path("id").asText() + "/keep", null);
      assertThat(kept.status()).as("%s", kept.json()).isEqualTo(200);
      assertThat(Files.readAllBytes(downloads.resolve("keeper.webm"))).isEqualTo(seeder.bytes("keeper.webm"));
      assertThat(tmp.resolve("reel/cache/torrents").resolve(meta.infoHash().hex())).doesNotExist();
      JsonNode entry = api.get("/api/cache").path("entries").get(0);
      assertThat(entry.path("kept").asBoolean()).isTrue();
      assertThat(api.get("/api/cache").path("usedBytes").asLong()).isZero();
    }
  }

  @Test
  void playsAStreamFromTheStreamsListPickingItsFile() throws Exception {
    try (Seeder seeder = new Seeder(tmp.resolve("seeder"), 0);
        ReelServer reel = ReelServer.start(Fixtures.config(tmp.resolve("reel"), fixtures), "test")) {
      Map<String, Long> files = new java.util.LinkedHashMap<>();
      files.put("a-notes.txt", 20_000L);
      files.put("movie.mp4", 700_000L);
      files.put("movie.en.srt", 3_000L);
      Metainfo meta = seeder.seedFolder("pack", files);
      ApiClient api = new ApiClient(reel.uri());
      assertThat(api.send("POST", "/api/torrents", meta.toTorrentBytes(), "application/x-bittorrent", true)
          .status()).isEqualTo(201);
      JsonNode streams = api.get("/api/streams/movie/reel-mine:" + meta.infoHash().hex() + "?scrape=false");
      JsonNode stream = streams.path("streams").get(0).path("stream");
      int movie = meta.files().stream().filter(f -> f.path().get(f.path().size() - 1).equals("movie.mp4"))
          .findFirst().orElseThrow().index();
      assertThat(stream.path("fileIdx").asInt()).isEqualTo(movie);

      ApiClient.Answer played = api.call("POST", "/api/play", Map.of("stream", stream, "provider", "reel.mine"));
      assertThat(played.status()).as("%s", played.json()).isEqualTo(201);
      assertThat(played.json().path("fileIndex").asInt()).isEqualTo(movie);
      assertThat(played.json().path("name").asText()).isEqualTo("movie.mp4");
      assertThat(played.json().path("files")).hasSize(3);
      reel.engine().get(meta.infoHash()).orElseThrow().addPeer(seeder.address()); // the stream names no tracker
      byte[] got = api.bytes(played.json().path("streamUrl").asText(), null).body();
      assertThat(got).isEqualTo(Files.readAllBytes(tmp.resolve("seeder/data/pack/movie.mp4")));
      // only the chosen file is fetched
      JsonNode status = api.get("/api/sessions/" + played.json().path("id").asText());
      assertThat(status.path("files").get(0).path("progress").asDouble()).isLessThan(1.0);
    }
  }

  @Test
  void anIdleSessionEnds() throws Exception {
    ServeConfig config = Fixtures.config(tmp.resolve("reel"), fixtures)
        .withCache(null, Duration.ofMillis(500), Duration.ofMillis(100));
    try (Seeder seeder = new Seeder(tmp.resolve("seeder"), 0);
        ReelServer reel = ReelServer.start(config, "test")) {
      Metainfo meta = seeder.seed("idle.mp4", 200_000, 3);
      ApiClient api = new ApiClient(reel.uri());
      String id = api.call("POST", "/api/play", Map.of("magnet", seeder.magnet(meta))).json().path("id").asText();
      Poll.until(WAIT, "the idle session ends", () -> api.get("/api/sessions").path("sessions").isEmpty());
      assertThat(api.call("GET", "/api/sessions/" + id, null).status()).isEqualTo(404);
      Poll.until(WAIT, "the seeder sees the peer go", () -> seeder.peersOf(meta) == 0);
    }
  }

  @Test
  void clearOnExitEmptiesTheCache() throws Exception {
    Path torrents = tmp.resolve("reel/cache/torrents");
    try (Seeder seeder = new Seeder(tmp.resolve("seeder"), 0)) {
      Metainfo meta = seeder.seed("bye.mp4", 300_000, 4);
      try (ReelServer reel = ReelServer.start(Fixtures.config(tmp.resolve("reel"), fixtures), "test")) {
        ApiClient api = new ApiClient(reel.uri());
        api.call("PUT", "/api/settings", Map.of("clearOnExit", true));
        JsonNode s = api.call("POST", "/api/play", Map.of("magnet", seeder.magnet(meta))).json();
        assertThat(api.bytes(s.path("streamUrl").asText(), null).body()).isEqualTo(seeder.bytes("bye.mp4"));
        assertThat(torrents.resolve(meta.infoHash().hex())).exists();
      }
      assertThat(torrents.resolve(meta.infoHash().hex())).doesNotExist();
      try (ReelServer again = ReelServer.start(Fixtures.config(tmp.resolve("reel"), fixtures), "test")) {
        assertThat(new ApiClient(again.uri()).get("/api/cache").path("entries")).isEmpty();
      }
    }
  }

  @Test
  void aMagnetWithoutMetadataYetAnswers202AndTheSessionWaits() throws Exception {
    ServeConfig config = Fixtures.config(tmp.resolve("reel"), fixtures).withMetadataWait(Duration.ofMillis(300));
    try (ReelServer reel = ReelServer.start(config, "test")) {
      ApiClient api = new ApiClient(reel.uri());
      ApiClient.Answer played = api.call("POST", "/api/play",
          Map.of("magnet", "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567&dn=Nobody"));
      assertThat(played.status()).isEqualTo(202);
      assertThat(played.json().path("streamUrl").isNull()).isTrue();
      assertThat(played.json().path("fileIndex").asInt()).isEqualTo(-1);
      assertThat(played.json().path("state").asText()).isEqualTo("metadata");
      String id = played.json().path("id").asText();
      assertThat(api.get("/api/sessions/" + id).path("state").asText()).isEqualTo("metadata");
      assertThat(api.call("DELETE", "/api/sessions/" + id, null).status()).isEqualTo(204);
      assertThat(api.get("/api/sessions").path("sessions")).isEmpty();

      ApiClient.Answer bad = api.call("POST", "/api/play", Map.of("stream", Map.of("url", "https://x.example/a.mp4")));
      assertThat(bad.status()).isEqualTo(400);
      assertThat(api.call("POST", "/api/play", Map.of()).errorCode()).isEqualTo("bad_request");
      assertThat(api.call("POST", "/api/play", Map.of("infoHash", "xyz")).status()).isEqualTo(400);
    }
  }
}
